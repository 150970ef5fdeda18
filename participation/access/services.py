"""Access codes: made in batches, checked on the way in, used up with the response (flush only)."""

from sqlalchemy import func, insert, select, update

from participation.access import codes
from participation.access.models import AccessCode
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
        [{"code_hash": digest, "survey_id": survey_id, "locality_id": locality_id, "used": False} for digest in made],
    )
    return list(made.values())


def find_unused(secret: str, survey_id: int, typed: str) -> AccessCode | None:
    """The unused code a resident typed, or None (unknown, used, or not a code at all)."""
    code = codes.normalise(typed)
    if code is None:
        return None
    row = db.session.get(AccessCode, codes.hash_code(secret, survey_id, code))
    return row if row is not None and row.survey_id == survey_id and not row.used else None


def use_code(secret: str, survey_id: int, code: str) -> bool:
    """Mark the code used in the current transaction; False when it was used meanwhile.

    The conditional UPDATE is what makes 20 simultaneous submissions with one code store exactly
    one response: only one of them changes the row, the others find it used and roll back.
    """
    normalised = codes.normalise(code)
    if normalised is None:
        return False
    result = db.session.execute(
        update(AccessCode.__table__)
        .where(AccessCode.__table__.c.code_hash == codes.hash_code(secret, survey_id, normalised))
        .where(AccessCode.__table__.c.survey_id == survey_id)
        .where(AccessCode.__table__.c.used.is_(False))
        .values(used=True)
    )
    return result.rowcount == 1


def count_codes(survey_id: int) -> tuple[int, int]:
    """(codes made, codes used) for a survey."""
    made, used = db.session.execute(
        select(func.count(), func.count().filter(AccessCode.used)).where(AccessCode.survey_id == survey_id)
    ).one()
    return made, used
