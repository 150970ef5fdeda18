"""Changes to staff accounts; every one is written to the audit log. Flush, never commit."""

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite

from participation.extensions import db
from participation.staff import audit
from participation.staff.models import ROLES, StaffLoginAttempts, StaffRole, StaffSession, StaffToken, StaffUser, utcnow
from participation.staff.passwords import hash_password, needs_rehash

TOKEN_LIFETIME = {"invite": dt.timedelta(days=7), "reset": dt.timedelta(days=1)}


class StaffError(ValueError):
    """A change that must not happen (the message is a code the view translates)."""


def hash_token(secret: str, token: str) -> str:
    return hmac.new(secret.encode(), b"staff-token:" + token.encode(), hashlib.sha256).hexdigest()


def hash_session_id(secret: str, session_id: str) -> str:
    return hmac.new(secret.encode(), b"staff-session:" + session_id.encode(), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def login_key(secret: str, email: str) -> str:
    return hmac.new(secret.encode(), b"staff-login:" + normalise_email(email).encode(), hashlib.sha256).hexdigest()


def claim_login_attempt(secret: str, email: str, limit: int, window: dt.timedelta) -> bool:
    """Count one login attempt for `email`; False when its window already holds `limit` attempts.

    Called before the password is checked, so a locked address costs no argon2 work, and in one
    statement, so simultaneous requests in several workers cannot all pass the same check: the
    database serialises them on the row (the caller commits before checking the password).
    """
    now = utcnow()
    cutoff = now - window
    db.session.execute(delete(StaffLoginAttempts).where(StaffLoginAttempts.window_started < cutoff))
    table = StaffLoginAttempts.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(key_hash=login_key(secret, email), attempts=1, window_started=now)
    expired = table.c.window_started < cutoff  # the row of a window that ended after the delete above
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key_hash],
        set_={
            "attempts": case((expired, 1), else_=table.c.attempts + 1),
            "window_started": case((expired, now), else_=table.c.window_started),
        },
        where=(table.c.attempts < limit) | expired,
    ).returning(table.c.attempts)
    return db.session.execute(statement).first() is not None


def clear_login_attempts(secret: str, email: str) -> None:
    """After a successful login the address starts afresh."""
    db.session.execute(delete(StaffLoginAttempts).where(StaffLoginAttempts.key_hash == login_key(secret, email)))


def create_user(email: str, roles: set[str], display_name: str = "", password: str | None = None) -> StaffUser:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise StaffError("unknown_role")
    user = StaffUser(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password) if password else None,
    )
    user.role_rows = [StaffRole(role=role) for role in sorted(roles)]
    db.session.add(user)
    db.session.flush()
    audit.record("staff.create", user, email=user.email, roles=sorted(roles))
    return user


def issue_token(secret: str, user: StaffUser, purpose: str) -> str:
    """Make a one-time link token (shown once to the admin); earlier unused ones stop working."""
    for old in db.session.scalars(db.select(StaffToken).where(StaffToken.user_id == user.id, StaffToken.used.is_(False))):
        old.used = True
    token = secrets.token_urlsafe(24)
    db.session.add(
        StaffToken(
            token_hash=hash_token(secret, token),
            user_id=user.id,
            purpose=purpose,
            expires_at=utcnow() + TOKEN_LIFETIME[purpose],
        )
    )
    audit.record(f"staff.{purpose}_link", user)
    db.session.flush()
    return token


def redeem_token(secret: str, token: str, password: str) -> StaffUser:
    """Set the password through a one-time link; the link is used up and other sessions end."""
    token_hash = hash_token(secret, token)
    row = db.session.get(StaffToken, token_hash)
    if row is None or not row.user.is_active_account:
        raise StaffError("invalid_token")
    # Hashed before the row is locked: argon2 takes a second on a busy machine, and the others
    # waiting for the lock would run into the database's lock timeout (core/deadlines.py).
    password_hash = hash_password(password)
    # Reading `used` and then setting it let two simultaneous requests both pass the check. The
    # conditional UPDATE is decided by the database: the row lock (PostgreSQL) or the write lock
    # (SQLite) lets exactly one request change the row; the others change nothing.
    claimed = db.session.execute(
        update(StaffToken)
        .where(StaffToken.token_hash == token_hash, StaffToken.used.is_(False), StaffToken.expires_at >= utcnow())
        .values(used=True)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise StaffError("invalid_token")
    user = row.user
    user.password_hash = password_hash
    user.session_generation += 1
    end_sessions_of(user)
    audit.record("staff.password_set", user, actor_id=user.id, via=row.purpose)
    db.session.flush()
    return user


def set_roles(user: StaffUser, roles: set[str], acting: StaffUser) -> None:
    if set(roles) - set(ROLES):
        raise StaffError("unknown_role")
    if user.id == acting.id and "admin" not in roles:
        raise StaffError("keep_own_admin")
    before = sorted(user.roles)
    user.role_rows = [row for row in user.role_rows if row.role in roles]
    user.role_rows += [StaffRole(role=role) for role in sorted(set(roles) - user.roles)]
    audit.record("staff.roles", user, before=before, after=sorted(roles))
    db.session.flush()


def set_active(user: StaffUser, active: bool, acting: StaffUser) -> None:
    if user.id == acting.id and not active:
        raise StaffError("keep_own_account")
    user.is_active_account = active
    user.session_generation += 1
    end_sessions_of(user)
    audit.record("staff.activate" if active else "staff.deactivate", user)
    db.session.flush()


def upgrade_hash_if_needed(user: StaffUser, password: str) -> None:
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)


def open_staff_session(secret: str, user: StaffUser, idle: dt.timedelta) -> str:
    """Record a new login on the server; returns the random id for the cookie (only its hash is kept).

    Sessions idle for longer than `idle` are deleted on the way, so the table holds live ones only.
    """
    now = utcnow()
    db.session.execute(delete(StaffSession).where(StaffSession.last_seen_at < now - idle))
    session_id = secrets.token_urlsafe(32)
    db.session.add(StaffSession(id_hash=hash_session_id(secret, session_id), user_id=user.id, created_at=now, last_seen_at=now))
    db.session.flush()
    return session_id


def touch_staff_session(id_hash: str, idle: dt.timedelta) -> bool:
    """Note activity; False when the session ended meanwhile (logged out, or idle for too long)."""
    now = utcnow()
    touched = db.session.execute(
        update(StaffSession)
        .where(StaffSession.id_hash == id_hash, StaffSession.last_seen_at >= now - idle)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    return touched.rowcount == 1


def end_staff_session(id_hash: str) -> None:
    db.session.execute(delete(StaffSession).where(StaffSession.id_hash == id_hash))


def end_sessions_of(user: StaffUser) -> None:
    """Log the account out everywhere (deactivated, or a new password was set)."""
    db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
