"""The privacy gate's own reads: facts about the responses it needs beyond the counts.

Response-level answers leave the database here only for the insider check: the gate asks, for
each respondent, what that person knows of themselves (their groups, their answer per table), so
that no published number can be pinned by someone who knows their own answers. Nothing of it is
stored or shown; the profiles are shuffled and carry no response id.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import select

from participation.disclosure.publication import Profile
from participation.extensions import db
from participation.results.publication import profile_of
from participation.surveys.records import Answer, Response


def has_paper_forms(survey_id: int) -> bool:
    """Paper forms cannot insist on an answer, so "required" then says nothing about who answered."""
    found = db.session.scalar(
        select(Response.id).where(Response.survey_id == survey_id, Response.channel == "paper").limit(1)
    )
    return found is not None


def insider_profiles(survey_id: int, structure, layout: Mapping[str, tuple]) -> list[Profile]:
    rows = db.session.execute(
        select(
            Response.id, Response.locality_id, Answer.question_id, Answer.option_id, Answer.locality_id,
            Answer.number_value, Answer.abstained, Answer.text_value.is_not(None),
        )
        .select_from(Response)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.survey_id == survey_id)
    )
    answers: dict[object, list[tuple]] = defaultdict(list)
    localities: dict[object, int | None] = {}
    for response, locality, question, option, answer_locality, number, abstained, text in rows:
        localities[response] = locality
        if question is not None:
            answers[response].append((question, option, answer_locality, number, bool(abstained), bool(text)))
    profiles = [profile_of(structure, answers[r], localities[r], layout) for r in localities]
    random.SystemRandom().shuffle(profiles)
    return profiles
