"""Reads of the analyst's pages: which surveys can be closed, previewed or published."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.results.models import ResultSnapshot
from participation.surveys.models import Survey
from participation.surveys.records import Response

SHOWN = ("open", "closed", "published")


def surveys_for_analysts() -> list[tuple[Survey, int]]:
    """Surveys past the draft stage with their latest published version (0: none yet)."""
    latest = (
        select(ResultSnapshot.survey_id, func.max(ResultSnapshot.version).label("version"))
        .group_by(ResultSnapshot.survey_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Survey, func.coalesce(latest.c.version, 0))
        .outerjoin(latest, latest.c.survey_id == Survey.id)
        .where(Survey.status.in_(SHOWN), Survey.audience == "public")
        .order_by(Survey.title)
    )
    return [(survey, version) for survey, version in rows]


def get_survey(slug: str) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.slug == slug, Survey.status.in_(SHOWN), Survey.audience == "public"))


def stored_responses(survey_id: int) -> int:
    """How many responses the survey has now (web, paper, kiosk): compared with a version's count."""
    return db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey_id))
