"""Reads for the survey builder; a survey is loaded with its whole structure in a few queries."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.localities.models import LifeArea, Locality
from participation.surveys.models import Option, Question, Survey, SurveyPage


def list_surveys() -> list[tuple[Survey, int]]:
    """Every survey of the town with its number of questions, drafts first, then by title (group
    polls are their organisers')."""
    counts = (
        select(SurveyPage.survey_id, func.count(Question.id).label("questions"))
        .join(Question, Question.page_id == SurveyPage.id)
        .group_by(SurveyPage.survey_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Survey, func.coalesce(counts.c.questions, 0))
        .outerjoin(counts, counts.c.survey_id == Survey.id)
        .where(Survey.audience == "public")
        .order_by(Survey.status != "draft", Survey.status, Survey.title)
    ).all()
    return [(survey, count) for survey, count in rows]


def get_survey(survey_id: int) -> Survey | None:
    """The survey with pages, questions, options, life areas and show-if options loaded."""
    question_options = (
        selectinload(Question.options).selectinload(Option.life_areas),
        selectinload(Question.life_areas),
        selectinload(Question.show_if_options),
    )
    return db.session.scalars(
        select(Survey)
        .where(Survey.id == survey_id)
        .options(
            selectinload(Survey.locality),
            selectinload(Survey.pages).selectinload(SurveyPage.questions).options(*question_options),
        )
    ).one_or_none()


def find_page(survey: Survey, page_id: int) -> SurveyPage | None:
    """The page if it belongs to this survey."""
    return next((page for page in survey.pages if page.id == page_id), None)


def find_question(survey: Survey, question_id: int) -> Question | None:
    """The question if it belongs to this survey."""
    return next((question for page in survey.pages for question in page.questions if question.id == question_id), None)


def find_option(question: Question, option_id: int) -> Option | None:
    """The option if it belongs to this question."""
    return next((option for option in question.options if option.id == option_id), None)


def list_life_areas() -> list[LifeArea]:
    return list(db.session.scalars(select(LifeArea).order_by(LifeArea.position, LifeArea.name)))


def get_life_areas_by_slug(slugs) -> dict[str, LifeArea]:
    slugs = set(slugs)
    if not slugs:
        return {}
    return {area.slug: area for area in db.session.scalars(select(LifeArea).where(LifeArea.slug.in_(slugs)))}


def get_life_areas(ids) -> list[LifeArea]:
    ids = set(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(LifeArea).where(LifeArea.id.in_(ids)).order_by(LifeArea.position)))


def list_localities() -> list[Locality]:
    return list(db.session.scalars(select(Locality).order_by(Locality.position, Locality.name)))


def slug_taken(slug: str, except_id: int | None = None) -> bool:
    query = select(Survey.id).where(Survey.slug == slug)
    if except_id is not None:
        query = query.where(Survey.id != except_id)
    return db.session.scalars(query).first() is not None
