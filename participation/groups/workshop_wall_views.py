"""The facilitator's work on the wall, all without JavaScript: topics (make, fill, tag with life
areas, take a suggestion), the fantasy's best ideas carried into the realisation, cards handed
to the idea board, and the export. Routes on the groups blueprint, organisers only."""

import re

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import SelectChoice

from participation.core.clock import town_today
from participation.core.translatable import localized_text
from participation.extensions import db
from participation.groups import workshop_export as export
from participation.groups import workshop_handover as handover
from participation.groups import workshop_queries as queries
from participation.groups import workshop_services as services
from participation.groups.services import GroupError
from participation.groups.views import bp
from participation.groups.workshop_clusters import suggest
from participation.groups.workshop_forms import (
    CarryOverForm, ClusterEditForm, ClusterForm, HandoverForm, SuggestionForm, assignment_form,
)
from participation.groups.workshop_views import ERRORS, own_workshop_or_404, stage_or_404
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm

HANDOVER_ERRORS = {
    "board_closed": lambda: _("Die Ideenbörse nimmt gerade keine Ideen an."),
    "life_area_needed": lambda: _("Einige Karten gehören zu keinem Thema mit Lebensbereich. Bitte wählen Sie unten einen Lebensbereich für sie."),
}


def _topics_page(workshop, stage, new_form=None, assign=None, carry=None, status=200):
    wall = queries.wall(stage)
    cards = [view.card for view in wall.cards]
    loose = [(view.card.id, view.card.text) for view in wall.loose]
    carry = carry or _carry_form(workshop, stage)
    html = render_template(
        "groups/workshop_topics.html", workshop=workshop, stage=stage, wall=wall,
        new_form=new_form or ClusterForm(formdata=None),
        assign=assign or assignment_form(cards, queries.stage_clusters(stage.id), _("Kein Thema")),
        suggestions=suggest(loose), suggestion_form=SuggestionForm(formdata=None), carry=carry,
    )
    return html, status


def _earlier_fantasy_cards(workshop, stage) -> list:
    """The fantasy's cards by dots, for the realisation to check (empty in other phases)."""
    if stage.phase != "realisation":
        return []
    views = []
    for summary in queries.list_stages(workshop.id):
        if summary.stage.phase == "fantasy":
            views += queries.wall(summary.stage).cards
    return sorted(views, key=lambda view: (-view.dots, view.card.id))


def _carry_form(workshop, stage) -> CarryOverForm:
    form = CarryOverForm()
    form.cards.choices = [
        SelectChoice(view.card.id, ngettext("%(text)s (%(num)d Punkt)", "%(text)s (%(num)d Punkte)", view.dots, text=view.card.text))
        for view in _earlier_fantasy_cards(workshop, stage)
    ]
    return form


def workshop_topics(workshop_id: int, stage_id: int):
    """Group a round's cards into topics; suggestions by word overlap."""
    workshop = own_workshop_or_404(workshop_id)
    return _topics_page(workshop, stage_or_404(workshop, stage_id))


def workshop_topic_new(workshop_id: int, stage_id: int):
    workshop = own_workshop_or_404(workshop_id)
    stage = stage_or_404(workshop, stage_id)
    form = ClusterForm()
    if not form.validate_on_submit():
        return _topics_page(workshop, stage, new_form=form, status=400 if "csrf_token" in form.errors else 422)
    services.create_cluster(stage, form.title.data)
    db.session.commit()
    flash(_("Das Thema „%(title)s“ ist angelegt. Ordnen Sie ihm jetzt Karten zu.", title=form.title.data.strip()))
    return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id, _anchor="zuordnen"))


def workshop_assign(workshop_id: int, stage_id: int):
    """Save which card belongs to which topic (one select per card)."""
    workshop = own_workshop_or_404(workshop_id)
    stage = stage_or_404(workshop, stage_id)
    cards = queries.stage_cards(stage.id)
    form = assignment_form(cards, queries.stage_clusters(stage.id), _("Kein Thema"))
    if not form.validate_on_submit():
        return _topics_page(workshop, stage, assign=form, status=400 if "csrf_token" in form.errors else 422)
    values = {card.id: form[f"card_{card.id}"].data for card in cards}
    try:
        moved = services.assign_cards(stage, {card_id: int(value) if value else None for card_id, value in values.items()})
    except GroupError as error:
        db.session.rollback()
        flash(ERRORS[error.code](), "error")
        return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id))
    db.session.commit()
    flash(ngettext("%(num)d Karte ist umgehängt.", "%(num)d Karten sind umgehängt.", moved) if moved else _("Es gab nichts zu ändern."))
    return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id, _anchor="zuordnen"))


def workshop_suggestion(workshop_id: int, stage_id: int):
    """Take a suggested topic: a new topic with the suggested cards in it."""
    workshop = own_workshop_or_404(workshop_id)
    stage = stage_or_404(workshop, stage_id)
    form = SuggestionForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash(_("Dieser Vorschlag passt nicht mehr. Hier sind die aktuellen Vorschläge."), "error")
        return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id, _anchor="vorschlaege"))
    wanted = {int(number) for number in form.cards.data.split(",")}
    loose = {card.id for card in queries.stage_cards(stage.id) if card.cluster_id is None}
    card_ids = sorted(wanted & loose)
    if len(card_ids) < 2:
        flash(_("Dieser Vorschlag passt nicht mehr. Hier sind die aktuellen Vorschläge."), "error")
        return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id, _anchor="vorschlaege"))
    services.create_cluster(stage, form.title.data, card_ids)
    db.session.commit()
    flash(ngettext("Das Thema „%(title)s“ ist angelegt, mit %(num)d Karte.", "Das Thema „%(title)s“ ist angelegt, mit %(num)d Karten.",
                   len(card_ids), title=form.title.data.strip()))
    return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id, _anchor="vorschlaege"))


def workshop_carry_over(workshop_id: int, stage_id: int):
    """Copy the fantasy's chosen ideas into this realisation round."""
    workshop = own_workshop_or_404(workshop_id)
    stage = stage_or_404(workshop, stage_id)
    form = _carry_form(workshop, stage)
    if not form.validate_on_submit():
        return _topics_page(workshop, stage, carry=form, status=400 if "csrf_token" in form.errors else 422)
    chosen = [view.card for view in _earlier_fantasy_cards(workshop, stage) if view.card.id in set(form.cards.data)]
    added = services.carry_over(current_app.config["SECRET_KEY"], stage, chosen)
    db.session.commit()
    flash(ngettext("%(num)d Idee ist in diese Runde übernommen.", "%(num)d Ideen sind in diese Runde übernommen.", added)
          if added else _("Diese Ideen waren schon übernommen."))
    return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id))


def _cluster_or_404(workshop, cluster_id: int):
    return queries.get_cluster(workshop.id, cluster_id) or abort(404)


def workshop_topic(workshop_id: int, cluster_id: int):
    """A topic: its name, life areas and, in the realisation, the check and who does what by when."""
    workshop = own_workshop_or_404(workshop_id)
    cluster = _cluster_or_404(workshop, cluster_id)
    stage = stage_or_404(workshop, cluster.stage_id)
    form = ClusterEditForm(data={"title": cluster.title, "life_areas": [area.id for area in cluster.life_areas],
                                 "note": cluster.note, "who": cluster.who, "due": cluster.due})
    form.life_areas.choices = [SelectChoice(area.id, localized_text(area, "name")) for area in queries.list_life_areas()]
    if form.validate_on_submit():
        values = {"title": form.title.data, "note": form.note.data or "", "who": form.who.data or "", "due": form.due.data or ""}
        changed = services.update_cluster(cluster, values, form.life_areas.data)
        db.session.commit()
        flash(_("Das Thema ist gespeichert.") if changed else _("Es gab nichts zu ändern."))
        return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage.id, _anchor=f"thema-{cluster.id}"))
    return render_template("groups/workshop_topic.html", workshop=workshop, stage=stage, cluster=cluster, form=form,
                           delete_form=ActionForm()), 422 if form.errors else 200


def workshop_topic_delete(workshop_id: int, cluster_id: int):
    workshop = own_workshop_or_404(workshop_id)
    cluster = _cluster_or_404(workshop, cluster_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    stage_id = cluster.stage_id
    services.delete_cluster(cluster)
    db.session.commit()
    flash(_("Das Thema ist gelöscht. Seine Karten hängen wieder ohne Thema."))
    return redirect(url_for(".workshop_topics", workshop_id=workshop.id, stage_id=stage_id))


def _all_walls(workshop) -> list:
    return [queries.wall(summary.stage) for summary in queries.list_stages(workshop.id)]


def _handover_form(walls) -> HandoverForm:
    form = HandoverForm()
    form.cards.choices = [
        SelectChoice(view.card.id, view.card.text)
        for wall in walls for view in wall.ranked()
    ]
    form.life_area.choices = [SelectChoice("", _("Bitte wählen"))] + [
        SelectChoice(str(area.id), localized_text(area, "name")) for area in queries.list_life_areas()
    ]
    return form


def workshop_handover(workshop_id: int):
    """Hand chosen cards to the idea board of the group's locality, with their dots."""
    workshop = own_workshop_or_404(workshop_id)
    walls = _all_walls(workshop)
    board = queries.board_for(workshop.group.locality_id)
    form = _handover_form(walls)
    views = {view.card.id: view for wall in walls for view in wall.cards}
    clusters = {cluster.cluster.id: cluster.cluster for wall in walls for cluster in wall.clusters}
    if board is not None and form.validate_on_submit():
        chosen = [views[card_id].card for card_id in form.cards.data]
        fallback = int(form.life_area.data) if form.life_area.data else None
        areas = {card.id: area for card in chosen if (area := handover.card_life_area(card, clusters) or fallback)}
        try:
            results = handover.hand_over(current_app.config["SECRET_KEY"], workshop, board, chosen,
                                         {card.id: views[card.id].dots for card in chosen}, areas, town_today())
        except GroupError as error:
            db.session.rollback()
            form.life_area.errors = [HANDOVER_ERRORS[error.code]()]
        else:
            db.session.commit()
            created = sum(result.created for result in results)
            flash(ngettext("%(num)d Karte ist jetzt eine Idee auf „%(board)s“.", "%(num)d Karten sind jetzt Ideen auf „%(board)s“.",
                           len(results), board=localized_text(board, "title")))
            if created < len(results):
                flash(_("Karten, die schon Ideen waren, sind nicht doppelt angelegt; ihre Punkte sind auf dem neuesten Stand."))
            return redirect(url_for(".workshop_handover", workshop_id=workshop.id))
    status = (400 if "csrf_token" in form.errors else 422) if form.errors else 200
    return render_template("groups/workshop_handover.html", workshop=workshop, walls=walls, board=board, form=form,
                           clusters=clusters, views=views, handed=queries.handed_over(list(views))), status


EXPORTS = {
    "karten.csv": ("cards", False), "karten-excel.csv": ("cards", True),
    "themen.csv": ("topics", False), "themen-excel.csv": ("topics", True),
    "werkstatt.xlsx": ("workbook", None),
}


def workshop_export(workshop_id: int, name: str):
    """The workshop's cards and topics with their dots, as CSV or XLSX."""
    workshop = own_workshop_or_404(workshop_id)
    if name not in EXPORTS:
        abort(404)
    part, excel = EXPORTS[name]
    walls = _all_walls(workshop)
    cards = export.card_table(walls, queries.handed_over([view.card.id for wall in walls for view in wall.cards]))
    topics = export.cluster_table(walls)
    stem = re.sub(r"[^a-z0-9]+", "-", workshop.title.lower()).strip("-")[:40] or "werkstatt"
    if part == "workbook":
        body = export.xlsx_bytes([(_("Karten"), *cards), (_("Themen"), *topics)])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = export.csv_bytes(*(cards if part == "cards" else topics), excel=excel)
        mimetype = "text/csv"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{stem}-{name}"', "Cache-Control": "private, no-store",
    })


def _register() -> None:
    routes = [
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/themen", workshop_topics, ["GET"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/themen/neu", workshop_topic_new, ["POST"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/zuordnung", workshop_assign, ["POST"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/vorschlag", workshop_suggestion, ["POST"]),
        ("/werkstatt/<int:workshop_id>/runde/<int:stage_id>/uebernehmen", workshop_carry_over, ["POST"]),
        ("/werkstatt/<int:workshop_id>/themen/<int:cluster_id>", workshop_topic, ["GET", "POST"]),
        ("/werkstatt/<int:workshop_id>/themen/<int:cluster_id>/loeschen", workshop_topic_delete, ["POST"]),
        ("/werkstatt/<int:workshop_id>/ideen", workshop_handover, ["GET", "POST"]),
        ("/werkstatt/<int:workshop_id>/export/<name>", workshop_export, ["GET"]),
    ]
    for rule, view, methods in routes:
        bp.add_url_rule(rule, view.__name__, role_required("organiser")(view), methods=methods)


_register()
