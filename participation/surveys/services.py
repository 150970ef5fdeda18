"""Writes of the resident's way: storing a response exactly as PRIVACY.md allows."""

import datetime as dt
import hashlib
import hmac
import uuid

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from participation.extensions import db
from participation.surveys import storage_order
from participation.surveys.answering import AnswerRow
from participation.surveys.records import ParticipationCount, SubmissionKey


def hash_submission_key(secret: str, key: str) -> str:
    """Keyed hash of an idempotency key, so the table of used keys tells nothing without the secret."""
    return hmac.new(secret.encode(), b"submission:" + key.encode(), hashlib.sha256).hexdigest()


def claim_submission_key(survey_id: int, key_hash: str) -> bool:
    """Record the key; False when it was recorded before (a double click, reload or retry)."""
    try:
        with db.session.begin_nested():
            db.session.execute(insert(SubmissionKey.__table__).values(key_hash=key_hash, survey_id=survey_id))
    except IntegrityError:
        return False
    return True


def store_response(
    survey_id: int, rows: list[AnswerRow], locality_id: int | None, channel: str, day: dt.date, mix: bool = True
) -> uuid.UUID:
    """Add one anonymous response with its answers and count it for the day; never commits.

    Core INSERTs on the tables, not ORM objects or ORM bulk inserts: this is the hot path of
    every submission, and the ORM layers cost more than the database here. On PostgreSQL the
    response goes in among earlier ones (storage_order.py), so its stored rows tell nobody that
    it is the newest; `mix=False` only for invented data loaded in bulk, in one transaction.
    """
    response_id = uuid.uuid4()
    response = {"id": response_id, "survey_id": survey_id, "locality_id": locality_id, "channel": channel}
    answers = [
        {
            "id": uuid.uuid4(),
            "response_id": response_id,
            "question_id": row.question_id,
            "option_id": row.option_id,
            "locality_id": row.locality_id,
            "number_value": row.number_value,
            "text_value": row.text_value,
            "abstained": row.abstained,
        }
        for row in rows
    ]
    storage_order.insert_response(response, answers, mix)
    count_participation(survey_id, locality_id, day)
    return response_id


class CodeAlreadyUsed(Exception):
    """The access code was used up by another submission; nothing may be stored."""


def submit_response(
    survey_id: int,
    key_hash: str,
    rows: list[AnswerRow],
    locality_id: int | None,
    day: dt.date,
    channel: str = "web",
    use_code=None,
) -> bool:
    """Store a response once per idempotency key; False when this key was already used.

    `use_code`, for surveys with access codes, marks the resident's code used in this same
    transaction and returns False when it already was: then CodeAlreadyUsed is raised and the
    caller rolls back, so a code never yields two responses.
    """
    if not claim_submission_key(survey_id, key_hash):
        return False
    if use_code is not None and not use_code():
        raise CodeAlreadyUsed()
    store_response(survey_id, rows, locality_id, channel, day)
    return True


def count_participation(survey_id: int, locality_id: int | None, day: dt.date) -> None:
    """Add one to the day's counter, creating it race-safely on the first response of the day."""
    for _ in range(3):
        if _increment(survey_id, locality_id, day):
            return
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(ParticipationCount.__table__).values(survey_id=survey_id, locality_id=locality_id, day=day, count=1)
                )
            return
        except IntegrityError:
            continue  # another request created the row first; increment it instead
    raise RuntimeError("participation counter could not be updated")


def _increment(survey_id: int, locality_id: int | None, day: dt.date) -> bool:
    counts = ParticipationCount.__table__.c
    result = db.session.execute(
        update(ParticipationCount.__table__)
        .where(counts.survey_id == survey_id)
        .where(counts.day == day)
        .where(counts.locality_id.is_not_distinct_from(locality_id))
        .values(count=counts.count + 1)
    )
    return result.rowcount > 0
