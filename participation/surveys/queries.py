"""Reads for the resident's way through a survey."""

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.answering import QuestionSpec
from participation.surveys.models import Question, Survey, SurveyPage
from participation.surveys.plan import SurveyPlan
from participation.surveys.records import ParticipationCount, SubmissionKey

#: Built plans by (survey id, structure version); a structure change makes a new key.
_plans: dict[tuple[int, str], SurveyPlan] = {}
MAX_CACHED_PLANS = 64


def list_open_surveys(today: dt.date, locality: Locality | None = None) -> list[Survey]:
    """Surveys that take answers today; for a locality, its own and the town-wide ones."""
    query = (
        select(Survey)
        .where(Survey.status == "open", Survey.audience == "public")
        .where(or_(Survey.opens_on.is_(None), Survey.opens_on <= today))
        .where(or_(Survey.closes_on.is_(None), Survey.closes_on >= today))
        .options(selectinload(Survey.locality))
        .order_by(Survey.closes_on.is_(None), Survey.closes_on, Survey.title)
    )
    if locality is not None:
        query = query.where(or_(Survey.locality_id.is_(None), Survey.locality_id == locality.id))
    return list(db.session.scalars(query))


def get_survey(slug: str) -> Survey | None:
    """The survey row alone (status, schedule, texts), without its structure."""
    return db.session.scalars(select(Survey).where(Survey.slug == slug)).one_or_none()


def list_localities() -> list[Locality]:
    return list(db.session.scalars(select(Locality).order_by(Locality.position, Locality.name)))


def list_locality_ids() -> list[int]:
    return list(db.session.scalars(select(Locality.id)))


def get_locality_by_slug(slug: str) -> Locality | None:
    return db.session.scalars(select(Locality).where(Locality.slug == slug)).one_or_none()


def count_participation(survey_id: int) -> dict[int | None, int]:
    """Exact responses per locality (None: none named), summed over the days. Never shown as such:
    pages show participation_counter() of it."""
    rows = db.session.execute(
        select(ParticipationCount.locality_id, func.sum(ParticipationCount.count))
        .where(ParticipationCount.survey_id == survey_id)
        .group_by(ParticipationCount.locality_id)
    ).all()
    return {locality_id: int(total) for locality_id, total in rows}


def count_participation_per_survey(survey_ids: list[int], only_locality_id: int | None = None) -> dict[int, int]:
    """Exact responses per survey, of the whole town or of one locality (to be rounded, like
    count_participation)."""
    query = (
        select(ParticipationCount.survey_id, func.sum(ParticipationCount.count))
        .where(ParticipationCount.survey_id.in_(survey_ids))
        .group_by(ParticipationCount.survey_id)
    )
    if only_locality_id is not None:
        query = query.where(ParticipationCount.locality_id == only_locality_id)
    rows = db.session.execute(query).all()
    return {survey_id: int(total) for survey_id, total in rows}


def submission_key_used(key_hash: str) -> bool:
    return db.session.get(SubmissionKey, key_hash) is not None


def spec_of(question: Question) -> QuestionSpec:
    return QuestionSpec(
        id=question.id,
        kind=question.kind,
        required=question.required,
        option_ids=tuple(option.id for option in question.options),
        min_value=question.min_value,
        max_value=question.max_value,
        max_choices=question.max_choices,
        allow_no_answer=question.allow_no_answer,
        max_length=question.max_length,
        show_if_question_id=question.show_if_question_id,
        show_if_option_ids=frozenset(option.id for option in question.show_if_options),
    )


def _question_options():
    return (selectinload(Question.options), selectinload(Question.show_if_options))


def get_plan(survey: Survey) -> SurveyPlan:
    """The survey's structure as a plan, from the worker's cache while the structure is unchanged."""
    key = (survey.id, survey.structure_version)
    plan = _plans.get(key)
    if plan is None:
        pages = db.session.scalars(
            select(SurveyPage)
            .where(SurveyPage.survey_id == survey.id)
            .order_by(SurveyPage.position)
            .options(selectinload(SurveyPage.questions).options(*_question_options()))
        ).all()
        filled = [page for page in pages if page.questions]
        plan = SurveyPlan(
            survey_id=survey.id,
            version=survey.structure_version,
            pages=tuple(tuple(spec_of(question) for question in page.questions) for page in filled),
            page_ids=tuple(page.id for page in filled),
        )
        if len(_plans) >= MAX_CACHED_PLANS:
            _plans.clear()
        _plans[key] = plan
    return plan


def get_page_for_display(page_id: int) -> SurveyPage:
    """One page with its questions and options loaded, for rendering it."""
    return db.session.scalars(
        select(SurveyPage)
        .where(SurveyPage.id == page_id)
        .options(selectinload(SurveyPage.questions).options(*_question_options()))
    ).one()
