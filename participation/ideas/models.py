"""Idea boards, ideas, comments, supports and reports.

Nothing here refers to a person: no account, no address, no user agent, no time of day. Dates are
days. Supports and reports carry only a keyed hash that differs per item, so the table cannot tell
that two supports came from the same browser (PRIVACY.md §1, §2).
"""

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.translatable import Translatable
from participation.extensions import db
from participation.localities.models import LifeArea, Locality
from participation.pages.models import ProcessStep

MODERATION_MODES = ("pre", "post")
#: pending: waits for a moderator (pre-moderation); approved: public; rejected: never public.
MODERATION_STATES = ("pending", "approved", "rejected")
#: The official status the administration gives an idea.
IDEA_STATUSES = ("received", "review", "accepted", "merged", "declined")
REJECTION_REASONS = ("personal_data", "offensive", "off_topic", "advertising", "duplicate", "other")
REPORT_REASONS = ("personal_data", "offensive", "advertising", "off_topic", "other")

TITLE_MAX = 120
BODY_MAX = 2000
COMMENT_MAX = 600
NAME_MAX = 60
MESSAGE_MAX = 500
ANSWER_MAX = 4000


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class IdeaBoard(Translatable, db.Model):
    """A board for one locality, or for the whole town (no locality), tied to a process step."""

    __tablename__ = "idea_boards"
    __table_args__ = (CheckConstraint(f"moderation IN ({_in(MODERATION_MODES)})", name="moderation_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: None: the board for the whole town and all localities.
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="RESTRICT"), index=True)
    process_step_id: Mapped[int | None] = mapped_column(ForeignKey("process_steps.id", ondelete="SET NULL"))
    #: pre: ideas and comments are public only after approval; post: at once, reviewed afterwards.
    moderation: Mapped[str] = mapped_column(String(4), default="pre")
    #: Closed boards still show their ideas but take no new ideas, comments or supports.
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    locality: Mapped[Locality | None] = relationship(lazy="joined")
    process_step: Mapped[ProcessStep | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<IdeaBoard {self.slug}>"


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(f"moderation IN ({_in(MODERATION_STATES)})", name="moderation_known"),
        CheckConstraint(f"status IN ({_in(IDEA_STATUSES)})", name="status_known"),
        CheckConstraint(f"rejection_reason IS NULL OR rejection_reason IN ({_in(REJECTION_REASONS)})", name="reason_known"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("idea_boards.id", ondelete="CASCADE"), index=True)
    #: The locality the idea is about; None: the whole town.
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="RESTRICT"), index=True)
    life_area_id: Mapped[int] = mapped_column(ForeignKey("life_areas.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    #: Optional and free: whatever the author wants shown, never checked against anything.
    display_name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    #: The day only, never a time (PRIVACY.md).
    created_on: Mapped[dt.date] = mapped_column(Date)
    #: Keyed hash (HMAC with the app secret) of the private follow link; also makes posting idempotent.
    follow_hash: Mapped[str] = mapped_column(String(64), unique=True)

    moderation: Mapped[str] = mapped_column(String(8), default="pending")
    #: False until a moderator looked at it (ideas published at once under post-moderation).
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Hidden until a moderator decides. Reports no longer set it (they only queue the idea); ideas
    #: hidden by reports under the earlier rule stay hidden until a moderator keeps or rejects them.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    rejection_reason: Mapped[str | None] = mapped_column(String(16))
    #: The moderator's short message, shown to the author on the follow link only.
    moderator_message: Mapped[str] = mapped_column(Text, default="")
    #: Shown publicly under an idea a moderator edited, saying what was changed and why.
    edit_note: Mapped[str] = mapped_column(Text, default="")

    status: Mapped[str] = mapped_column(String(10), default="received")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"), index=True)
    #: The administration's official answer; required when an idea is not pursued.
    official_answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[dt.date | None] = mapped_column(Date)

    # Small many-to-one rows every page shows: loaded with the idea, so templates never query.
    board: Mapped[IdeaBoard] = relationship(lazy="joined", innerjoin=True)
    locality: Mapped[Locality | None] = relationship(lazy="joined")
    life_area: Mapped[LifeArea] = relationship(lazy="joined", innerjoin=True)
    merged_into: Mapped["Idea | None"] = relationship(remote_side=[id], lazy="raise")

    @property
    def is_public(self) -> bool:
        return self.moderation == "approved" and not self.hidden

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.moderation}/{self.status}>"


class IdeaComment(db.Model):
    __tablename__ = "idea_comments"
    __table_args__ = (
        CheckConstraint(f"moderation IN ({_in(MODERATION_STATES)})", name="moderation_known"),
        CheckConstraint(f"rejection_reason IS NULL OR rejection_reason IN ({_in(REJECTION_REASONS)})", name="reason_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    display_name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    created_on: Mapped[dt.date] = mapped_column(Date)
    moderation: Mapped[str] = mapped_column(String(8), default="pending")
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    rejection_reason: Mapped[str | None] = mapped_column(String(16))

    idea: Mapped[Idea] = relationship(lazy="raise")

    @property
    def is_public(self) -> bool:
        return self.moderation == "approved" and not self.hidden

    def __repr__(self) -> str:
        return f"<IdeaComment {self.id} {self.moderation}>"


class IdeaSupport(db.Model):
    """One support of one browser session for one idea: the primary key makes it count once."""

    __tablename__ = "idea_supports"
    __table_args__ = ({"sqlite_with_rowid": False},)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    #: HMAC(app secret, idea id + the session's random support key): differs for every idea.
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)


class IdeaReport(db.Model):
    """A report of an idea or a comment; one per browser session and item (keyed hash as for supports)."""

    __tablename__ = "idea_reports"
    __table_args__ = (
        CheckConstraint(f"reason IN ({_in(REPORT_REASONS)})", name="reason_known"),
        CheckConstraint("(idea_id IS NULL) <> (comment_id IS NULL)", name="one_target"),
        UniqueConstraint("key_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("idea_comments.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    #: HMAC(app secret, target + the session's random key): one report per browser and item.
    key_hash: Mapped[str] = mapped_column(String(64))
    #: Set when a moderator decided about the item; resolved reports no longer count.
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
