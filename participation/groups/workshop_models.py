"""The live workshop (Zukunftswerkstatt after Jungk): its rounds, cards, topics and dots.

Nothing here refers to a person. A card holds its text and where it came from (a phone or the
room), not who wrote it or when. A dot holds a keyed hash that differs per round, so neither the
table nor the export can tell that two rounds' dots came from one phone; dots given for people
without a phone are a plain count on the card. The tables with a participant hash have no rowid
on SQLite and no sequential key, so nothing orders the dots in time (PRIVACY.md §1).
"""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db
from participation.groups.models import Group
from participation.localities.models import LifeArea

#: Jungk's three working phases, in their order (preparation and follow-up happen outside).
PHASES = ("critique", "fantasy", "realisation")
CARD_SOURCES = ("phone", "room")
TITLE_MAX = 120
CARD_MAX = 280
CARD_MIN = 2
NOTE_MAX = 1000
#: Bounds of the dot limits a facilitator can set: a handful is the method, 50 is far beyond it.
MAX_DOTS = 50


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint(f"dots_per_participant BETWEEN 1 AND {MAX_DOTS}", name="dots_range"),
        CheckConstraint(f"max_dots_per_card IS NULL OR max_dots_per_card BETWEEN 1 AND {MAX_DOTS}", name="max_per_card_range"),
        CheckConstraint(f"phase IN ({_in(PHASES)})", name="phase_known"),
        CheckConstraint("round >= 1", name="round_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    #: Eight digits, unique among polls and workshops (join_codes.py).
    join_code: Mapped[str] = mapped_column(String(8), unique=True)
    dots_per_participant: Mapped[int] = mapped_column(Integer, default=5)
    #: How many of their dots one participant may put on one card; None: no limit.
    max_dots_per_card: Mapped[int | None] = mapped_column(Integer)
    #: The round everyone works in now: the stage (phase, round) of this workshop.
    phase: Mapped[str] = mapped_column(String(12), default="critique")
    round: Mapped[int] = mapped_column(Integer, default=1)
    #: Phones may post cards into the current round.
    collecting: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Phones may give and take back dots on the current round's cards.
    voting: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Ended: the join code no longer lets anyone in; the facilitator can open it again.
    ended: Mapped[bool] = mapped_column(Boolean, default=False)

    group: Mapped[Group] = relationship()

    def __repr__(self) -> str:
        return f"<Workshop {self.id} of {self.group_id}>"


class WorkshopStage(db.Model):
    """One round of one phase: phases repeat (collect, cluster, vote, and again)."""

    __tablename__ = "workshop_stages"
    __table_args__ = (
        CheckConstraint(f"phase IN ({_in(PHASES)})", name="phase_known"),
        CheckConstraint("number >= 1", name="number_positive"),
        UniqueConstraint("workshop_id", "phase", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(12))
    #: The round of this phase: 1, 2, ...
    number: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<WorkshopStage {self.phase} {self.number}>"


class WorkshopCluster(db.Model):
    """A topic the facilitator groups cards into; in the realisation phase, a measure."""

    __tablename__ = "workshop_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("workshop_stages.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    #: Realisation: what was checked against the constraints (money, who is responsible, law).
    note: Mapped[str] = mapped_column(Text, default="")
    #: Realisation: who does it, and by when (free words: "bis zu den Sommerferien").
    who: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    due: Mapped[str] = mapped_column(String(60), default="")

    life_areas: Mapped[list[LifeArea]] = relationship(
        secondary="workshop_cluster_life_areas", order_by="LifeArea.position", lazy="selectin", viewonly=True
    )

    def __repr__(self) -> str:
        return f"<WorkshopCluster {self.id}>"


class WorkshopClusterLifeArea(db.Model):
    __tablename__ = "workshop_cluster_life_areas"

    cluster_id: Mapped[int] = mapped_column(ForeignKey("workshop_clusters.id", ondelete="CASCADE"), primary_key=True)
    life_area_id: Mapped[int] = mapped_column(ForeignKey("life_areas.id", ondelete="CASCADE"), primary_key=True)


class WorkshopCard(db.Model):
    __tablename__ = "workshop_cards"
    __table_args__ = (
        CheckConstraint(f"source IN ({_in(CARD_SOURCES)})", name="source_known"),
        CheckConstraint("room_dots >= 0", name="room_dots_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("workshop_stages.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(CARD_MAX))
    #: phone: posted by a participant; room: typed in by the facilitator (paper, read out).
    source: Mapped[str] = mapped_column(String(8))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_clusters.id", ondelete="SET NULL"), index=True)
    #: Dots counted in the room for people without a phone (no participant behind them).
    room_dots: Mapped[int] = mapped_column(Integer, default=0)
    #: Keyed hash of the form's submission key: the same form sent twice stores one card.
    submission_hash: Mapped[str] = mapped_column(String(64), unique=True)

    def __repr__(self) -> str:
        return f"<WorkshopCard {self.id}>"


class WorkshopVoter(db.Model):
    """How many dots one phone has used in one round; the row a dot locks and counts up."""

    __tablename__ = "workshop_voters"
    __table_args__ = (CheckConstraint("dots_used >= 0", name="dots_used_not_negative"), {"sqlite_with_rowid": False})

    stage_id: Mapped[int] = mapped_column(ForeignKey("workshop_stages.id", ondelete="CASCADE"), primary_key=True)
    #: HMAC(app secret, workshop, round, the browser's random participant key).
    participant_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dots_used: Mapped[int] = mapped_column(Integer, default=0)


class WorkshopDot(db.Model):
    """Dot number `dot_number` of one phone in one round: the key lets each dot exist once."""

    __tablename__ = "workshop_dots"
    __table_args__ = (CheckConstraint("dot_number >= 1", name="dot_number_positive"), {"sqlite_with_rowid": False})

    stage_id: Mapped[int] = mapped_column(ForeignKey("workshop_stages.id", ondelete="CASCADE"), primary_key=True)
    participant_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dot_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("workshop_cards.id", ondelete="CASCADE"), index=True)


class WorkshopIdea(db.Model):
    """A card handed to an idea board: the idea says it came from the workshop, with its dots."""

    __tablename__ = "workshop_ideas"

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    #: Kept when the workshop goes: the idea stays, and so does where it came from.
    card_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_cards.id", ondelete="SET NULL"), unique=True)
    #: The card's dots when it was handed over (given again, the number is brought up to date).
    dots: Mapped[int] = mapped_column(Integer, default=0)
