"""The phones in the workshop room: join with the code (no account), post cards into the current
round, give and take back dots. Nothing about the phone is stored: its session holds a random
participant key, and only keyed hashes of it (one per round) reach the database with a dot.

Submit requests carry no code in their address (PRIVACY.md §1): the code is typed or scanned
once, at /m/<code>/werkstatt, which marks the workshop as joined in this browser's session.
"""

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from participation.core import rate_limits
from participation.extensions import csrf, db
from participation.groups import join_codes, workshop_queries as queries
from participation.groups import workshop_services as services
from participation.groups import workshop_voting as voting
from participation.groups.workshop_forms import CardForm, DotForm
from participation.ideas.screening import personal_kinds

bp = Blueprint("workshop", __name__, template_folder="templates")

join_codes.register(join_codes.Joinable("workshop", queries.workshop_id_by_code, "workshop.join"))
bp.add_app_template_global(queries.workshop_origin, "workshop_origin")

PARTICIPANT_KEY = "workshop_key"
JOINED_KEY = "joined_workshops"
#: A phone joins a handful of workshops at most; older markers fall off.
MAX_MARKERS = 20
#: Contact data has no place on a card the whole room reads: refused (the author can rewrite).
#: An address may name a place ("Ampel Bahnhofstraße 5"): a hint to confirm, as ideas have.
REFUSED_KINDS = ("email", "phone", "iban")

VOTE_ERRORS = {
    "voting_closed": lambda workshop: _("Die Punktabfrage ist gerade nicht offen."),
    "other_round": lambda workshop: _("Die Leitung hat die Runde gewechselt. Hier sehen Sie, was jetzt dran ist."),
    "unknown_card": lambda workshop: _("Diese Karte hängt nicht mehr an der Wand."),
    "no_dots_left": lambda workshop: _("Sie haben alle Ihre Punkte vergeben. Nehmen Sie einen zurück, wenn Sie ihn woanders hinlegen möchten."),
    "card_full": lambda workshop: ngettext(
        "Auf eine Karte können Sie höchstens %(num)d Punkt legen.", "Auf eine Karte können Sie höchstens %(num)d Punkte legen.",
        workshop.max_dots_per_card or 0),
}


def _participant_key() -> str:
    if not isinstance(session.get(PARTICIPANT_KEY), str):
        session[PARTICIPANT_KEY] = secrets.token_urlsafe(24)
    return session[PARTICIPANT_KEY]


def _joined(workshop_id: int) -> bool:
    joined = session.get(JOINED_KEY)
    return isinstance(joined, list) and workshop_id in joined


def _hash(workshop, stage) -> str:
    return voting.participant_hash(current_app.config["SECRET_KEY"], workshop.id, stage.id, _participant_key())


def _please_join():
    flash(_("Bitte geben Sie den Code der Werkstatt ein, um mitzumachen."))
    return redirect(url_for("join.form"))


def _workshop(workshop_id: int):
    return queries.get_workshop(workshop_id) or abort(404)


@bp.get("/m/<code>/werkstatt")
@rate_limits.limited("JOIN", methods=("GET",), only="wrong-code")
def join(code: str):
    """Join a workshop: this browser may now post cards and give dots in it."""
    workshop_id = queries.workshop_id_by_code(code) if join_codes.normalise(code) == code else None
    if workshop_id is None:
        rate_limits.count("wrong-code")
        abort(404)
    workshop = _workshop(workshop_id)
    if workshop.ended:
        return render_template("groups/workshop_ended.html", workshop=workshop), 410
    joined = [value for value in session.get(JOINED_KEY, []) if isinstance(value, int) and value != workshop.id]
    session[JOINED_KEY] = (joined + [workshop.id])[-MAX_MARKERS:]
    _participant_key()
    return redirect(url_for(".page", workshop_id=workshop.id))


def _render(workshop, card_form=None, screening=None, status=200):
    if workshop.ended:
        return render_template("groups/workshop_ended.html", workshop=workshop), 410
    stage = queries.current_stage(workshop)
    mine = queries.my_dots(stage.id, _hash(workshop, stage)) if PARTICIPANT_KEY in session else queries.MyDots({})
    if card_form is None:
        card_form = CardForm(formdata=None, data={"submission_key": secrets.token_urlsafe(24), "stage": str(stage.id)})
    html = render_template(
        "groups/workshop_phone.html", workshop=workshop, stage=stage, wall=queries.wall(stage), mine=mine,
        left=max(workshop.dots_per_participant - mine.used, 0), card_form=card_form, dot_form=DotForm(formdata=None),
        screening=screening,
    )
    return html, status


@bp.get("/werkstatt/<int:workshop_id>")
def page(workshop_id: int):
    """The phone's page: what the round asks, the card form, the dots."""
    if not _joined(workshop_id):
        return _please_join()
    return _render(_workshop(workshop_id))


@bp.post("/werkstatt/<int:workshop_id>/karte")
@csrf.exempt  # checked by CardForm, so a card is kept when the token has expired
@rate_limits.limited("WORKSHOP_CARD")
def post_card(workshop_id: int):
    """Post a card into the current round; once per form, however often it is sent."""
    form = CardForm()
    valid = form.validate_on_submit()
    if not _joined(workshop_id):
        if "csrf_token" in form.errors:
            abort(400)
        return _please_join()
    workshop = _workshop(workshop_id)
    if not valid:
        return _render(workshop, form, status=400 if "csrf_token" in form.errors else 422)
    stage = queries.current_stage(workshop)
    if not workshop.collecting or form.stage.data != str(stage.id):
        form.stage.data = str(stage.id)
        form.text.errors = [_("Gerade werden keine Karten für diese Runde gesammelt. Ihr Text ist noch da: Schicken Sie ihn ab, "
                              "sobald die Leitung das Sammeln öffnet, oder ändern Sie ihn passend zur neuen Runde.")]
        return _render(workshop, form, status=409)
    hash_value = services.submission_hash(current_app.config["SECRET_KEY"], workshop.id, form.submission_key.data or secrets.token_urlsafe(24))
    if queries.card_by_submission(hash_value) is None:
        kinds = personal_kinds(form.text.data)
        refused = [kind for kind in kinds if kind in REFUSED_KINDS]
        if refused:
            form.text.errors = [_("Bitte schreiben Sie keine E-Mail-Adressen, Telefonnummern oder Kontonummern auf eine Karte: "
                                  "Alle im Raum lesen sie. Ihr Text ist noch da, bitte ändern Sie ihn.")]
            return _render(workshop, form, status=422)
        if kinds and not form.confirm_personal.data:
            return _render(workshop, form, screening=kinds, status=422)
    _card, created = services.post_card(stage, form.text.data, "phone", hash_value)
    db.session.commit()
    flash(_("Danke! Ihre Karte hängt an der Wand.") if created else _("Ihre Karte war schon angekommen."))
    return redirect(url_for(".page", workshop_id=workshop.id, _anchor="karte-schreiben"))


def _dot(workshop_id: int, give: bool):
    if not _joined(workshop_id):
        return _please_join()
    workshop = _workshop(workshop_id)
    form = DotForm()
    if not form.validate_on_submit():
        abort(400)
    stage = queries.get_stage(workshop.id, int(form.stage.data))
    card = queries.get_card(workshop.id, int(form.card.data))
    try:
        if stage is None:
            raise voting.VoteError("other_round")
        if card is None:
            raise voting.VoteError("unknown_card")
        action = voting.give_dot if give else voting.take_back_dot
        changed = action(workshop.id, stage, card, _hash(workshop, stage), int(form.dot.data))
    except voting.VoteError as error:
        db.session.rollback()
        flash(VOTE_ERRORS[error.code](workshop), "error")
        return redirect(url_for(".page", workshop_id=workshop.id, _anchor="punkte"))
    db.session.commit()
    if give:
        flash(_("Ihr Punkt liegt auf der Karte.") if changed else _("Dieser Punkt lag schon auf der Karte."))
    else:
        flash(_("Ihr Punkt ist zurückgenommen.") if changed else _("Dieser Punkt war schon zurückgenommen."))
    return redirect(url_for(".page", workshop_id=workshop.id, _anchor=f"karte-{card.id}"))


@bp.post("/werkstatt/<int:workshop_id>/punkt")
@rate_limits.limited("WORKSHOP_DOT")
def give_dot(workshop_id: int):
    """Give one of this phone's dots to a card."""
    return _dot(workshop_id, give=True)


@bp.post("/werkstatt/<int:workshop_id>/punkt/zurueck")
@rate_limits.limited("WORKSHOP_DOT")
def take_back_dot(workshop_id: int):
    """Take one of this phone's dots back from a card."""
    return _dot(workshop_id, give=False)
