"""Published results: immutable snapshots of the protected tables, their charts, and chosen quotes.

Nothing here points at a response or an answer. A snapshot holds only what the privacy gate let
through; a quote is a copy of a (redacted, moderated) text, not a link to the answer it came from.
"""

import datetime as dt

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db
from participation.surveys.models import Survey


class ResultSnapshot(db.Model):
    """One published version of a survey's results. Its numbers never change: republishing adds a version.

    The one change a version may see is being withdrawn, when a later version counts responses it
    does not: the two side by side would tell what the added forms say (PRIVACY.md §6.5).
    """

    __tablename__ = "result_snapshots"
    __table_args__ = (
        UniqueConstraint("survey_id", "version", name="one_number_per_version"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    #: The day of publication (town time); results carry no finer time.
    published_on: Mapped[dt.date] = mapped_column(Date)
    #: Why this version replaced the previous one (empty for the first).
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The thresholds the gate used (Policy.to_dict()).
    policy: Mapped[dict] = mapped_column(JSON)
    #: The protected tables, labels and quotes: see results/snapshots.py for the format.
    data: Mapped[dict] = mapped_column(JSON)
    #: No longer shown (the pages and the API answer 410 and name the version that replaces it).
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Why: "responses_added" (a later version counts late paper forms). A code, worded by the pages.
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: How many responses were stored when this version was published; None for versions published
    #: before it was kept. Private: staff see it as "added since", it is never in pages or the API.
    response_count: Mapped[int | None] = mapped_column(Integer)

    survey: Mapped[Survey] = relationship()

    def __repr__(self) -> str:
        return f"<ResultSnapshot {self.survey_id} v{self.version}>"


class ResultChart(db.Model):
    """A chart of a snapshot, rendered once (SVG) and kept, since the snapshot never changes."""

    __tablename__ = "result_charts"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("result_snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    svg: Mapped[str] = mapped_column(Text)


class Quote(db.Model):
    """A free-text answer a moderator chose to publish: a redacted copy, no date, no link back.

    `locality_id` is set only when the quote is shown for a locality that has at least
    MIN_FREE_TEXT_GROUP answers to the question; otherwise the quote stands for the whole town.
    """

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    text: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<Quote {self.id} of {self.question_id}>"
