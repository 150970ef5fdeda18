"""Joining a group poll or a workshop without an account: type the code at /mitmachen, or open
the short address /m/12345678 (what the QR code holds)."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.core import rate_limits
from participation.groups import join_codes, membership, queries

bp = Blueprint("join", __name__, template_folder="templates")

join_codes.register(join_codes.Joinable("poll", queries.poll_id_by_code, "join.poll"))


def _form(typed: str = "", error: str | None = None, status: int = 200):
    return render_template("groups/join.html", typed=typed, error=error), status


def _enter(code: str):
    found = join_codes.lookup(code)
    if found is None:
        rate_limits.count("wrong-code")
        return _form(join_codes.display(code), _("Diesen Code kennen wir nicht. Bitte prüfen Sie die Ziffern."), 404)
    joinable, _id = found
    return redirect(url_for(joinable.endpoint, code=code))


@bp.get("/mitmachen")
@rate_limits.limited("JOIN", methods=("GET",), only="wrong-code")
def form():
    """The code form; sent (as a GET, so it works without a session or JavaScript) it joins."""
    typed = request.args.get("code")
    if typed is None:
        return _form()
    code = join_codes.normalise(typed)
    if code is None:
        rate_limits.count("wrong-code")
        return _form(typed[:40], _("Ein Code hat 8 Ziffern, zum Beispiel 1234 5678."), 422)
    return _enter(code)


@bp.get("/m/<code>")
@rate_limits.limited("JOIN", methods=("GET",), only="wrong-code")
def short(code: str):
    """The short address on the projector and in the QR code."""
    normal = join_codes.normalise(code)
    if normal is None:
        rate_limits.count("wrong-code")
        return _form(code[:40], _("Ein Code hat 8 Ziffern, zum Beispiel 1234 5678."), 404)
    return _enter(normal)


@bp.get("/m/<code>/umfrage")
def poll(code: str):
    """A group poll: this browser may now answer it (once)."""
    poll_id = queries.poll_id_by_code(code) if join_codes.normalise(code) == code else None
    poll = queries.get_poll(poll_id) if poll_id else None
    if poll is None:
        abort(404)
    survey = poll.survey
    if survey.status != "open":
        status = 404 if survey.status == "draft" else 410
        return render_template("groups/join_unavailable.html", poll=poll, survey=survey), status
    membership.join(survey.id)
    return redirect(url_for("surveys.intro", slug=survey.slug))
