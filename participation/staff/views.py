"""Staff login, people and roles, one-time links, and the audit log."""

import datetime as dt
import math

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from participation.core.inputs import query_int, whole_number
from participation.core.redirects import local_path
from participation.extensions import db, limiter
from participation.staff import audit, auth, queries, services
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm, AuditFilterForm, InviteForm, LoginForm, PasswordForm, RolesForm
from participation.staff.models import StaffUser
from participation.staff.passwords import MIN_LENGTH, verify_password

bp = Blueprint("staff", __name__, url_prefix="/verwaltung", template_folder="templates")

ERRORS = {
    "keep_own_admin": lambda: _("Sie können sich die Administrationsrolle nicht selbst nehmen."),
    "keep_own_account": lambda: _("Sie können Ihr eigenes Konto nicht deaktivieren."),
    "unknown_role": lambda: _("Diese Rolle gibt es nicht."),
    "invalid_token": lambda: _("Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt. Bitte fragen Sie nach einem neuen Link."),
}


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    """Log a staff member in with e-mail and password."""
    form = LoginForm()
    failed = locked = False
    if form.validate_on_submit():
        config = current_app.config
        window = dt.timedelta(seconds=config["STAFF_LOGIN_WINDOW_SECONDS"])
        allowed = services.claim_login_attempt(config["SECRET_KEY"], form.email.data, config["STAFF_LOGIN_ATTEMPTS"], window)
        # Committed before the password is checked: every worker and host sees the attempt at once.
        db.session.commit()
        user = queries.get_user_by_email(form.email.data) if allowed else None
        if allowed and verify_password(user.password_hash if user else None, form.password.data) and user.is_active:
            services.clear_login_attempts(config["SECRET_KEY"], form.email.data)
            services.upgrade_hash_if_needed(user, form.password.data)
            audit.record("staff.login", user, actor_id=user.id)
            auth.log_in(user)
            db.session.commit()
            return redirect(local_path(request.args.get("next"), url_for(".dashboard")))
        locked, failed = not allowed, allowed
    expired = session.pop("staff_expired", False)
    status = 429 if locked else 401 if failed else 422 if form.errors else 200
    wait_minutes = math.ceil(current_app.config["STAFF_LOGIN_WINDOW_SECONDS"] / 60)
    return render_template("staff/login.html", form=form, failed=failed, locked=locked, wait_minutes=wait_minutes,
                           expired=expired), status


@bp.post("/abmelden")
@login_required
def logout():
    """End the staff session."""
    if not ActionForm().validate_on_submit():
        abort(400)
    auth.log_out()
    db.session.commit()
    session.clear()
    return redirect(url_for("pages.home"))


@bp.get("/")
@login_required
def dashboard():
    """Start page of the staff side: what this person may do."""
    return render_template("staff/dashboard.html")


@bp.route("/personen", methods=["GET", "POST"])
@role_required("admin")
def people():
    """List staff accounts and invite someone new (the link is shown once, to pass on)."""
    form = InviteForm()
    link = None
    if form.validate_on_submit():
        if queries.get_user_by_email(form.email.data):
            form.email.errors.append(_("Für diese E-Mail-Adresse gibt es schon ein Konto."))
        else:
            user = services.create_user(form.email.data, set(form.roles.data), form.display_name.data or "")
            token = services.issue_token(current_app.config["SECRET_KEY"], user, "invite")
            db.session.commit()
            link = url_for(".set_password", token=token, _external=True)
            form = InviteForm(formdata=None)
    status = 422 if form.errors else 200
    return render_template("staff/people.html", form=form, users=queries.list_users(), link=link), status


@bp.route("/personen/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def person(user_id: int):
    """Change roles, deactivate or reactivate, or make a new password link."""
    user = db.session.get(StaffUser, user_id) or abort(404)
    roles_form = RolesForm(data={"roles": sorted(user.roles)})
    action_form = ActionForm()
    link = None
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "roles" and roles_form.validate_on_submit():
                services.set_roles(user, set(roles_form.roles.data), current_user)
                flash(_("Die Rollen wurden gespeichert."))
            elif action in ("deactivate", "activate") and action_form.validate_on_submit():
                services.set_active(user, action == "activate", current_user)
                flash(_("Das Konto wurde aktiviert.") if action == "activate" else _("Das Konto wurde deaktiviert."))
            elif action == "reset" and action_form.validate_on_submit():
                purpose = "reset" if user.password_hash else "invite"
                link = url_for(".set_password", token=services.issue_token(current_app.config["SECRET_KEY"], user, purpose), _external=True)
            else:
                abort(400)
        except services.StaffError as error:
            db.session.rollback()
            flash(ERRORS[str(error)](), "error")
            return redirect(url_for(".person", user_id=user_id))
        db.session.commit()
        if link is None:
            return redirect(url_for(".person", user_id=user_id))
    return render_template("staff/person.html", user=user, roles_form=roles_form, action_form=action_form, link=link)


@bp.route("/passwort", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def set_password():
    """Set a password through a one-time link (the token rides in the query, which is not logged)."""
    form = PasswordForm()
    if request.method == "GET":
        form.token.data = request.args.get("token", "")
    elif form.validate_on_submit():
        try:
            user = services.redeem_token(current_app.config["SECRET_KEY"], form.token.data, form.password.data)
        except services.StaffError as error:
            db.session.rollback()
            return render_template("staff/password.html", form=form, problem=ERRORS[str(error)](), min_length=MIN_LENGTH), 400
        auth.log_in(user)
        db.session.commit()
        flash(_("Ihr Passwort ist gespeichert. Sie sind angemeldet."))
        return redirect(url_for(".dashboard"))
    return render_template("staff/password.html", form=form, problem=None, min_length=MIN_LENGTH), 422 if form.errors else 200


@bp.get("/protokoll")
@role_required("admin")
def audit_log():
    """The audit log of staff actions, filtered by action, person and period."""
    form = AuditFilterForm(request.args)
    form.action.choices = [SelectChoice("", _("alle"))] + [SelectChoice(a) for a in queries.list_audit_actions()]
    form.actor.choices = [SelectChoice("", _("alle"))] + [SelectChoice(str(u.id), u.email) for u in queries.list_users()]
    page = query_int("seite", 1)
    form.validate()
    events = queries.list_audit_events(
        action=form.action.data or "",
        actor_id=whole_number(form.actor.data),
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
        page=page,
    )
    more = len(events) > queries.AUDIT_PAGE_SIZE
    return render_template("staff/audit.html", form=form, events=events[: queries.AUDIT_PAGE_SIZE], page=page, more=more)
