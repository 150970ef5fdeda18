"""Reads of the organisers' side: an organiser's own groups and what belongs to them."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.groups.models import Group, GroupPoll
from participation.localities.models import Locality
from participation.results.models import ResultSnapshot
from participation.surveys.models import Survey
from participation.surveys.records import Response


def list_groups(organiser_id: int) -> list[Group]:
    return list(
        db.session.scalars(
            select(Group)
            .where(Group.organiser_id == organiser_id)
            .options(selectinload(Group.locality), selectinload(Group.polls).selectinload(GroupPoll.survey))
            .order_by(Group.name, Group.id)
        )
    )


def own_group(organiser_id: int, group_id: int) -> Group | None:
    """The group if it is this organiser's (anyone else's group is as unknown as a missing one)."""
    return db.session.scalars(
        select(Group).where(Group.id == group_id, Group.organiser_id == organiser_id)
    ).one_or_none()


def own_poll(organiser_id: int, poll_id: int) -> GroupPoll | None:
    return db.session.scalars(
        select(GroupPoll)
        .join(Group)
        .where(GroupPoll.id == poll_id, Group.organiser_id == organiser_id)
        .options(selectinload(GroupPoll.survey), selectinload(GroupPoll.group))
    ).one_or_none()


def poll_of_survey(survey_id: int) -> GroupPoll | None:
    return db.session.scalars(
        select(GroupPoll).where(GroupPoll.survey_id == survey_id).options(selectinload(GroupPoll.group))
    ).one_or_none()


def poll_id_by_code(code: str) -> int | None:
    return db.session.scalar(select(GroupPoll.id).where(GroupPoll.join_code == code))


def get_poll(poll_id: int) -> GroupPoll | None:
    return db.session.get(GroupPoll, poll_id)


def count_answers(survey_id: int) -> int:
    """Stored responses of the poll, exact: the organiser is in the room and sees hands go down;
    a count says nothing about what anyone answered."""
    return db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey_id)) or 0


def list_localities() -> list[Locality]:
    return list(db.session.scalars(select(Locality).order_by(Locality.position, Locality.name)))


@dataclass(frozen=True)
class HandedOver:
    """A group's protected result handed to the town: whose voice it is, and where to read it."""

    group_kind: str
    locality_slug: str | None
    survey_id: int
    snapshot_id: int
    version: int


def handed_over_results() -> list[HandedOver]:
    """Every poll result organisers handed to the town, as its current published version: what
    the life-area derivation reads for the voice of schools, clubs and businesses (snapshots only,
    never rows)."""
    latest = (
        select(ResultSnapshot.survey_id, func.max(ResultSnapshot.version).label("version"))
        .where(ResultSnapshot.withdrawn.is_(False))
        .group_by(ResultSnapshot.survey_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Group.kind, Locality.slug, GroupPoll.survey_id, ResultSnapshot.id, ResultSnapshot.version)
        .join(Group, Group.id == GroupPoll.group_id)
        .outerjoin(Locality, Locality.id == Group.locality_id)
        .join(latest, latest.c.survey_id == GroupPoll.survey_id)
        .join(ResultSnapshot, (ResultSnapshot.survey_id == latest.c.survey_id) & (ResultSnapshot.version == latest.c.version))
        .join(Survey, Survey.id == GroupPoll.survey_id)
        .where(GroupPoll.shared.is_(True), Survey.status == "published")
        .order_by(GroupPoll.id)
    ).all()
    return [HandedOver(*row) for row in rows]
