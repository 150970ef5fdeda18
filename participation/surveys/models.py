"""The structure of a questionnaire: surveys, their pages, questions and options."""

import datetime as dt
import uuid

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.translatable import Translatable
from participation.extensions import db
from participation.localities.models import LifeArea, Locality
from participation.surveys.answering import DEFAULT_MAX_LENGTH

SURVEY_STATES = ("draft", "open", "closed", "published", "archived")
ACCESS_MODES = ("open", "codes")
#: "public": the town's surveys, listed for everyone; "group": a group poll (groups/), answered
#: through its join code and listed nowhere.
AUDIENCES = ("public", "group")
QUESTION_KINDS = (
    "single",
    "multiple",
    "scale",
    "matrix",
    "ranking",
    "number",
    "short_text",
    "long_text",
    "locality",
    "demographic",
)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


question_life_areas = Table(
    "question_life_areas",
    db.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("life_area_id", ForeignKey("life_areas.id", ondelete="CASCADE"), primary_key=True),
)

option_life_areas = Table(
    "option_life_areas",
    db.metadata,
    Column("option_id", ForeignKey("options.id", ondelete="CASCADE"), primary_key=True),
    Column("life_area_id", ForeignKey("life_areas.id", ondelete="CASCADE"), primary_key=True),
)

#: A question with show-if options is shown only when one of these options was chosen earlier.
show_if_options = Table(
    "show_if_options",
    db.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("option_id", ForeignKey("options.id", ondelete="CASCADE"), primary_key=True),
)


class Survey(Translatable, db.Model):
    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(SURVEY_STATES)})", name="status_known"),
        CheckConstraint(f"access_mode IN ({_in(ACCESS_MODES)})", name="access_mode_known"),
        CheckConstraint(f"audience IN ({_in(AUDIENCES)})", name="audience_known"),
        CheckConstraint("closes_on IS NULL OR opens_on IS NULL OR opens_on <= closes_on", name="schedule_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    #: First and last day on which answers are taken (inclusive, town time); None means no limit.
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    access_mode: Mapped[str] = mapped_column(String(8), default="open")
    #: None: the whole town; otherwise the survey is meant for the residents of this locality.
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    demographics_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    audience: Mapped[str] = mapped_column(String(8), default="public", server_default="public")
    #: Changes with every change of pages, questions or options, so cached plans are rebuilt.
    structure_version: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex)

    locality: Mapped[Locality | None] = relationship()
    pages: Mapped[list["SurveyPage"]] = relationship(
        back_populates="survey", order_by="SurveyPage.position", cascade="all, delete-orphan"
    )

    def accepts_answers(self, today: dt.date) -> bool:
        if self.status != "open":
            return False
        if self.opens_on and today < self.opens_on:
            return False
        return not (self.closes_on and today > self.closes_on)

    def __repr__(self) -> str:
        return f"<Survey {self.slug} {self.status}>"


class SurveyPage(Translatable, db.Model):
    __tablename__ = "survey_pages"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")

    survey: Mapped[Survey] = relationship(back_populates="pages")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="page", order_by="Question.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<SurveyPage {self.survey_id}/{self.position}>"


class Question(Translatable, db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(QUESTION_KINDS)})", name="kind_known"),
        CheckConstraint("min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="range_ordered"),
        CheckConstraint("max_choices IS NULL OR max_choices >= 1", name="max_choices_positive"),
        CheckConstraint("max_length IS NULL OR max_length >= 1", name="max_length_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("survey_pages.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    prompt: Mapped[str] = mapped_column(Text)
    help_text: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Scale and matrix: the ends of the scale; number: the accepted range.
    min_value: Mapped[int | None] = mapped_column(Integer)
    max_value: Mapped[int | None] = mapped_column(Integer)
    #: Scale and matrix: words for the two ends (e.g. "gar nicht zufrieden" / "sehr zufrieden").
    label_min: Mapped[str] = mapped_column(String(120), default="")
    label_max: Mapped[str] = mapped_column(String(120), default="")
    #: Multiple choice: most options one may tick; ranking: how many places (top-N); None: no limit.
    max_choices: Mapped[int | None] = mapped_column(Integer)
    #: Offer "keine Angabe" (scale, matrix, demographic) as an answer of its own.
    allow_no_answer: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Text answers: most characters accepted.
    max_length: Mapped[int | None] = mapped_column(Integer)
    #: Unit shown after a number field (e.g. "Personen").
    unit: Mapped[str] = mapped_column(String(40), default="")
    show_if_question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))

    page: Mapped[SurveyPage] = relationship(back_populates="questions")
    options: Mapped[list["Option"]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )
    life_areas: Mapped[list[LifeArea]] = relationship(secondary=question_life_areas)
    show_if_question: Mapped["Question | None"] = relationship(remote_side=[id])
    show_if_options: Mapped[list["Option"]] = relationship(secondary=show_if_options)

    @property
    def text_limit(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.kind, 200)

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind}>"


class Option(Translatable, db.Model):
    """A choice of a single, multiple, ranking or demographic question, or an item (row) of a matrix."""

    __tablename__ = "options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))

    question: Mapped[Question] = relationship(back_populates="options", foreign_keys=[question_id])
    life_areas: Mapped[list[LifeArea]] = relationship(secondary=option_life_areas)

    def __repr__(self) -> str:
        return f"<Option {self.id} of {self.question_id}>"
