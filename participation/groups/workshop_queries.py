"""Reads of the live workshop: an organiser's own workshops, a round's wall of cards, topics and
dots, a phone's own dots. Templates get plain data from here and never query."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from participation.extensions import db
from participation.groups.models import Group
from participation.groups.workshop_models import (
    PHASES, Workshop, WorkshopCard, WorkshopCluster, WorkshopDot, WorkshopIdea, WorkshopStage, WorkshopVoter,
)
from participation.ideas.models import Idea, IdeaBoard
from participation.localities.models import LifeArea


def workshop_id_by_code(code: str) -> int | None:
    return db.session.scalar(select(Workshop.id).where(Workshop.join_code == code))


def get_workshop(workshop_id: int) -> Workshop | None:
    return db.session.get(Workshop, workshop_id)


def own_workshop(organiser_id: int, workshop_id: int) -> Workshop | None:
    """The workshop if it belongs to one of this organiser's groups (else as unknown as a missing one)."""
    return db.session.scalars(
        select(Workshop).join(Group).where(Workshop.id == workshop_id, Group.organiser_id == organiser_id)
    ).one_or_none()


def list_workshops(group_id: int) -> list[Workshop]:
    return list(db.session.scalars(select(Workshop).where(Workshop.group_id == group_id).order_by(Workshop.id)))


def count_workshops(group_id: int) -> int:
    return db.session.scalar(select(func.count(Workshop.id)).where(Workshop.group_id == group_id)) or 0


def current_stage(workshop: Workshop) -> WorkshopStage:
    return get_stage_by_round(workshop.id, workshop.phase, workshop.round)


def get_stage(workshop_id: int, stage_id: int) -> WorkshopStage | None:
    return db.session.scalars(
        select(WorkshopStage).where(WorkshopStage.id == stage_id, WorkshopStage.workshop_id == workshop_id)
    ).one_or_none()


def get_stage_by_round(workshop_id: int, phase: str, number: int) -> WorkshopStage:
    return db.session.scalars(
        select(WorkshopStage).where(
            WorkshopStage.workshop_id == workshop_id, WorkshopStage.phase == phase, WorkshopStage.number == number
        )
    ).one()


@dataclass(frozen=True)
class StageSummary:
    stage: WorkshopStage
    cards: int


def list_stages(workshop_id: int) -> list[StageSummary]:
    """The workshop's rounds in the method's order (phase, then round), with their card counts."""
    rows = db.session.execute(
        select(WorkshopStage, func.count(WorkshopCard.id))
        .outerjoin(WorkshopCard, WorkshopCard.stage_id == WorkshopStage.id)
        .where(WorkshopStage.workshop_id == workshop_id)
        .group_by(WorkshopStage.id)
    ).all()
    summaries = [StageSummary(stage, count) for stage, count in rows]
    return sorted(summaries, key=lambda item: (PHASES.index(item.stage.phase), item.stage.number))


def latest_round(workshop_id: int, phase: str) -> int | None:
    return db.session.scalar(
        select(func.max(WorkshopStage.number)).where(WorkshopStage.workshop_id == workshop_id, WorkshopStage.phase == phase)
    )


def get_card(workshop_id: int, card_id: int) -> WorkshopCard | None:
    return db.session.scalars(
        select(WorkshopCard).join(WorkshopStage).where(WorkshopCard.id == card_id, WorkshopStage.workshop_id == workshop_id)
    ).one_or_none()


def get_cluster(workshop_id: int, cluster_id: int) -> WorkshopCluster | None:
    return db.session.scalars(
        select(WorkshopCluster)
        .join(WorkshopStage)
        .where(WorkshopCluster.id == cluster_id, WorkshopStage.workshop_id == workshop_id)
    ).one_or_none()


def card_by_submission(hash_value: str) -> WorkshopCard | None:
    return db.session.scalars(select(WorkshopCard).where(WorkshopCard.submission_hash == hash_value)).one_or_none()


def stage_cards(stage_id: int) -> list[WorkshopCard]:
    return list(db.session.scalars(select(WorkshopCard).where(WorkshopCard.stage_id == stage_id).order_by(WorkshopCard.id)))


def stage_clusters(stage_id: int) -> list[WorkshopCluster]:
    return list(
        db.session.scalars(select(WorkshopCluster).where(WorkshopCluster.stage_id == stage_id).order_by(WorkshopCluster.id))
    )


def phone_dots_by_card(stage_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(WorkshopDot.card_id, func.count()).where(WorkshopDot.stage_id == stage_id).group_by(WorkshopDot.card_id)
    )
    return {card_id: count for card_id, count in rows}


@dataclass
class CardView:
    card: WorkshopCard
    phone_dots: int = 0

    @property
    def dots(self) -> int:
        return self.phone_dots + self.card.room_dots


@dataclass
class ClusterView:
    cluster: WorkshopCluster
    cards: list[CardView] = field(default_factory=list)

    @property
    def dots(self) -> int:
        return sum(card.dots for card in self.cards)


@dataclass
class Wall:
    """A round as it hangs on the wall: topics with their cards, and the cards in no topic yet."""

    stage: WorkshopStage
    clusters: list[ClusterView]
    loose: list[CardView]
    voters: int
    phone_dots: int

    @property
    def cards(self) -> list[CardView]:
        return [card for cluster in self.clusters for card in cluster.cards] + self.loose

    @property
    def room_dots(self) -> int:
        return sum(card.card.room_dots for card in self.cards)

    def ranked(self) -> list[CardView]:
        """Cards by dots, most first (ties in the order they came)."""
        return sorted(self.cards, key=lambda view: (-view.dots, view.card.id))


def wall(stage: WorkshopStage) -> Wall:
    dots = phone_dots_by_card(stage.id)
    clusters = {cluster.id: ClusterView(cluster) for cluster in stage_clusters(stage.id)}
    loose = []
    for card in stage_cards(stage.id):
        view = CardView(card, dots.get(card.id, 0))
        (clusters[card.cluster_id].cards if card.cluster_id in clusters else loose).append(view)
    voters = db.session.scalar(
        select(func.count()).select_from(WorkshopVoter).where(WorkshopVoter.stage_id == stage.id, WorkshopVoter.dots_used > 0)
    )
    return Wall(stage, list(clusters.values()), loose, voters or 0, sum(dots.values()))


@dataclass(frozen=True)
class MyDots:
    """One phone's dots in one round: dot numbers by card."""

    by_card: dict[int, list[int]]

    @property
    def used(self) -> int:
        return sum(len(numbers) for numbers in self.by_card.values())

    @property
    def numbers(self) -> set[int]:
        return {number for numbers in self.by_card.values() for number in numbers}

    def next_number(self) -> int:
        """The lowest dot number this phone has not given: what the next "Punkt geben" sends."""
        taken, number = self.numbers, 1
        while number in taken:
            number += 1
        return number


def my_dots(stage_id: int, participant_hash: str) -> MyDots:
    rows = db.session.execute(
        select(WorkshopDot.card_id, WorkshopDot.dot_number)
        .where(WorkshopDot.stage_id == stage_id, WorkshopDot.participant_hash == participant_hash)
        .order_by(WorkshopDot.dot_number)
    )
    by_card: dict[int, list[int]] = {}
    for card_id, number in rows:
        by_card.setdefault(card_id, []).append(number)
    return MyDots(by_card)


@dataclass(frozen=True)
class OverLimits:
    """After limits were lowered: who already gave more than the new limits allow (their dots stay)."""

    participants: int
    card_pairs: int


def over_limits(stage_id: int, dots_per_participant: int, max_per_card: int | None) -> OverLimits:
    participants = db.session.scalar(
        select(func.count()).select_from(WorkshopVoter).where(
            WorkshopVoter.stage_id == stage_id, WorkshopVoter.dots_used > dots_per_participant
        )
    )
    pairs = 0
    if max_per_card is not None:
        per_card = (
            select(WorkshopDot.participant_hash, WorkshopDot.card_id)
            .where(WorkshopDot.stage_id == stage_id)
            .group_by(WorkshopDot.participant_hash, WorkshopDot.card_id)
            .having(func.count() > max_per_card)
            .subquery()
        )
        pairs = db.session.scalar(select(func.count()).select_from(per_card))
    return OverLimits(participants or 0, pairs or 0)


def list_life_areas() -> list[LifeArea]:
    return list(db.session.scalars(select(LifeArea).order_by(LifeArea.position, LifeArea.name)))


def handed_over(card_ids: list[int]) -> dict[int, int]:
    """{card id: idea id} of the cards already handed to an idea board."""
    if not card_ids:
        return {}
    rows = db.session.execute(select(WorkshopIdea.card_id, WorkshopIdea.idea_id).where(WorkshopIdea.card_id.in_(card_ids)))
    return {card_id: idea_id for card_id, idea_id in rows}


def workshop_origin(idea_id: int) -> WorkshopIdea | None:
    """Where an idea came from, if a workshop handed it over (for the idea page)."""
    return db.session.get(WorkshopIdea, idea_id)


def board_for(locality_id: int | None) -> IdeaBoard | None:
    """The idea board a group's cards go to: its locality's first open board, else the town's."""
    boards = select(IdeaBoard).where(IdeaBoard.is_open.is_(True)).order_by(IdeaBoard.position, IdeaBoard.id)
    if locality_id is not None:
        board = db.session.scalars(boards.where(IdeaBoard.locality_id == locality_id)).first()
        if board is not None:
            return board
    return db.session.scalars(boards.where(IdeaBoard.locality_id.is_(None))).first()


def find_idea_by_follow_hash(follow_hash: str) -> Idea | None:
    return db.session.scalars(select(Idea).where(Idea.follow_hash == follow_hash)).unique().one_or_none()
