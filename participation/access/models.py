"""Single-use access codes (PRIVACY.md §2.1): a keyed hash and a used flag, nothing else.

No time, no link to the response it was used for; WITHOUT ROWID on SQLite, so the storage
order does not follow the order in which codes were made or used.
"""

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.extensions import db


class AccessCode(db.Model):
    __tablename__ = "access_codes"
    __table_args__ = ({"sqlite_with_rowid": False},)

    #: HMAC-SHA256 of the normalised code with the app secret.
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: Codes printed for one locality; its responses count for that locality.
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    used: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<AccessCode of survey {self.survey_id}>"
