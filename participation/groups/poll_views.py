"""The organiser's group polls: new from a template, the poll's page (join code, QR code, how many
have answered), open and close, paper answers, protected results, the projector view, handing
the result to the town. Routes live on the groups blueprint (register() below)."""

import hashlib

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from participation.builder.messages import describe_error, describe_problem
from participation.builder.services import BuilderError
from participation.builder.structure import opening_problems
from participation.core.clock import town_today
from participation.extensions import db
from participation.groups import join_codes, membership, poll_services, queries
from participation.groups.poll_forms import NewPollForm
from participation.groups.poll_results import results_view
from participation.groups.services import GroupError
from participation.groups.views import bp, own_group_or_404
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm

ERRORS = {
    "not_reopenable": lambda: _("Diese Umfrage kann gerade nicht wieder geöffnet werden."),
    "nothing_to_share": lambda: _("Es gibt noch kein Ergebnis, das Sie weitergeben könnten."),
    "delete_only_drafts": lambda: _("Nur Entwürfe können gelöscht werden. Eine Umfrage mit Antworten bleibt erhalten."),
}


def own_poll_or_404(poll_id: int):
    return queries.own_poll(current_user.id, poll_id) or abort(404)


def join_url(code: str) -> str:
    return url_for("join.short", code=code, _external=True)


def new_poll(group_id: int):
    """Create a draft poll for the group from the chosen template."""
    group = own_group_or_404(group_id)
    form = NewPollForm()
    if not form.validate_on_submit():
        return render_template("groups/group.html", group=group, poll_form=form), 422
    poll = poll_services.create_poll(group, form.template.data, form.title.data or "")
    db.session.commit()
    flash(_("Die Umfrage ist als Entwurf angelegt. Prüfen Sie die Fragen und öffnen Sie sie dann."))
    return redirect(url_for(".poll", poll_id=poll.id))


def poll(poll_id: int):
    poll = own_poll_or_404(poll_id)
    survey = poll.survey
    problems = opening_problems(survey, town_today()) if survey.status == "draft" else []
    return render_template(
        "groups/poll.html",
        poll=poll,
        survey=survey,
        answered=queries.count_answers(survey.id),
        minimum=current_app.config["GROUP_POLL_MIN"],
        code=join_codes.display(poll.join_code),
        url=join_url(poll.join_code),
        qr=join_codes.qr_svg(join_url(poll.join_code)),
        problems=[describe_problem(problem) for problem in problems],
        form=ActionForm(),
        refresh=current_app.config["GROUP_REFRESH_SECONDS"],
    )


def answered_count(poll_id: int):
    """How many have answered, for the poll page's short polling: a tiny JSON with an ETag, so an
    unchanged count costs a 304 and no body."""
    poll = own_poll_or_404(poll_id)
    count = queries.count_answers(poll.survey_id)
    body = f'{{"answered": {count}, "status": "{poll.survey.status}"}}'
    etag = hashlib.sha256(body.encode()).hexdigest()[:16]
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def change_status(poll_id: int):
    poll = own_poll_or_404(poll_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    target = request.form.get("target", "")
    today = town_today()
    try:
        if target == "open":
            poll_services.open_poll(poll, today)
            message = _("Die Umfrage ist offen. Zeigen Sie den Code oder den QR-Code, damit alle mitmachen können.")
        elif target == "close" and poll.survey.status == "open":
            snapshot = poll_services.close_poll(poll, poll_services.poll_policy(current_app.config), today)
            message = _("Die Umfrage ist beendet. Das geschützte Ergebnis steht bereit.") if snapshot else _(
                "Die Umfrage ist beendet. Es haben weniger als %(n)s Personen geantwortet, deshalb gibt es kein Ergebnis. "
                "Sie können die Umfrage wieder öffnen, damit mehr mitmachen.", n=current_app.config["GROUP_POLL_MIN"])
        else:
            abort(400)
    except BuilderError as error:
        db.session.rollback()
        flash(describe_error(error), "error")
        for problem in error.problems:
            flash(describe_problem(problem), "error")
        return redirect(url_for(".poll", poll_id=poll.id))
    except GroupError as error:
        db.session.rollback()
        flash(ERRORS[error.code](), "error")
        return redirect(url_for(".poll", poll_id=poll.id))
    db.session.commit()
    flash(message)
    return redirect(url_for(".poll", poll_id=poll.id))


def paper_entry(poll_id: int):
    """Type in answers given on paper, one after another, in this browser."""
    poll = own_poll_or_404(poll_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if poll.survey.status != "open":
        flash(_("Antworten können nur eingegeben werden, solange die Umfrage offen ist."), "error")
        return redirect(url_for(".poll", poll_id=poll.id))
    membership.start_paper_entry(poll.survey_id)
    return redirect(url_for("surveys.intro", slug=poll.survey.slug))


def poll_results(poll_id: int):
    poll = own_poll_or_404(poll_id)
    view = results_view(poll, str(get_locale()))
    return render_template("groups/poll_results.html", poll=poll, survey=poll.survey, view=view, form=ActionForm())


def projector(poll_id: int):
    """For the projector: the code and QR code while the poll is open, its results once closed."""
    poll = own_poll_or_404(poll_id)
    view = results_view(poll, str(get_locale())) if poll.survey.status == "published" else None
    return render_template(
        "groups/poll_projector.html",
        poll=poll,
        survey=poll.survey,
        view=view,
        code=join_codes.display(poll.join_code),
        url=join_url(poll.join_code),
        qr=join_codes.qr_svg(join_url(poll.join_code)),
    )


def qr_code(poll_id: int):
    """The join address's QR code on its own, to download or print."""
    poll = own_poll_or_404(poll_id)
    svg = join_codes.qr_svg(join_url(poll.join_code)).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Disposition"] = f'inline; filename="mitmachen-{poll.join_code}.svg"'
    return response


def share(poll_id: int):
    poll = own_poll_or_404(poll_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    shared = request.form.get("shared") == "1"
    try:
        poll_services.share_poll(poll, shared, town_today())
    except GroupError as error:
        db.session.rollback()
        flash(ERRORS[error.code](), "error")
        return redirect(url_for(".poll", poll_id=poll.id))
    db.session.commit()
    flash(_("Das Ergebnis ist an die Stadt weitergegeben.") if shared else _("Das Ergebnis wird nicht mehr weitergegeben."))
    return redirect(url_for(".poll", poll_id=poll.id))


def delete_poll(poll_id: int):
    poll = own_poll_or_404(poll_id)
    form = ActionForm()
    if form.validate_on_submit():
        group_id = poll.group_id
        try:
            poll_services.delete_poll(poll)
        except GroupError as error:
            db.session.rollback()
            flash(ERRORS[error.code](), "error")
            return redirect(url_for(".poll", poll_id=poll.id))
        db.session.commit()
        flash(_("Der Entwurf wurde gelöscht."))
        return redirect(url_for(".group", group_id=group_id))
    return render_template("builder/confirm.html", form=form,
                           title=_("Entwurf „%(title)s“ löschen?", title=poll.survey.title),
                           text=_("Die Umfrage wird mit allen Fragen gelöscht. Das lässt sich nicht rückgängig machen."),
                           button=_("Entwurf löschen"), cancel=url_for(".poll", poll_id=poll.id))


def _register() -> None:
    """Put the poll routes on the groups blueprint, each for organisers only."""
    routes = [
        ("/<int:group_id>/umfragen/neu", new_poll, ["POST"]),
        ("/umfragen/<int:poll_id>", poll, ["GET"]),
        ("/umfragen/<int:poll_id>/stand", answered_count, ["GET"]),
        ("/umfragen/<int:poll_id>/status", change_status, ["POST"]),
        ("/umfragen/<int:poll_id>/papier", paper_entry, ["POST"]),
        ("/umfragen/<int:poll_id>/ergebnis", poll_results, ["GET"]),
        ("/umfragen/<int:poll_id>/projektor", projector, ["GET"]),
        ("/umfragen/<int:poll_id>/qr.svg", qr_code, ["GET"]),
        ("/umfragen/<int:poll_id>/teilen", share, ["POST"]),
        ("/umfragen/<int:poll_id>/loeschen", delete_poll, ["GET", "POST"]),
    ]
    for rule, view, methods in routes:
        bp.add_url_rule(rule, view.__name__, role_required("organiser")(view), methods=methods)


_register()
