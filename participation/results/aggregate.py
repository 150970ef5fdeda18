"""Counting a survey's answers in the database (SQL GROUP BY), never row by row in Python.

The only reads of raw answers outside moderation. What leaves here are counts per
(breakdown level, answer value), which go straight into the privacy gate (`tables.py`), never
to a page. Breakdowns: the respondent's locality, and each demographic question's option.
The whole town is the sum over the locality levels (including "no locality"), so it needs no query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from participation.extensions import db
from participation.surveys.records import Answer, Response

LOCALITY = "locality"

#: An answer value as counted: (question, option, locality, number, abstained, has text).
ValueKey = tuple[int, int | None, int | None, float | None, bool, bool]


def demographic_dimension(question_id: int) -> str:
    return f"demo{question_id}"


@dataclass
class DimensionCounts:
    """Counts of one breakdown: per level (None = the respondent gave no level)."""

    values: dict[int | None, dict[ValueKey, int]] = field(default_factory=lambda: defaultdict(dict))
    #: Respondents per level and question who answered it (at least one stored row).
    answered: dict[int | None, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    #: Respondents per level (all of the survey).
    respondents: dict[int | None, int] = field(default_factory=dict)


@dataclass
class SurveyCounts:
    dimensions: dict[str, DimensionCounts]

    @property
    def town(self) -> DimensionCounts:
        """The locality breakdown: summing its levels (with "none") gives the whole town."""
        return self.dimensions[LOCALITY]


def count_survey(survey_id: int, demographic_question_ids: list[int]) -> SurveyCounts:
    dimensions = {LOCALITY: _count_dimension(survey_id, Response.locality_id, None)}
    for question_id in demographic_question_ids:
        level = aliased(Answer)
        join = and_(
            level.response_id == Response.id,
            level.question_id == question_id,
            level.abstained.is_(False),
        )
        dimensions[demographic_dimension(question_id)] = _count_dimension(survey_id, level.option_id, (level, join))
    return SurveyCounts(dimensions)


def _count_dimension(survey_id: int, level_column, level_join) -> DimensionCounts:
    counts = DimensionCounts()
    has_text = Answer.text_value.is_not(None)

    values = (
        select(
            level_column,
            Answer.question_id,
            Answer.option_id,
            Answer.locality_id,
            Answer.number_value,
            Answer.abstained,
            has_text,
            func.count(),
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
    )
    answered = (
        select(level_column, Answer.question_id, func.count(func.distinct(Answer.response_id)))
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
    )
    respondents = select(level_column, func.count()).select_from(Response)
    if level_join is not None:
        values = values.outerjoin(*level_join)
        answered = answered.outerjoin(*level_join)
        respondents = respondents.outerjoin(*level_join)
    values = values.where(Response.survey_id == survey_id).group_by(
        level_column,
        Answer.question_id,
        Answer.option_id,
        Answer.locality_id,
        Answer.number_value,
        Answer.abstained,
        has_text,
    )
    answered = answered.where(Response.survey_id == survey_id).group_by(level_column, Answer.question_id)
    respondents = respondents.where(Response.survey_id == survey_id).group_by(level_column)

    for level, question, option, locality, number, abstained, text, count in db.session.execute(values):
        key = (question, option, locality, number, bool(abstained), bool(text))
        counts.values[level][key] = count
    for level, question, count in db.session.execute(answered):
        counts.answered[level][question] = count
    for level, count in db.session.execute(respondents):
        counts.respondents[level] = count
    return counts
