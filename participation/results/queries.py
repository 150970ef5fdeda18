"""Reads for the public result pages and the API: published snapshots, their versions, charts."""

from sqlalchemy import func, select
from sqlalchemy.orm import defer, load_only, selectinload

from participation.extensions import db
from participation.localities.models import LifeArea
from participation.results.models import ResultChart, ResultSnapshot
from participation.groups.models import GroupPoll
from participation.surveys.models import Survey

#: Results are public only after a survey has closed; a snapshot of a reopened survey stays hidden.
PUBLIC_STATES = ("closed", "published", "archived")


def _public_audience():
    """The town's surveys, and group polls whose organiser handed the result to the town."""
    shared = select(GroupPoll.id).where(GroupPoll.survey_id == Survey.id, GroupPoll.shared.is_(True)).exists()
    return (Survey.audience == "public") | shared


def _latest_versions():
    """The current version of each survey: the newest one not withdrawn."""
    return (
        select(ResultSnapshot.survey_id, func.max(ResultSnapshot.version).label("version"))
        .where(ResultSnapshot.withdrawn.is_(False))
        .group_by(ResultSnapshot.survey_id)
        .subquery()
    )


def list_published(limit: int | None = None) -> list[tuple[Survey, ResultSnapshot]]:
    """Surveys with published results and their latest snapshot, newest publication first.

    The snapshot's large `data` column is not loaded: lists need only the version and the date.
    """
    latest = _latest_versions()
    query = (
        select(Survey, ResultSnapshot)
        .join(latest, latest.c.survey_id == Survey.id)
        .join(
            ResultSnapshot,
            (ResultSnapshot.survey_id == latest.c.survey_id) & (ResultSnapshot.version == latest.c.version),
        )
        .where(Survey.status.in_(PUBLIC_STATES), _public_audience())
        .options(load_only(ResultSnapshot.id, ResultSnapshot.version, ResultSnapshot.published_on, ResultSnapshot.survey_id))
        .options(selectinload(Survey.locality))
        .order_by(ResultSnapshot.published_on.desc(), ResultSnapshot.id.desc())
        .limit(limit)
    )
    return [(survey, snapshot) for survey, snapshot in db.session.execute(query)]


def get_published_survey(slug: str) -> Survey | None:
    """The survey if its results may be shown (it has a snapshot and is no longer open)."""
    has_snapshot = select(ResultSnapshot.id).where(ResultSnapshot.survey_id == Survey.id).exists()
    return db.session.scalars(
        select(Survey).where(Survey.slug == slug, Survey.status.in_(PUBLIC_STATES), has_snapshot, _public_audience())
    ).one_or_none()


def get_snapshot(survey_id: int, version: int | None = None) -> ResultSnapshot | None:
    """A version of a survey's results (without its data); without a version, the current one
    (the latest not withdrawn). A numbered version may be withdrawn: callers check `withdrawn`."""
    query = select(ResultSnapshot).where(ResultSnapshot.survey_id == survey_id).options(defer(ResultSnapshot.data))
    if version is None:
        query = query.where(ResultSnapshot.withdrawn.is_(False)).order_by(ResultSnapshot.version.desc()).limit(1)
    else:
        query = query.where(ResultSnapshot.version == version)
    return db.session.scalars(query).first()


def snapshot_data(snapshot_id: int) -> dict:
    """The published tables of a snapshot (large: read only when a page or chart is not cached)."""
    return db.session.scalar(select(ResultSnapshot.data).where(ResultSnapshot.id == snapshot_id))


def list_versions(survey_id: int) -> list[ResultSnapshot]:
    """Every version of a survey's results, withdrawn ones too (shown as such), newest first,
    without their data."""
    return list(
        db.session.scalars(
            select(ResultSnapshot)
            .where(ResultSnapshot.survey_id == survey_id)
            .options(
                load_only(
                    ResultSnapshot.id,
                    ResultSnapshot.version,
                    ResultSnapshot.published_on,
                    ResultSnapshot.reason,
                    ResultSnapshot.withdrawn,
                    ResultSnapshot.withdrawn_reason,
                )
            )
            .order_by(ResultSnapshot.version.desc())
        )
    )


def get_chart_svg(snapshot_id: int, key: str, language: str) -> str | None:
    return db.session.scalar(
        select(ResultChart.svg).where(
            ResultChart.snapshot_id == snapshot_id, ResultChart.key == key, ResultChart.language == language
        )
    )


def life_areas_by_slug(slugs: set[str]) -> dict[str, LifeArea]:
    if not slugs:
        return {}
    return {area.slug: area for area in db.session.scalars(select(LifeArea).where(LifeArea.slug.in_(slugs)))}
