"""Login sessions and role checks for staff pages."""

import datetime as dt
import functools

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user

from participation.extensions import db
from participation.staff import queries, services
from participation.staff.models import StaffUser, utcnow

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(session_id: str) -> StaffUser | None:
    user_id, _, generation = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(StaffUser, int(user_id))
    if user is None or str(user.session_generation) != generation or not user.is_active:
        return None
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    return redirect(url_for("staff.login", next=request.path))


#: The random id of this browser's login; the server keeps its keyed hash in `staff_sessions`.
SESSION_ID_KEY = "staff_session"
#: The server's record of activity is written at most this often (not on every request).
TOUCH_INTERVAL = dt.timedelta(minutes=1)


def init_app(app) -> None:
    login_manager.init_app(app)
    app.before_request(_check_staff_session)


def _idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])


def log_in(user: StaffUser) -> None:
    """Log `user` in on this browser, with a fresh session on the server (the view commits)."""
    session_id = services.open_staff_session(current_app.config["SECRET_KEY"], user, _idle_limit())
    session.pop("staff_expired", None)
    login_user(user)
    session[SESSION_ID_KEY] = session_id


def log_out() -> None:
    """End this browser's staff session here and on the server (the view commits).

    Whatever else the session holds (a kiosk lock, the language) stays; the caller may clear it.
    """
    session_id = session.pop(SESSION_ID_KEY, None)
    if session_id:
        services.end_staff_session(services.hash_session_id(current_app.config["SECRET_KEY"], session_id))
    logout_user()


def _check_staff_session() -> None:
    """The server decides whether a staff login still holds: a cookie whose session was logged out,
    ended everywhere or idle for STAFF_IDLE_MINUTES is not logged in, however often it is replayed."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    record = queries.get_staff_session(current_app.config["SECRET_KEY"], session.get(SESSION_ID_KEY, ""))
    user_id = str(session["_user_id"]).partition(":")[0]
    now = utcnow()
    if record is None or str(record.user_id) != user_id:
        db.session.rollback()
        _forget_login()
        return
    idle = now - record.last_seen_at > _idle_limit()
    if not idle and now - record.last_seen_at < TOUCH_INTERVAL:
        db.session.rollback()  # ends the read, so the view's transaction sees the latest state
        return
    id_hash = record.id_hash
    # A fresh transaction that starts by writing: SQLite waits for the write lock instead of
    # failing to upgrade a read (GET requests begin deferred, core/database.py).
    db.session.rollback()
    if idle:
        services.end_staff_session(id_hash)
    alive = not idle and services.touch_staff_session(id_hash, _idle_limit())
    db.session.commit()
    if not alive:
        _forget_login(expired=True)


def _forget_login(expired: bool = False) -> None:
    for key in ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds", SESSION_ID_KEY):
        session.pop(key, None)
    if expired:
        session["staff_expired"] = True


def role_required(*roles: str):
    """Only logged-in staff holding one of `roles` may use the view.

    Admins have no blanket access: an admin who edits surveys gives themselves the editor role,
    which the audit log records.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
