"""Login sessions and role checks for staff pages."""

import datetime as dt
import functools

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import LoginManager, current_user

from participation.extensions import db
from participation.staff.models import StaffUser

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


def init_app(app) -> None:
    login_manager.init_app(app)
    app.before_request(_expire_idle_staff_session)


def _expire_idle_staff_session() -> None:
    """Staff sessions end after a while without activity (STAFF_IDLE_MINUTES)."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    now = int(dt.datetime.now(dt.UTC).timestamp())
    last = session.get("staff_seen", now)
    if now - last > current_app.config["STAFF_IDLE_MINUTES"] * 60:
        session.clear()
        session["staff_expired"] = True
        return
    if now - last > 60:  # write the cookie at most once a minute
        session["staff_seen"] = now


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
