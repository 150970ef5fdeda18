"""Writes of the resident's way: storing a response exactly as PRIVACY.md allows."""

import datetime as dt
import hashlib
import hmac

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from participation.extensions import db
from participation.surveys.answering import AnswerRow
from participation.surveys.records import Answer, ParticipationCount, Response, SubmissionKey


def hash_submission_key(secret: str, key: str) -> str:
    """Keyed hash of an idempotency key, so the table of used keys tells nothing without the secret."""
    return hmac.new(secret.encode(), b"submission:" + key.encode(), hashlib.sha256).hexdigest()


def claim_submission_key(survey_id: int, key_hash: str) -> bool:
    """Record the key; False when it was recorded before (a double click, reload or retry)."""
    try:
        with db.session.begin_nested():
            db.session.add(SubmissionKey(key_hash=key_hash, survey_id=survey_id))
    except IntegrityError:
        return False
    return True


def store_response(
    survey_id: int, rows: list[AnswerRow], locality_id: int | None, channel: str, day: dt.date
) -> Response:
    """Add one anonymous response with its answers and count it for the day; flush, never commit."""
    response = Response(survey_id=survey_id, locality_id=locality_id, channel=channel)
    response.answers = [
        Answer(
            question_id=row.question_id,
            option_id=row.option_id,
            locality_id=row.locality_id,
            number_value=row.number_value,
            text_value=row.text_value,
            abstained=row.abstained,
        )
        for row in rows
    ]
    db.session.add(response)
    count_participation(survey_id, locality_id, day)
    db.session.flush()
    return response


def submit_response(
    survey_id: int,
    key_hash: str,
    rows: list[AnswerRow],
    locality_id: int | None,
    day: dt.date,
    channel: str = "web",
) -> bool:
    """Store a response once per idempotency key; False when this key was already used."""
    if not claim_submission_key(survey_id, key_hash):
        return False
    store_response(survey_id, rows, locality_id, channel, day)
    return True


def count_participation(survey_id: int, locality_id: int | None, day: dt.date) -> None:
    """Add one to the day's counter, creating it race-safely on the first response of the day."""
    for _ in range(3):
        if _increment(survey_id, locality_id, day):
            return
        try:
            with db.session.begin_nested():
                db.session.add(ParticipationCount(survey_id=survey_id, locality_id=locality_id, day=day, count=1))
            return
        except IntegrityError:
            continue  # another request created the row first; increment it instead
    raise RuntimeError("participation counter could not be updated")


def _increment(survey_id: int, locality_id: int | None, day: dt.date) -> bool:
    result = db.session.execute(
        update(ParticipationCount)
        .where(ParticipationCount.survey_id == survey_id)
        .where(ParticipationCount.day == day)
        .where(ParticipationCount.locality_id.is_not_distinct_from(locality_id))
        .values(count=ParticipationCount.count + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount > 0
