"""Reads for the staff pages of access codes."""

from dataclasses import dataclass

from sqlalchemy import select

from participation.access.models import AccessCodeCount
from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.models import Survey


@dataclass(frozen=True)
class SurveyCodes:
    survey: Survey
    made: int
    used: int


def list_surveys_with_counts() -> list[SurveyCodes]:
    """Every survey with how many codes were made for it and how many of them are used."""
    rows = db.session.execute(
        select(Survey, AccessCodeCount.made, AccessCodeCount.used)
        .outerjoin(AccessCodeCount, AccessCodeCount.survey_id == Survey.id)
        .where(Survey.audience == "public")
        .order_by(Survey.title, Survey.id)
    )
    return [SurveyCodes(survey, made or 0, used or 0) for survey, made, used in rows]


def get_survey(slug: str) -> Survey | None:
    return db.session.scalars(select(Survey).where(Survey.slug == slug, Survey.audience == "public")).one_or_none()


def list_localities() -> list[Locality]:
    return list(db.session.scalars(select(Locality).order_by(Locality.position, Locality.name)))
