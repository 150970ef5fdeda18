"""Reads a survey's questions, localities and breakdowns as plain data for tabulation and snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.localities.models import Locality
from participation.results.aggregate import LOCALITY, demographic_dimension
from participation.results.tables import Breakdown, Choice, QuestionInfo
from participation.surveys.models import Question, Survey, SurveyPage


def texts(obj, field: str) -> dict[str, str]:
    """A translatable field as {"de": ..., "en": ...}; English only when it was translated."""
    result = {"de": getattr(obj, field) or ""}
    english = (obj.translations or {}).get("en", {}).get(field)
    if english:
        result["en"] = english
    return result


@dataclass(frozen=True)
class SurveyStructure:
    questions: tuple[Question, ...]  # in survey order
    infos: tuple[QuestionInfo, ...]
    localities: tuple[Choice, ...]
    breakdowns: tuple[Breakdown, ...]


def load_structure(survey: Survey) -> SurveyStructure:
    questions = tuple(
        db.session.scalars(
            select(Question)
            .join(SurveyPage)
            .where(SurveyPage.survey_id == survey.id)
            .order_by(SurveyPage.position, Question.position)
            .options(selectinload(Question.options), selectinload(Question.life_areas))
        )
    )
    localities = tuple(
        Choice(locality.id, locality.slug, {"de": locality.name})
        for locality in db.session.scalars(select(Locality).order_by(Locality.position, Locality.name))
    )
    infos = tuple(_info(question, localities) for question in questions)
    breakdowns = [Breakdown(LOCALITY, {"de": "Ortschaft", "en": "Locality"}, localities)]
    if survey.demographics_enabled:
        for question in questions:
            if question.kind == "demographic":
                breakdowns.append(
                    Breakdown(
                        demographic_dimension(question.id),
                        texts(question, "prompt"),
                        tuple(Choice(option.id, f"o{option.id}", texts(option, "label")) for option in question.options),
                        question.id,
                    )
                )
    return SurveyStructure(questions, infos, localities, tuple(breakdowns))


def _info(question: Question, localities: tuple[Choice, ...]) -> QuestionInfo:
    options = (
        localities
        if question.kind == "locality"
        else tuple(Choice(option.id, f"o{option.id}", texts(option, "label")) for option in question.options)
    )
    return QuestionInfo(
        id=question.id,
        kind=question.kind,
        options=options,
        min_value=question.min_value,
        max_value=question.max_value,
        max_choices=question.max_choices,
        allow_no_answer=question.allow_no_answer,
    )
