"""The privacy gate's own reads: facts about the responses it needs beyond the counts.

Response-level answers leave the database here only for the insider check of a group of one
person: the gate asks what that person knows of themselves (their groups, their answer per
table), to judge the group without them (everybody else's knowledge the counts describe). Nothing of it is
stored or shown; the profiles are shuffled and carry no response id.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Mapping

from sqlalchemy import false, or_, select

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


def insider_profiles(survey_id: int, structure, layout: Mapping[str, tuple], groups: Collection[str]) -> list[Profile]:
    """The respondents in any of `groups` (the gate asks for groups of one person), each as they
    know themselves."""
    condition = or_(false(), *(_in_group(group, structure) for group in groups))
    rows = db.session.execute(
        select(
            Response.id, Response.locality_id, Answer.question_id, Answer.option_id, Answer.locality_id,
            Answer.number_value, Answer.abstained, Answer.text_value.is_not(None),
        )
        .select_from(Response)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.survey_id == survey_id, condition)
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


def _in_group(group: str, structure):
    """SQL: the response is in this group (a level of a breakdown, or its residual)."""
    dimension, level = group.split(":", 1)
    breakdown = next((b for b in structure.breakdowns if b.key == dimension), None)
    if breakdown is None:
        return false()
    ids = [choice.id for choice in breakdown.levels]
    chosen = next((choice.id for choice in breakdown.levels if choice.key == level), None)
    if breakdown.question_id is None:  # localities: the response's own locality
        if chosen is not None:
            return Response.locality_id == chosen
        return or_(Response.locality_id.is_(None), Response.locality_id.not_in(ids))
    answered = select(Answer.response_id).where(
        Answer.question_id == breakdown.question_id, Answer.abstained.is_(False),
        Answer.option_id == chosen if chosen is not None else Answer.option_id.in_(ids),
    )
    return Response.id.in_(answered) if chosen is not None else Response.id.not_in(answered)
