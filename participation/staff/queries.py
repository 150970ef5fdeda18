"""Reads for the staff pages."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.extensions import db
from participation.staff.models import AuditEvent, StaffSession, StaffUser
from participation.staff.services import hash_session_id, normalise_email

AUDIT_PAGE_SIZE = 50


def get_user_by_email(email: str) -> StaffUser | None:
    return db.session.scalars(select(StaffUser).where(StaffUser.email == normalise_email(email))).one_or_none()


def get_staff_session(secret: str, session_id: str) -> StaffSession | None:
    return db.session.get(StaffSession, hash_session_id(secret, session_id)) if session_id else None


def list_users() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))


def list_audit_events(action: str = "", actor_id: int | None = None, since: dt.date | None = None,
                      until: dt.date | None = None, page: int = 1) -> list[AuditEvent]:
    query = select(AuditEvent).options(selectinload(AuditEvent.actor)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(since, dt.time.min))
    if until:
        query = query.where(AuditEvent.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    query = query.limit(AUDIT_PAGE_SIZE + 1).offset((max(page, 1) - 1) * AUDIT_PAGE_SIZE)
    return list(db.session.scalars(query))


def list_audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
