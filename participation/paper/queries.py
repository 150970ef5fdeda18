"""Reads for paper entry, imports and kiosk mode."""

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.surveys.models import Question, Survey, SurveyPage

#: Paper sheets are typed in while a survey runs, after it closed (returns by post) and after its
#: results are published (forms found late): a published version never changes, late forms are
#: counted in the next version, which withdraws the earlier ones (results/services.py).
PAPER_STATES = ("open", "closed", "published")
#: Open surveys first, those with published results last.
_ORDER = case({"open": 0, "closed": 1}, value=Survey.status, else_=2)


def list_paper_surveys() -> list[Survey]:
    """Surveys that take paper responses, open ones first."""
    return list(
        db.session.scalars(
            select(Survey).where(Survey.status.in_(PAPER_STATES), Survey.audience == "public").order_by(_ORDER, Survey.title)
        )
    )


def get_paper_survey(slug: str) -> Survey | None:
    return db.session.scalars(
        select(Survey).where(Survey.slug == slug, Survey.status.in_(PAPER_STATES), Survey.audience == "public")
    ).one_or_none()


def get_survey(survey_id: int) -> Survey | None:
    return db.session.get(Survey, survey_id)


def list_pages_for_display(page_ids: tuple[int, ...]) -> list[SurveyPage]:
    """The survey's pages with questions, options and show-if options loaded, in order."""
    if not page_ids:
        return []
    return list(
        db.session.scalars(
            select(SurveyPage)
            .where(SurveyPage.id.in_(page_ids))
            .order_by(SurveyPage.position)
            .options(
                selectinload(SurveyPage.questions).options(
                    selectinload(Question.options), selectinload(Question.show_if_options)
                )
            )
        )
    )
