"""The facilitator's side of the live workshop: start one for a group, the round's page (join
code, phases and rounds, card collection and dot voting, paper cards, dots from the room), the
limits, the projector. Topics, hand-over and export are in workshop_wall_views.py. Routes live on
the groups blueprint (_register() below), for organisers only, for their own groups only.
"""

import hashlib
import secrets

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from participation.extensions import db
from participation.groups import join_codes, workshop_queries as queries, workshop_services as services
from participation.groups.poll_forms import NewPollForm
from participation.groups.services import GroupError
from participation.groups.views import bp, own_group_or_404
from participation.groups.workshop_forms import (
    PHASE_HINTS, PHASE_LABELS, PHASE_PROMPTS, EditCardForm, PhaseForm, RoomCardForm, SwitchForm, WorkshopForm, room_dots_form,
)
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm

ERRORS = {
    "workshop_has_cards": lambda: _("Diese Werkstatt hat schon Karten. Sie bleibt, damit erhalten bleibt, was der Raum geschrieben hat."),
    "unknown_phase": lambda: _("Diese Phase gibt es nicht."),
    "unknown_switch": lambda: _("Das lässt sich nicht öffnen oder schließen."),
    "unknown_cluster": lambda: _("Dieses Thema gibt es in dieser Runde nicht."),
}


@bp.app_context_processor
def _workshop_labels() -> dict:
    return {"phase_labels": PHASE_LABELS, "phase_prompts": PHASE_PROMPTS, "phase_hints": PHASE_HINTS}


@bp.app_template_global()
def group_workshops(group_id: int) -> list:
    """The group's workshops, for its page (groups/_group_workshops.html)."""
    return queries.list_workshops(group_id)


NEW_PREFIX = "werkstatt"


@bp.app_template_global()
def new_workshop_form() -> WorkshopForm:
    # Prefixed: the group page's poll form has a "title" too, and ids must be unique on a page.
    return WorkshopForm(formdata=None, prefix=NEW_PREFIX, data={"dots_per_participant": current_app.config["WORKSHOP_DOTS_DEFAULT"]})


def own_workshop_or_404(workshop_id: int):
    return queries.own_workshop(current_user.id, workshop_id) or abort(404)


def stage_or_404(workshop, stage_id: int):
    return queries.get_stage(workshop.id, stage_id) or abort(404)


def join_url(code: str) -> str:
    return url_for("join.short", code=code, _external=True)


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _back(workshop, stage=None, anchor=None):
    if stage is None or stage.number == workshop.round and stage.phase == workshop.phase:
        return redirect(url_for(".workshop", workshop_id=workshop.id, _anchor=anchor))
    return redirect(url_for(".workshop_stage", workshop_id=workshop.id, stage_id=stage.id, _anchor=anchor))


def _error(error: GroupError, workshop, stage=None):
    db.session.rollback()
    flash(ERRORS[error.code](), "error")
    return _back(workshop, stage)


def new_workshop(group_id: int):
    """Start a workshop for the group, in round 1 of the critique phase."""
    group = own_group_or_404(group_id)
    form = WorkshopForm(prefix=NEW_PREFIX)
    if not form.validate_on_submit():
        html = render_template("groups/group.html", group=group, poll_form=NewPollForm(formdata=None), workshop_form=form)
        return html, 400 if "csrf_token" in form.errors else 422
    workshop = services.create_workshop(group, form.title.data, form.dots_per_participant.data, form.max_dots_per_card.data)
    db.session.commit()
    flash(_("Die Werkstatt ist angelegt. Öffnen Sie das Sammeln der Karten, wenn alle im Raum sind."))
    return redirect(url_for(".workshop", workshop_id=workshop.id))


def _render(workshop, stage, card_form=None, room_form=None, status=200):
    current = queries.current_stage(workshop)
    wall = queries.wall(stage)
    url = join_url(workshop.join_code)
    html = render_template(
        "groups/workshop.html",
        workshop=workshop, group=workshop.group, stage=stage, current=current, is_current=stage.id == current.id,
        wall=wall, stages=queries.list_stages(workshop.id),
        card_form=card_form or RoomCardForm(formdata=None, data={"submission_key": secrets.token_urlsafe(24)}),
        room_form=room_form or room_dots_form([view.card for view in wall.cards]),
        form=ActionForm(), phase_form=PhaseForm(formdata=None), code=join_codes.display(workshop.join_code),
        url=url, qr=join_codes.qr_svg(url),
        over=queries.over_limits(current.id, workshop.dots_per_participant, workshop.max_dots_per_card),
    )
    return html, status


def workshop(workshop_id: int):
    """The round everyone works in now."""
    workshop = own_workshop_or_404(workshop_id)
    return _render(workshop, queries.current_stage(workshop))


def workshop_stage(workshop_id: int, stage_id: int):
    """Another round of the workshop: its cards, topics and dots."""
    workshop = own_workshop_or_404(workshop_id)
    return _render(workshop, stage_or_404(workshop, stage_id))


def workshop_phase(workshop_id: int):
    """Move everyone to a phase: its latest round, or a new one."""
    workshop = own_workshop_or_404(workshop_id)
    form = PhaseForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        stage = services.go_to_phase(workshop, form.phase.data, form.new_round.data)
    except GroupError as error:
        return _error(error, workshop)
    db.session.commit()
    label = PHASE_LABELS[stage.phase]
    if workshop.collecting:
        flash(_("Jetzt: %(phase)s, Runde %(round)d. Die Handys können Karten schicken.", phase=label, round=stage.number))
    else:
        flash(_("Jetzt: %(phase)s, Runde %(round)d.", phase=label, round=stage.number))
    return redirect(url_for(".workshop", workshop_id=workshop.id))


def workshop_switch(workshop_id: int, stage_id: int):
    """Move everyone back (or on) to a round that exists."""
    workshop = own_workshop_or_404(workshop_id)
    stage = stage_or_404(workshop, stage_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.switch_stage(workshop, stage)
    db.session.commit()
    flash(_("Jetzt: %(phase)s, Runde %(round)d. Sammeln und Punktabfrage sind geschlossen.",
            phase=PHASE_LABELS[stage.phase], round=stage.number))
    return redirect(url_for(".workshop", workshop_id=workshop.id))


SWITCH_MESSAGES = {
    ("collecting", True): lambda: _("Das Sammeln ist offen: Die Handys können Karten schicken."),
    ("collecting", False): lambda: _("Das Sammeln ist geschlossen."),
    ("voting", True): lambda: _("Die Punktabfrage läuft: Die Handys können Punkte vergeben."),
    ("voting", False): lambda: _("Die Punktabfrage ist beendet."),
    ("ended", False): lambda: _("Die Werkstatt ist beendet. Der Code lässt niemanden mehr hinein."),
    ("ended", True): lambda: _("Die Werkstatt ist wieder offen."),
}


def _switch(workshop_id: int, what: str):
    workshop = own_workshop_or_404(workshop_id)
    form = SwitchForm()
    if not form.validate_on_submit():
        abort(400)
    is_open = form.open.data == "1"
    if workshop.ended and what != "ended" and is_open:
        flash(_("Die Werkstatt ist beendet. Öffnen Sie sie zuerst wieder."), "error")
        return redirect(url_for(".workshop", workshop_id=workshop.id))
    services.set_open(workshop, what, is_open)
    db.session.commit()
    flash(SWITCH_MESSAGES[(what, is_open)]())
    return redirect(url_for(".workshop", workshop_id=workshop.id, _anchor="ablauf"))


def workshop_collecting(workshop_id: int):
    return _switch(workshop_id, "collecting")


def workshop_voting(workshop_id: int):
    return _switch(workshop_id, "voting")


def workshop_end(workshop_id: int):
    return _switch(workshop_id, "ended")


def workshop_settings(workshop_id: int):
    """Title and the dot limits; lowering them keeps every dot already given."""
    workshop = own_workshop_or_404(workshop_id)
    form = WorkshopForm(data={"title": workshop.title, "dots_per_participant": workshop.dots_per_participant,
                              "max_dots_per_card": workshop.max_dots_per_card})
    if form.validate_on_submit():
        over = services.update_settings(workshop, form.title.data, form.dots_per_participant.data, form.max_dots_per_card.data)
        db.session.commit()
        flash(_("Die Einstellungen sind gespeichert."))
        _flash_over(over)
        return redirect(url_for(".workshop", workshop_id=workshop.id))
    return render_template("groups/workshop_settings.html", workshop=workshop, form=form), 422 if form.errors else 200


def _flash_over(over) -> None:
    if over.participants:
        flash(ngettext(
            "%(num)d Person hat in dieser Runde schon mehr Punkte vergeben, als jetzt erlaubt sind. Ihre Punkte bleiben; "
            "neue kann sie erst vergeben, wenn sie welche zurücknimmt.",
            "%(num)d Personen haben in dieser Runde schon mehr Punkte vergeben, als jetzt erlaubt sind. Ihre Punkte bleiben; "
            "neue können sie erst vergeben, wenn sie welche zurücknehmen.", over.participants), "error")
    if over.card_pairs:
        flash(ngettext(
            "Auf %(num)d Karte liegen schon mehr Punkte einer Person, als jetzt erlaubt sind. Sie bleiben liegen.",
            "Auf %(num)d Karten liegen schon mehr Punkte einer Person, als jetzt erlaubt sind. Sie bleiben liegen.",
            over.card_pairs), "error")


def workshop_room_card(workshop_id: int, stage_id: int):
    """Type in a paper card or one read out in the room."""
    workshop = own_workshop_or_404(workshop_id)
    stage = stage_or_404(workshop, stage_id)
    form = RoomCardForm()
    if not form.validate_on_submit():
        return _render(workshop, stage, card_form=form, status=400 if "csrf_token" in form.errors else 422)
    key = form.submission_key.data or secrets.token_urlsafe(24)
    _card, created = services.post_card(stage, form.text.data, "room", services.submission_hash(_secret(), workshop.id, key))
    db.session.commit()
    flash(_("Die Karte hängt an der Wand.") if created else _("Diese Karte war schon angekommen."))
    return _back(workshop, stage, "karte-eingeben")


def workshop_room_dots(workshop_id: int, stage_id: int):
    """Dots counted on the paper in the room, for people without a phone."""
    workshop = own_workshop_or_404(workshop_id)
    stage = stage_or_404(workshop, stage_id)
    cards = queries.stage_cards(stage.id)
    form = room_dots_form(cards)
    if not form.validate_on_submit():
        return _render(workshop, stage, room_form=form, status=400 if "csrf_token" in form.errors else 422)
    changed = services.set_room_dots(cards, {card.id: form[f"card_{card.id}"].data for card in cards})
    db.session.commit()
    flash(ngettext("Die Punkte aus dem Raum sind bei %(num)d Karte eingetragen.",
                   "Die Punkte aus dem Raum sind bei %(num)d Karten eingetragen.", changed) if changed
          else _("Es gab nichts zu ändern."))
    return _back(workshop, stage, "raumpunkte")


def _card_or_404(workshop, card_id: int):
    return queries.get_card(workshop.id, card_id) or abort(404)


def workshop_card(workshop_id: int, card_id: int):
    """Correct a card (a typo, a name that does not belong on the wall)."""
    workshop = own_workshop_or_404(workshop_id)
    card = _card_or_404(workshop, card_id)
    stage = stage_or_404(workshop, card.stage_id)
    form = EditCardForm(data={"text": card.text})
    if form.validate_on_submit():
        changed = services.edit_card(card, form.text.data)
        db.session.commit()
        flash(_("Die Karte ist geändert.") if changed else _("Es gab nichts zu ändern."))
        return _back(workshop, stage, f"karte-{card.id}")
    return render_template("groups/workshop_card.html", workshop=workshop, stage=stage, card=card, form=form,
                           delete_form=ActionForm()), 422 if form.errors else 200


def workshop_card_delete(workshop_id: int, card_id: int):
    workshop = own_workshop_or_404(workshop_id)
    card = _card_or_404(workshop, card_id)
    stage = stage_or_404(workshop, card.stage_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_card(workshop, card)
    db.session.commit()
    flash(_("Die Karte ist abgenommen. Punkte darauf haben die Handys zurückbekommen."))
    return _back(workshop, stage)


def workshop_projector(workshop_id: int):
    """The current round for the projector: large, high contrast, refreshing while visible."""
    workshop = own_workshop_or_404(workshop_id)
    url = join_url(workshop.join_code)
    return render_template("groups/workshop_projector.html", **_projector_context(workshop), url=url,
                           qr=join_codes.qr_svg(url), refresh=current_app.config["GROUP_REFRESH_SECONDS"])


def _projector_context(workshop) -> dict:
    stage = queries.current_stage(workshop)
    return {"workshop": workshop, "stage": stage, "wall": queries.wall(stage), "code": join_codes.display(workshop.join_code)}


def workshop_projector_state(workshop_id: int):
    """The projector's wall as an HTML fragment for its short polling, with an ETag: unchanged,
    it costs a 304 and no body."""
    workshop = own_workshop_or_404(workshop_id)
    body = render_template("groups/_workshop_wall.html", **_projector_context(workshop))
    etag = hashlib.sha256(body.encode()).hexdigest()[:16]
    response = Response(status=304) if etag in request.if_none_match else Response(body, mimetype="text/html")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def workshop_delete(workshop_id: int):
    workshop = own_workshop_or_404(workshop_id)
    form = ActionForm()
    if form.validate_on_submit():
        group_id = workshop.group_id
        try:
            services.delete_workshop(workshop)
        except GroupError as error:
            return _error(error, workshop)
        db.session.commit()
        flash(_("Die Werkstatt wurde gelöscht."))
        return redirect(url_for(".group", group_id=group_id))
    return render_template("builder/confirm.html", form=form,
                           title=_("Werkstatt „%(title)s“ löschen?", title=workshop.title),
                           text=_("Die Werkstatt wird gelöscht. Das lässt sich nicht rückgängig machen."),
                           button=_("Werkstatt löschen"), cancel=url_for(".workshop", workshop_id=workshop.id))


def _register() -> None:
    """Put the workshop routes on the groups blueprint, each for organisers only."""
    routes = [
        ("/<int:group_id>/werkstatt/neu", new_workshop, ["POST"]),
        ("/werkstatt/<int:workshop_id>", workshop, ["GET"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>", workshop_stage, ["GET"]),
        ("/werkstatt/<int:workshop_id>/phase", workshop_phase, ["POST"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/wechseln", workshop_switch, ["POST"]),
        ("/werkstatt/<int:workshop_id>/sammeln", workshop_collecting, ["POST"]),
        ("/werkstatt/<int:workshop_id>/punktabfrage", workshop_voting, ["POST"]),
        ("/werkstatt/<int:workshop_id>/beenden", workshop_end, ["POST"]),
        ("/werkstatt/<int:workshop_id>/einstellungen", workshop_settings, ["GET", "POST"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/karten", workshop_room_card, ["POST"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/raumpunkte", workshop_room_dots, ["POST"]),
        ("/werkstatt/<int:workshop_id>/karten/<int:card_id>", workshop_card, ["GET", "POST"]),
        ("/werkstatt/<int:workshop_id>/karten/<int:card_id>/abnehmen", workshop_card_delete, ["POST"]),
        ("/werkstatt/<int:workshop_id>/projektor", workshop_projector, ["GET"]),
        ("/werkstatt/<int:workshop_id>/projektor/stand", workshop_projector_state, ["GET"]),
        ("/werkstatt/<int:workshop_id>/loeschen", workshop_delete, ["GET", "POST"]),
    ]
    for rule, view, methods in routes:
        bp.add_url_rule(rule, view.__name__, role_required("organiser")(view), methods=methods)


_register()

from participation.groups import workshop_wall_views  # noqa: E402, F401  (topics, hand-over, export)
