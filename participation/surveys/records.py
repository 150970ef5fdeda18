"""What residents leave behind: anonymous responses, their answers, and nothing that identifies them.

PRIVACY.md §1: no timestamp, address, user agent or code is stored with a response. Response and
answer tables are created WITHOUT ROWID on SQLite, so not even the storage order follows time.
"""

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db

CHANNELS = ("web", "paper", "kiosk", "group")


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint("channel IN ('web', 'paper', 'kiosk', 'group')", name="channel_known"),
        {"sqlite_with_rowid": False},
    )

    #: Random, so neither the id nor the storage order reveals when a response came in.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    channel: Mapped[str] = mapped_column(String(8), default="web")

    answers: Mapped[list["Answer"]] = relationship(back_populates="response", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Response {self.id}>"


class Answer(db.Model):
    """One row per answer value: per chosen option, per matrix item, per ranked place."""

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint(
            "abstained OR option_id IS NOT NULL OR locality_id IS NOT NULL"
            " OR number_value IS NOT NULL OR text_value IS NOT NULL",
            name="has_value",
        ),
        # Counting a demographic breakdown looks up each response's answer to that one question:
        # (response, question) finds it directly; the response alone scanned all its answers.
        Index("ix_answers_response_question", "response_id", "question_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    response_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    #: The chosen option; for a matrix the item, for a ranking the ranked option.
    option_id: Mapped[int | None] = mapped_column(ForeignKey("options.id", ondelete="CASCADE"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    #: Scale or matrix value, number answer, or the place (1 = first) of a ranked option.
    number_value: Mapped[float | None] = mapped_column(Float)
    text_value: Mapped[str | None] = mapped_column(Text)
    #: "keine Angabe" chosen explicitly, as opposed to the question being skipped.
    abstained: Mapped[bool] = mapped_column(Boolean, default=False)

    response: Mapped[Response] = relationship(back_populates="answers")

    def __repr__(self) -> str:
        return f"<Answer {self.question_id}>"


class SubmissionKey(db.Model):
    """Idempotency keys of submitted forms (keyed hashes), so a retried submission is stored once.

    Deliberately without any link to the response it produced.
    """

    __tablename__ = "submission_keys"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)


class ParticipationCount(db.Model):
    """How many responses came in per survey, locality and day: the only time information kept."""

    __tablename__ = "participation_counts"
    __table_args__ = (
        CheckConstraint("count >= 0", name="count_not_negative"),
        Index(
            "uq_participation_counts_survey_day_locality",
            "survey_id",
            "day",
            # NULL (locality unknown) must collide with NULL, so index the coalesced value.
            text("coalesce(locality_id, 0)"),
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer, default=0)
