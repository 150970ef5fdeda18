"""The steps of the participation process, shown on the home page with where it stands."""

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.translatable import Translatable
from participation.extensions import db

STEP_STATES = ("done", "current", "upcoming")


class ProcessStep(Translatable, db.Model):
    __tablename__ = "process_steps"
    __table_args__ = (CheckConstraint("state IN ('done', 'current', 'upcoming')", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="upcoming")

    def __repr__(self) -> str:
        return f"<ProcessStep {self.number} {self.state}>"
