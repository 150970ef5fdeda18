"""Staff of the administration: accounts, roles, one-time links and the audit log.

Nothing here ever refers to a resident or a response.
"""

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db

ROLES = ("admin", "editor", "moderator", "analyst", "organiser")
TOKEN_PURPOSES = ("invite", "reset")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so "A@x.de" and "a@x.de" are one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    #: argon2id hash; None until the invitation was accepted.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active_account: Mapped[bool] = mapped_column("active", Boolean, default=True)
    #: Part of the login session's id: raising it logs the account out everywhere.
    session_generation: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    role_rows: Mapped[list["StaffRole"]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> set[str]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account and self.password_hash is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    def __repr__(self) -> str:
        return f"<StaffUser {self.id}>"


class StaffRole(db.Model):
    __tablename__ = "staff_roles"
    __table_args__ = (CheckConstraint("role IN ('admin', 'editor', 'moderator', 'analyst', 'organiser')", name="role_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)


class StaffToken(db.Model):
    """A one-time link to set a password (invitation or reset); only its keyed hash is stored."""

    __tablename__ = "staff_tokens"
    __table_args__ = (CheckConstraint("purpose IN ('invite', 'reset')", name="purpose_known"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(8))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[StaffUser] = relationship()


class StaffLoginAttempts(db.Model):
    """Login attempts per e-mail address typed at the staff login, in the current window.

    Kept in the database so every worker and host counts together. The key is a keyed hash of the
    typed address, known account or not, so unknown addresses behave exactly like real ones and the
    table does not tell which accounts exist. Nothing about the client is stored; rows whose window
    has passed are deleted with the next attempt.
    """

    __tablename__ = "staff_login_attempts"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    #: Start of the window (fixed, not sliding): the address is free again this long after it.
    window_started: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class StaffSession(db.Model):
    """A staff login on the server: logging out deletes it, so a copied cookie is worth nothing after.

    The cookie carries a random id; only its keyed hash is stored. `last_seen_at` is the server's
    record of activity for the idle timeout: a replayed cookie cannot move it once the row is gone.
    """

    __tablename__ = "staff_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: Updated at most once a minute; older than STAFF_IDLE_MINUTES means the session has ended.
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class AuditEvent(db.Model):
    """Who changed what, when: staff actions only, never resident data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    #: Dotted name, e.g. "survey.create", "staff.roles".
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(60), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[StaffUser | None] = relationship()
