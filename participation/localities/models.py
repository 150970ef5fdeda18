"""Reference data: the localities (Ortschaften) of the town and the life areas (Lebensbereiche)."""

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.translatable import Translatable
from participation.extensions import db


class Locality(db.Model):
    __tablename__ = "localities"
    __table_args__ = (CheckConstraint("population IS NULL OR population >= 0", name="population_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Inhabitants, for context on pages only; never used to compute anything about a person.
    population: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<Locality {self.slug}>"


class LifeArea(Translatable, db.Model):
    __tablename__ = "life_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<LifeArea {self.slug}>"
