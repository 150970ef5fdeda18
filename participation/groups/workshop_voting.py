"""Dot voting (Punktabfrage), enforced on the server in one transaction that locks what it checks.

A phone is a random participant key in its session; per round it is the keyed hash
HMAC(secret, workshop, round, key), so the dots of two rounds cannot be linked. Giving a dot:

1. The workshop row is locked for sharing (PostgreSQL `FOR SHARE`): voting open, the round and
   the limits cannot change under the dot; a facilitator's change waits for the dots in flight.
2. The phone's voter row is made if missing (insert, nothing on conflict) and locked
   (`FOR UPDATE`): two clicks of the same phone queue up here, one after the other.
3. A dot number the same card already holds is the same click again (a double click, a retry):
   nothing happens. Each "Punkt geben" form carries the next free number, so repeating a form
   never adds a dot.
4. `UPDATE voters SET dots_used = dots_used + 1 WHERE ... AND dots_used < :limit` takes one of
   the phone's dots or none (rowcount 0: all used); then the per-card maximum is counted under the
   same row lock; then the dot is stored under the lowest free number. The key (round, phone, dot
   number) lets each dot exist once, whatever a lock might miss.

SQLite has no row locks: every POST there begins with `BEGIN IMMEDIATE` (core/database.py), so
these transactions run one after the other, and the same checks hold. Any refusal raises
VoteError and the view rolls the whole transaction back, the taken dot with it.

Lowering the limits keeps every dot given: a phone over the new limit simply cannot add more
(step 4 refuses) until it takes some back.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from participation.extensions import db
from participation.groups.workshop_models import Workshop, WorkshopCard, WorkshopDot, WorkshopStage, WorkshopVoter
from participation.groups.workshop_services import lock_workshop
from participation.ideas.services import keyed_hash


class VoteError(Exception):
    """A dot not given or not taken back; `code` says why (the view words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def participant_hash(secret: str, workshop_id: int, stage_id: int, participant_key: str) -> str:
    return keyed_hash(secret, "workshop-participant", f"{workshop_id}:{stage_id}:{participant_key}")


def _checked_workshop(workshop_id: int, stage: WorkshopStage, card: WorkshopCard) -> Workshop:
    workshop = lock_workshop(workshop_id)
    if workshop.ended or not workshop.voting:
        raise VoteError("voting_closed")
    if (stage.workshop_id, stage.phase, stage.number) != (workshop.id, workshop.phase, workshop.round):
        raise VoteError("other_round")
    if card.stage_id != stage.id:
        raise VoteError("unknown_card")
    return workshop


def _ensure_voter(stage_id: int, hash_value: str) -> None:
    values = {"stage_id": stage_id, "participant_hash": hash_value, "dots_used": 0}
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(WorkshopVoter).values(**values).on_conflict_do_nothing())


def _lock_voter(stage_id: int, hash_value: str) -> int:
    return db.session.scalars(
        select(WorkshopVoter.dots_used)
        .where(WorkshopVoter.stage_id == stage_id, WorkshopVoter.participant_hash == hash_value)
        .with_for_update()
    ).one()


def _dot_numbers(stage_id: int, hash_value: str) -> dict[int, int]:
    """{dot number: card id} of this phone's dots in the round."""
    rows = db.session.execute(
        select(WorkshopDot.dot_number, WorkshopDot.card_id).where(
            WorkshopDot.stage_id == stage_id, WorkshopDot.participant_hash == hash_value
        )
    )
    return {key: value for key, value in rows}


def give_dot(workshop_id: int, stage: WorkshopStage, card: WorkshopCard, hash_value: str, dot_number: int) -> bool:
    """Put one of the phone's dots on `card`; False if this dot is there already (the same form
    again). Raises VoteError when voting is closed or a limit is reached."""
    workshop = _checked_workshop(workshop_id, stage, card)
    _ensure_voter(stage.id, hash_value)
    _lock_voter(stage.id, hash_value)
    numbers = _dot_numbers(stage.id, hash_value)
    if numbers.get(dot_number) == card.id:
        return False
    taken = db.session.execute(
        update(WorkshopVoter)
        .where(WorkshopVoter.stage_id == stage.id, WorkshopVoter.participant_hash == hash_value,
               WorkshopVoter.dots_used < workshop.dots_per_participant)
        .values(dots_used=WorkshopVoter.dots_used + 1),
        execution_options={"synchronize_session": False},
    )
    if taken.rowcount != 1:
        raise VoteError("no_dots_left")
    on_card = sum(1 for target in numbers.values() if target == card.id)
    if workshop.max_dots_per_card is not None and on_card >= workshop.max_dots_per_card:
        raise VoteError("card_full")
    free = 1
    while free in numbers:
        free += 1
    # The number the form carried if it is free, so a retry of this very form finds it (step 3).
    number = dot_number if 1 <= dot_number <= len(numbers) + 1 and dot_number not in numbers else free
    db.session.add(WorkshopDot(stage_id=stage.id, participant_hash=hash_value, dot_number=number, card_id=card.id))
    db.session.flush()
    return True


def take_back_dot(workshop_id: int, stage: WorkshopStage, card: WorkshopCard, hash_value: str, dot_number: int) -> bool:
    """Take the phone's dot `dot_number` off `card` (its last one there, if the number is not on
    it); False if the phone has no dot there (the same form again)."""
    _checked_workshop(workshop_id, stage, card)
    _ensure_voter(stage.id, hash_value)
    _lock_voter(stage.id, hash_value)
    numbers = _dot_numbers(stage.id, hash_value)
    mine = sorted(number for number, target in numbers.items() if target == card.id)
    if not mine:
        return False
    if dot_number not in mine:
        # The form's dot is gone already (a double click): the second click takes nothing more.
        return False
    db.session.execute(
        delete(WorkshopDot).where(
            WorkshopDot.stage_id == stage.id, WorkshopDot.participant_hash == hash_value, WorkshopDot.dot_number == dot_number
        )
    )
    db.session.execute(
        update(WorkshopVoter)
        .where(WorkshopVoter.stage_id == stage.id, WorkshopVoter.participant_hash == hash_value, WorkshopVoter.dots_used > 0)
        .values(dots_used=WorkshopVoter.dots_used - 1),
        execution_options={"synchronize_session": False},
    )
    db.session.flush()
    return True


def count_dots(stage_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(WorkshopDot).where(WorkshopDot.stage_id == stage_id)) or 0
