"""Staff pages for access codes: how many were made and used, and printable batches of new ones."""

import secrets

from flask import Blueprint, abort, current_app, render_template, request, session, url_for
from flask_babel import force_locale, gettext as _

from participation.access import queries, services, sheet
from participation.access.forms import BatchForm
from participation.core.clock import town_today
from participation.extensions import db
from participation.staff import audit
from participation.staff.auth import role_required

bp = Blueprint("access", __name__, url_prefix="/verwaltung/zugangscodes", template_folder="templates")

#: Surveys in these states take no more answers: new codes for them could never be used.
FINISHED_STATES = ("closed", "published", "archived")
#: Batch keys of the last forms sent from this browser (to spot a reloaded sheet).
REMEMBERED_BATCHES = 20


@bp.get("/")
@role_required("editor")
def index():
    """Every survey with its access mode and how many codes were made and used."""
    return render_template("access/index.html", rows=queries.list_surveys_with_counts())


def _refusal(survey) -> str | None:
    """Why no codes can be made for this survey, or None."""
    if survey.access_mode != "codes":
        return _(
            "Diese Umfrage ist für alle offen und braucht keine Zugangscodes. Codes können Sie nur für "
            "Umfragen erzeugen, deren Zugang auf „nur mit Zugangscode“ steht."
        )
    if survey.status in FINISHED_STATES:
        return _("Diese Umfrage nimmt keine Antworten mehr an. Neue Zugangscodes könnten nicht mehr benutzt werden.")
    return None


@bp.route("/<slug>", methods=["GET", "POST"])
@role_required("editor")
def survey_codes(slug: str):
    """Codes made and used for one survey, and the form for a new batch; its answer is the sheet."""
    survey = queries.get_survey(slug) or abort(404)
    localities = queries.list_localities()
    form = BatchForm(localities)
    refusal = _refusal(survey)
    problem = None
    if request.method == "GET":
        form.locality.data = str(survey.locality_id or "")
    elif refusal:
        return _render_survey(survey, form, refusal, None), 409
    elif form.validate_on_submit():
        seen = session.get("access_batches", [])
        key = (form.batch_key.data or "")[:64]
        if key and key in seen:
            problem = _(
                "Diese Codes wurden schon erzeugt und angezeigt (die Seite wurde wohl neu geladen). "
                "Aus Sicherheitsgründen werden sie kein zweites Mal angezeigt. Erzeugen Sie bei Bedarf einen neuen Stapel."
            )
        else:
            locality = next((item for item in localities if item.id == form.locality_id), None)
            return _make_batch(survey, form.count_value, locality, key)
    form.batch_key.data = secrets.token_urlsafe(16)
    status = 409 if problem else 422 if form.errors else 200
    return _render_survey(survey, form, refusal, problem), status


def _render_survey(survey, form, refusal, problem):
    made, used = services.count_codes(survey.id)
    return render_template(
        "access/survey.html",
        survey=survey,
        form=form,
        made=made,
        used=used,
        refusal=refusal,
        problem=problem,
        max_batch=services.MAX_BATCH,
    )


def _make_batch(survey, count: int, locality, key: str):
    """Store the batch (hashes only), then draw the sheet: the plain codes exist only in this response."""
    # Keep the loaded rows after the commit, so drawing the sheet needs no new transaction: on
    # SQLite a POST's transaction takes the write lock, and the QR codes of a big batch take seconds.
    db.session().expire_on_commit = False
    plain = services.create_batch(current_app.config["SECRET_KEY"], survey.id, count, locality.id if locality else None)
    audit.record("access.codes_created", survey, count=count, locality=locality.slug if locality else None)
    db.session.commit()
    if key:
        session["access_batches"] = (session.get("access_batches", []) + [key])[-REMEMBERED_BATCHES:]
    intro_url = url_for("surveys.intro", slug=survey.slug, _external=True)
    # The slips go to residents: in the town's language, whatever the staff member's own.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        slips = sheet.make_slips(intro_url, plain, _("QR-Code: öffnet die Umfrage mit diesem Zugangscode"))
        return render_template(
            "access/sheet.html",
            survey=survey,
            locality=locality,
            slips=slips,
            address=sheet.typed_address(intro_url),
            today=town_today(),
        )
