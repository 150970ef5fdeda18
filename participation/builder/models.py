"""What the survey builder keeps beyond the survey itself: the create forms already carried out."""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.extensions import db


class BuilderFormKey(db.Model):
    """A create form of the builder that was carried out (keyed hash of its form key) and the id of
    what it made, so a double click, reload or retry of the same form makes one survey, copy, page,
    question or option, and answers with the one made first (form_keys.py).

    Staff actions only; deleted with the survey it belongs to.
    """

    __tablename__ = "builder_form_keys"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    object_id: Mapped[int] = mapped_column(Integer)
