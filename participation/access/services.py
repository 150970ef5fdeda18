"""Access codes: made in batches, checked on the way in, used up with the response (flush only)."""

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from participation.access import codes
from participation.access.models import AccessCode, AccessCodeCount
from participation.extensions import db

MAX_BATCH = 2000


def create_batch(secret: str, survey_id: int, count: int, locality_id: int | None = None) -> list[str]:
    """Make `count` new codes; returns them in plain text, once, for printing. Only hashes are stored."""
    if not 1 <= count <= MAX_BATCH:
        raise ValueError(f"count must be between 1 and {MAX_BATCH}")
    made: dict[str, str] = {}
    while len(made) < count:
        code = codes.new_code()
        made[codes.hash_code(secret, survey_id, code)] = code
    db.session.execute(
        insert(AccessCode.__table__),
        [{"code_hash": digest, "survey_id": survey_id, "locality_id": locality_id} for digest in made],
    )
    _count_made(survey_id, count)
    return list(made.values())


def _count_made(survey_id: int, count: int) -> None:
    counts = AccessCodeCount.__table__
    for _ in range(3):
        changed = db.session.execute(
            update(counts).where(counts.c.survey_id == survey_id).values(made=counts.c.made + count)
        ).rowcount
        if changed:
            return
        try:
            with db.session.begin_nested():
                db.session.execute(insert(counts).values(survey_id=survey_id, made=count, used=0))
            return
        except IntegrityError:
            continue  # another batch for this survey created the row first
    raise RuntimeError("access code counts could not be updated")


def find_unused(secret: str, survey_id: int, typed: str) -> AccessCode | None:
    """The unused code a resident typed, or None (unknown, used, or not a code at all)."""
    code = codes.normalise(typed)
    if code is None:
        return None
    row = db.session.get(AccessCode, codes.hash_code(secret, survey_id, code))
    return row if row is not None and row.survey_id == survey_id else None


def use_code(secret: str, survey_id: int, code: str) -> bool:
    """Use the code up in the current transaction; False when it was used meanwhile.

    The code's row is deleted: a used flag changed in this transaction would carry its stamp
    (PostgreSQL's `xmin`), the same as the response stored with it, and join the two. Of 20
    simultaneous submissions with one code exactly one deletes the row; the others find none
    and roll back. Only the survey's count of used codes goes up.
    """
    normalised = codes.normalise(code)
    if normalised is None:
        return False
    table = AccessCode.__table__
    deleted = db.session.execute(
        delete(table)
        .where(table.c.code_hash == codes.hash_code(secret, survey_id, normalised))
        .where(table.c.survey_id == survey_id)
    ).rowcount
    if deleted != 1:
        return False
    counts = AccessCodeCount.__table__
    db.session.execute(update(counts).where(counts.c.survey_id == survey_id).values(used=counts.c.used + 1))
    return True


def count_codes(survey_id: int) -> tuple[int, int]:
    """(codes made, codes used) for a survey."""
    row = db.session.get(AccessCodeCount, survey_id)
    return (row.made, row.used) if row else (0, 0)
