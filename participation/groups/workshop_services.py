"""Writes of the live workshop: create it, move through phases and rounds, open and close card
collection and dot voting, cards from phones and from the room, topics. Flush, never commit;
every change by the facilitator is audited (without card texts: they may hold what a
participant should not have written). Dots are in workshop_voting.py, hand-over in
workshop_handover.py.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from participation.extensions import db
from participation.groups import join_codes, workshop_queries as queries
from participation.groups.models import Group
from participation.groups.services import ACTIVITY_COUNTERS, GroupError
from participation.groups.workshop_models import (
    PHASES, Workshop, WorkshopCard, WorkshopCluster, WorkshopClusterLifeArea, WorkshopDot, WorkshopStage, WorkshopVoter,
)
from participation.ideas.services import keyed_hash
from participation.staff import audit

ACTIVITY_COUNTERS.append(queries.count_workshops)


def submission_hash(secret: str, workshop_id: int, submission_key: str) -> str:
    return keyed_hash(secret, "workshop-card", f"{workshop_id}:{submission_key}")


def lock_workshop(workshop_id: int, *, write: bool = False) -> Workshop:
    """The workshop row, locked for this transaction (PostgreSQL: shared for a dot, exclusive for
    a change of what dots check; SQLite: the request holds the write lock already)."""
    query = select(Workshop).where(Workshop.id == workshop_id).with_for_update(read=not write)
    return db.session.scalars(query.execution_options(populate_existing=True)).one()


def create_workshop(group: Group, title: str, dots_per_participant: int, max_dots_per_card: int | None) -> Workshop:
    """A workshop for `group`, in round 1 of the critique phase, card collection closed."""
    workshop = Workshop(
        group_id=group.id, title=title.strip(), join_code=join_codes.new_code(),
        dots_per_participant=dots_per_participant, max_dots_per_card=max_dots_per_card,
        phase=PHASES[0], round=1, collecting=False, voting=False, ended=False,
    )
    db.session.add(workshop)
    db.session.flush()
    db.session.add(WorkshopStage(workshop_id=workshop.id, phase=PHASES[0], number=1))
    db.session.flush()
    audit.record("workshop.create", workshop, group=group.id)
    return workshop


def update_settings(workshop: Workshop, title: str, dots_per_participant: int, max_dots_per_card: int | None) -> queries.OverLimits:
    """New title and limits. Dots already given stay as they are; returns who now has more than
    the new limits allow, for the facilitator to hear about it."""
    workshop = lock_workshop(workshop.id, write=True)
    changes = {
        key: value
        for key, value in {"title": title.strip(), "dots_per_participant": dots_per_participant,
                           "max_dots_per_card": max_dots_per_card}.items()
        if getattr(workshop, key) != value
    }
    for key, value in changes.items():
        setattr(workshop, key, value)
    if changes:
        audit.record("workshop.settings", workshop, **{key: str(value) for key, value in changes.items() if key != "title"},
                     title_changed="yes" if "title" in changes else None)
        db.session.flush()
    return queries.over_limits(queries.current_stage(workshop).id, dots_per_participant, max_dots_per_card)


def go_to_phase(workshop: Workshop, phase: str, new_round: bool) -> WorkshopStage:
    """Move everyone to `phase`: its latest round, or a new one. A new round opens card
    collection (what a round starts with); going back to a round leaves both closed."""
    if phase not in PHASES:
        raise GroupError("unknown_phase")
    workshop = lock_workshop(workshop.id, write=True)
    latest = queries.latest_round(workshop.id, phase)
    if new_round and latest is not None and (workshop.phase, workshop.round) == (phase, latest):
        stage = queries.get_stage_by_round(workshop.id, phase, latest)
        if not queries.stage_cards(stage.id):
            # The room is in a new, empty round of this phase already (a double click): stay.
            _set_stage(workshop, stage, collecting=True)
            return stage
    if new_round or latest is None:
        stage = WorkshopStage(workshop_id=workshop.id, phase=phase, number=(latest or 0) + 1)
        db.session.add(stage)
        db.session.flush()
        _set_stage(workshop, stage, collecting=True)
    else:
        stage = queries.get_stage_by_round(workshop.id, phase, latest)
        _set_stage(workshop, stage, collecting=False)
    return stage


def switch_stage(workshop: Workshop, stage: WorkshopStage) -> None:
    workshop = lock_workshop(workshop.id, write=True)
    _set_stage(workshop, stage, collecting=False)


def _set_stage(workshop: Workshop, stage: WorkshopStage, *, collecting: bool) -> None:
    workshop.phase, workshop.round = stage.phase, stage.number
    workshop.collecting, workshop.voting = collecting, False
    audit.record("workshop.stage", workshop, phase=stage.phase, round=str(stage.number))
    db.session.flush()


def set_open(workshop: Workshop, what: str, is_open: bool) -> bool:
    """Open or close card collection ("collecting"), dot voting ("voting") or the whole workshop
    ("ended", inverted). Returns whether anything changed."""
    if what not in ("collecting", "voting", "ended"):
        raise GroupError("unknown_switch")
    workshop = lock_workshop(workshop.id, write=True)
    value = not is_open if what == "ended" else is_open
    if getattr(workshop, what) == value:
        return False
    setattr(workshop, what, value)
    if what == "ended" and value:
        workshop.collecting = workshop.voting = False
    audit.record(f"workshop.{what}", workshop, value=str(value))
    db.session.flush()
    return True


def post_card(stage: WorkshopStage, text: str, source: str, hash_value: str) -> tuple[WorkshopCard, bool]:
    """Add a card; (card, created). The same form sent again returns the first card."""
    existing = db.session.scalars(select(WorkshopCard).where(WorkshopCard.submission_hash == hash_value)).one_or_none()
    if existing is not None:
        return existing, False
    card = WorkshopCard(stage_id=stage.id, text=text.strip(), source=source, room_dots=0, submission_hash=hash_value)
    try:
        with db.session.begin_nested():
            db.session.add(card)
    except IntegrityError:
        # The same form arrived twice at once; the other request stored it.
        return db.session.scalars(select(WorkshopCard).where(WorkshopCard.submission_hash == hash_value)).one(), False
    if source == "room":
        audit.record("workshop.card.add", card, stage=stage.id)
    return card, True


def edit_card(card: WorkshopCard, text: str) -> bool:
    text = text.strip()
    if card.text == text:
        return False
    card.text = text
    audit.record("workshop.card.edit", card)
    db.session.flush()
    return True


def delete_card(workshop: Workshop, card: WorkshopCard) -> None:
    """Take a card off the wall; the dots phones gave it go back to them."""
    lock_workshop(workshop.id, write=True)
    per_phone = (
        select(func.count())
        .select_from(WorkshopDot)
        .where(WorkshopDot.card_id == card.id, WorkshopDot.stage_id == WorkshopVoter.stage_id,
               WorkshopDot.participant_hash == WorkshopVoter.participant_hash)
        .correlate(WorkshopVoter)
        .scalar_subquery()
    )
    db.session.execute(
        update(WorkshopVoter).where(WorkshopVoter.stage_id == card.stage_id).values(dots_used=WorkshopVoter.dots_used - per_phone),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(delete(WorkshopDot).where(WorkshopDot.card_id == card.id))
    audit.record("workshop.card.delete", card, stage=card.stage_id)
    db.session.delete(card)
    db.session.flush()


def set_room_dots(cards: list[WorkshopCard], counts: dict[int, int]) -> int:
    """Dots counted in the room, per card (absolute numbers); returns how many cards changed."""
    changed = 0
    for card in cards:
        count = counts.get(card.id)
        if count is not None and count != card.room_dots:
            audit.record("workshop.card.room_dots", card, before=str(card.room_dots), after=str(count))
            card.room_dots = count
            changed += 1
    db.session.flush()
    return changed


def create_cluster(stage: WorkshopStage, title: str, card_ids: list[int] | None = None) -> WorkshopCluster:
    """A topic in `stage`, optionally with cards of that round put into it (a suggestion taken)."""
    cluster = WorkshopCluster(stage_id=stage.id, title=title.strip(), note="", who="", due="")
    db.session.add(cluster)
    db.session.flush()
    if card_ids:
        db.session.execute(
            update(WorkshopCard).where(WorkshopCard.stage_id == stage.id, WorkshopCard.id.in_(card_ids)).values(cluster_id=cluster.id),
            execution_options={"synchronize_session": False},
        )
    audit.record("workshop.cluster.create", cluster, stage=stage.id, cards=str(len(card_ids or [])))
    return cluster


def update_cluster(cluster: WorkshopCluster, values: dict, life_area_ids: list[int]) -> bool:
    changes = {key: value.strip() for key, value in values.items() if getattr(cluster, key) != value.strip()}
    for key, value in changes.items():
        setattr(cluster, key, value)
    before = {area.id for area in cluster.life_areas}
    after = set(life_area_ids)
    if before != after:
        db.session.execute(delete(WorkshopClusterLifeArea).where(WorkshopClusterLifeArea.cluster_id == cluster.id))
        db.session.add_all(WorkshopClusterLifeArea(cluster_id=cluster.id, life_area_id=area_id) for area_id in sorted(after))
    if changes or before != after:
        audit.record("workshop.cluster.update", cluster, fields=",".join(sorted(changes)) or None,
                     life_areas=",".join(map(str, sorted(after))) if before != after else None)
        db.session.flush()
        db.session.expire(cluster, ["life_areas"])
    return bool(changes) or before != after


def delete_cluster(cluster: WorkshopCluster) -> None:
    """The topic goes; its cards stay, in no topic."""
    db.session.execute(
        update(WorkshopCard).where(WorkshopCard.cluster_id == cluster.id).values(cluster_id=None),
        execution_options={"synchronize_session": False},
    )
    audit.record("workshop.cluster.delete", cluster, stage=cluster.stage_id)
    db.session.delete(cluster)
    db.session.flush()


def assign_cards(stage: WorkshopStage, assignment: dict[int, int | None]) -> int:
    """Put cards of `stage` into topics of the same round (None: into none); returns how many moved."""
    clusters = {cluster.id for cluster in queries.stage_clusters(stage.id)}
    moved = 0
    for card in queries.stage_cards(stage.id):
        if card.id not in assignment:
            continue
        target = assignment[card.id]
        if target is not None and target not in clusters:
            raise GroupError("unknown_cluster")
        if card.cluster_id != target:
            card.cluster_id = target
            moved += 1
    if moved:
        audit.record("workshop.cluster.assign", stage, cards=str(moved))
    db.session.flush()
    return moved


def carry_over(secret: str, stage: WorkshopStage, cards: list[WorkshopCard]) -> int:
    """Copy chosen cards of earlier rounds into `stage` (the fantasy's best ideas into the
    realisation, to check them against the constraints). Copying twice adds nothing."""
    added = 0
    for card in cards:
        hash_value = keyed_hash(secret, "workshop-carry", f"{stage.id}:{card.id}")
        _copy, created = post_card(stage, card.text, "room", hash_value)
        added += created
    if added:
        audit.record("workshop.carry_over", stage, cards=str(added))
    db.session.flush()
    return added


def delete_workshop(workshop: Workshop) -> None:
    """Only a workshop without cards goes: what a room wrote stays with its group."""
    has_cards = db.session.scalar(
        select(func.count(WorkshopCard.id)).join(WorkshopStage).where(WorkshopStage.workshop_id == workshop.id)
    )
    if has_cards:
        raise GroupError("workshop_has_cards")
    audit.record("workshop.delete", workshop, group=workshop.group_id)
    db.session.execute(delete(WorkshopStage).where(WorkshopStage.workshop_id == workshop.id))
    db.session.delete(workshop)
    db.session.flush()
