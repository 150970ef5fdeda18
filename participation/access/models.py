"""Single-use access codes (PRIVACY.md §2.1): a keyed hash per unused code, and counts.

A used code is deleted with the response's transaction, so nothing is kept of it: no used flag,
no time, no row whose transaction stamp (PostgreSQL's `xmin`) could join it to the response
stored with it. How many codes were made and used is counted per survey. WITHOUT ROWID on
SQLite, so the storage order does not follow the order in which codes were made.
"""

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.extensions import db


class AccessCode(db.Model):
    """A code that can still be used."""

    __tablename__ = "access_codes"
    __table_args__ = ({"sqlite_with_rowid": False},)

    #: HMAC-SHA256 of the normalised code with the app secret.
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: Codes printed for one locality; its responses count for that locality.
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))

    def __repr__(self) -> str:
        return f"<AccessCode of survey {self.survey_id}>"


class AccessCodeCount(db.Model):
    """Codes made and used for one survey (the staff page shows them)."""

    __tablename__ = "access_code_counts"
    __table_args__ = (CheckConstraint("used >= 0 AND used <= made", name="used_within_made"),)

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    made: Mapped[int] = mapped_column(Integer, default=0)
    used: Mapped[int] = mapped_column(Integer, default=0)
