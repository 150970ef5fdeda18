"""Paper entry, CSV import of paper responses, and kiosk mode.

All of it needs the role "editor" (Redaktion): bringing responses in is part of running a survey.
Analysts publish and export results; letting the people who publish the numbers also add
responses would mix two duties the roles keep apart.
"""

import hashlib
import re
import secrets

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from participation.core.clock import town_today
from participation.core.errors import render_error
from participation.core.translatable import localized_text
from participation.extensions import db
from participation.paper import csvfile, kiosk, queries, services
from participation.paper.forms import ButtonForm, ImportForm, SheetForm
from participation.paper.messages import allowed_values, describe_import_problem, describe_sheet_problem
from participation.paper.rules import check_sheet, first_field
from participation.staff import auth as staff_auth
from participation.staff.auth import role_required
from participation.surveys import queries as survey_queries
from participation.surveys.answering import Problem, keep_fields
from participation.surveys.services import hash_submission_key

bp = Blueprint("paper", __name__, url_prefix="/verwaltung/erfassung", template_folder="templates")

ROLE = "editor"
#: Request limits for one whole survey posted at once (a web page posts a single survey page).
SHEET_MAX_BYTES = 256 * 1024
SHEET_MAX_PARTS = 1000
#: Largest CSV file (PAPER_IMPORT_MAX_BYTES overrides); the request may carry the form around it too.
IMPORT_MAX_BYTES = 2 * 1024 * 1024
UPLOAD_OVERHEAD = 16 * 1024
#: Lines of the error report shown; the rest is counted.
MAX_REPORTED = 200
#: Session key: sheets typed in per survey in this staff member's current sitting (never stored).
SITTINGS = "paper_sittings"

bp.before_app_request(kiosk.guard)
bp.app_context_processor(kiosk.template_context)


def import_limit() -> int:
    return current_app.config.get("PAPER_IMPORT_MAX_BYTES", IMPORT_MAX_BYTES)


@bp.url_value_preprocessor
def _request_limits(endpoint, _values):
    """Raise the global request limits (MAX_CONTENT_LENGTH is 64 KB) for these two endpoints only.

    URL value preprocessors run before every before_request function, so the CSRF check, which
    reads the form first, already parses it within these limits.
    """
    if endpoint == "paper.import_csv":
        request.max_content_length = import_limit() + UPLOAD_OVERHEAD
    elif endpoint == "paper.sheet":
        request.max_content_length = SHEET_MAX_BYTES
        request.max_form_parts = SHEET_MAX_PARTS


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    """A file over the limit: the import page with a clear message instead of the generic 413 page."""
    if request.endpoint == "paper.import_csv" and current_user.is_authenticated and current_user.has_role(ROLE):
        survey = queries.get_paper_survey((request.view_args or {}).get("slug", ""))
        if survey is not None:
            # formdata=None: reading the request's form again would raise the same error.
            form = ImportForm(formdata=None)
            return _render_import(survey, survey_queries.get_plan(survey), form, [_too_large_problem()]), 413
    return render_error(413)


@bp.record_once
def _kiosk_reset_route(state):
    # The tablet's reset address (target of its pages' refresh) lies outside /verwaltung, where
    # every address is for staff only.
    state.app.add_url_rule("/kiosk/neu", "paper.kiosk_reset", kiosk_reset)


def _paper_survey(slug: str):
    survey = queries.get_paper_survey(slug)
    if survey is None:
        abort(404)
    return survey


@bp.get("/")
@role_required(ROLE)
def index():
    """Surveys that take paper responses: type in sheets, import a file, start a kiosk."""
    return render_template(
        "paper/index.html", surveys=queries.list_paper_surveys(), today=town_today(), form=ButtonForm()
    )


# --- paper entry ------------------------------------------------------------------------------


def _sheets_in_sitting(survey) -> int | None:
    return session.get(SITTINGS, {}).get(str(survey.id))


def _ensure_sitting(survey) -> None:
    """Begin a sitting for this survey once; it is the only audit event of paper entry."""
    if _sheets_in_sitting(survey) is None:
        services.open_sitting(survey)
        session[SITTINGS] = {**session.get(SITTINGS, {}), str(survey.id): 0}


def _count_sheet(survey) -> None:
    sittings = dict(session.get(SITTINGS, {}))
    sittings[str(survey.id)] = sittings.get(str(survey.id), 0) + 1
    session[SITTINGS] = sittings


@bp.post("/<slug>/sitzung")
@role_required(ROLE)
def open_sitting(slug: str):
    """Begin typing in paper sheets of a survey."""
    survey = _paper_survey(slug)
    _ensure_sitting(survey)
    db.session.commit()
    return redirect(url_for(".sheet", slug=slug))


@bp.post("/<slug>/sitzung/ende")
@role_required(ROLE)
def close_sitting(slug: str):
    """End the sitting; its count of sheets is forgotten (it was never stored)."""
    survey = _paper_survey(slug)
    sittings = dict(session.get(SITTINGS, {}))
    count = sittings.pop(str(survey.id), 0)
    session[SITTINGS] = sittings
    flash(ngettext("Erfassung beendet: %(num)s Bogen erfasst.", "Erfassung beendet: %(num)s Bögen erfasst.", count))
    return redirect(url_for(".index"))


@bp.route("/<slug>/bogen", methods=["GET", "POST"])
@role_required(ROLE)
def sheet(slug: str):
    """Type in one paper sheet after the other: the whole survey on one page, stored as "paper"."""
    survey = _paper_survey(slug)
    plan = survey_queries.get_plan(survey)
    form = SheetForm()
    if request.method == "GET":
        if _sheets_in_sitting(survey) is None:
            return render_template("paper/sheet.html", survey=survey, form=ButtonForm(), sitting=False)
        form.submission_key.data = secrets.token_urlsafe(18)
        return _render_sheet(survey, plan, form, {}, focus=True)

    _ensure_sitting(survey)  # normally begun already; the session may have lost it
    posted = keep_fields(plan.specs, request.form.to_dict(flat=False))
    key = form.submission_key.data if form.validate_on_submit() else None
    if not key:
        db.session.commit()
        form.submission_key.data = secrets.token_urlsafe(18)
        notice = _("Das Formular kam nicht vollständig an. Die Eingaben sind noch da: Bitte prüfen Sie sie und speichern Sie noch einmal.")
        return _render_sheet(survey, plan, form, posted, notice=notice), 400
    result = check_sheet(plan.specs, posted, survey_queries.list_locality_ids())
    if not result.ok:
        db.session.commit()
        return _render_sheet(survey, plan, form, posted, result=result), 422

    key_hash = hash_submission_key(current_app.config["SECRET_KEY"], key)
    stored = services.store_sheet(survey, plan, result.answers, key_hash, town_today())
    db.session.commit()
    if stored:
        _count_sheet(survey)
        flash(_("Bogen gespeichert. Bitte den nächsten Bogen eingeben."))
    else:
        flash(_("Dieser Bogen war schon gespeichert (doppelt gesendet) und wurde nicht noch einmal gespeichert."))
    return redirect(url_for(".sheet", slug=slug))


class PaperQuestion:
    """A question as shown for paper entry: its texts and options, but never required (rules.py)."""

    required = False

    def __init__(self, question):
        self._question = question

    def __getattr__(self, name):
        return getattr(self._question, name)


def _autofocus(html: Markup, field_id: str | None) -> Markup:
    """Give the input with this id `autofocus` (the question macros give each field's first input
    the id "<field name>-1")."""
    marker = f'id="{field_id}"'
    if not field_id or marker not in html:
        return html
    return Markup(str(html).replace(marker, marker + " autofocus", 1))


def _condition_hint(question, numbers: dict[int, int]) -> str:
    labels = ", ".join(f"„{localized_text(option, 'label')}“" for option in question.show_if_options)
    return _(
        "Bedingte Frage: nur auszufüllen, wenn bei Frage %(number)s eine dieser Antworten angekreuzt ist: "
        "%(options)s. Auf Papier steht sie immer da; online wird sie sonst nicht gezeigt.",
        number=numbers.get(question.show_if_question_id, "?"),
        options=labels,
    )


def _render_sheet(survey, plan, form, values, result=None, notice=None, focus=False):
    specs = {spec.id: spec for spec in plan.specs}
    problems = result.problems if result else {}
    messages = {
        qid: [(problem.field, describe_sheet_problem(problem, plan.numbers)) for problem in items]
        for qid, items in problems.items()
    }
    summary = [
        ("#" + first_field(specs[spec.id], problem) + "-1", _("Frage %(number)s", number=plan.numbers[spec.id]) + ": " + text)
        for spec in plan.specs
        for problem, (_field, text) in zip(problems.get(spec.id, []), messages.get(spec.id, []))
    ]
    if result is not None and result.empty:
        summary = [("#sheet", _("Der Bogen ist leer. Ein Bogen ohne jede Antwort wird nicht gespeichert."))]
    if notice:
        summary = [("#sheet", notice)]
    pages = [
        (page, [PaperQuestion(question) for question in page.questions])
        for page in queries.list_pages_for_display(plan.page_ids)
    ]
    conditions = {
        question.id: _condition_hint(question, plan.numbers)
        for _page, questions in pages
        for question in questions
        if question.show_if_question_id
    }
    first = plan.specs[0].field_names()[0] + "-1" if focus and plan.specs else None
    return render_template(
        "paper/sheet.html",
        survey=survey,
        pages=pages,
        numbers=plan.numbers,
        values=values,
        messages=messages,
        summary=summary,
        conditions=conditions,
        localities=survey_queries.list_localities(),
        form=form,
        sitting=True,
        count=_sheets_in_sitting(survey) or 0,
        focus_id=first,
        autofocus=_autofocus,
    )


# --- CSV import -------------------------------------------------------------------------------


def _too_large_problem() -> csvfile.RowProblem:
    size = f"{import_limit() / (1024 * 1024):g}"
    return csvfile.RowProblem(0, None, Problem.of("too_large", size=size))


@bp.get("/<slug>/vorlage.csv")
@role_required(ROLE)
def template_csv(slug: str):
    """A CSV template for the survey: the header line with one column per form field."""
    survey = _paper_survey(slug)
    filename = re.sub(r"[^a-z0-9-]", "", survey.slug.lower()) or "umfrage"
    return Response(
        csvfile.template_csv(survey_queries.get_plan(survey).specs),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}-vorlage.csv"'},
    )


@bp.route("/<slug>/import", methods=["GET", "POST"])
@role_required(ROLE)
def import_csv(slug: str):
    """Import paper responses from a CSV file: every line is checked first, then all are stored or none."""
    survey = _paper_survey(slug)
    plan = survey_queries.get_plan(survey)
    form = ImportForm()
    if not form.validate_on_submit():
        return _render_import(survey, plan, form), 422 if form.errors else 200
    data = form.file.data.read(import_limit() + 1)
    if len(data) > import_limit():
        return _render_import(survey, plan, form, [_too_large_problem()]), 413
    localities = survey_queries.list_localities()
    check = csvfile.check_file(data, plan.specs, [locality.id for locality in localities])
    if not check.ok:
        return _render_import(survey, plan, form, check.problems, check.rows), 422
    # The file's content is the idempotency key: a double click or a second upload stores it once.
    key_hash = hash_submission_key(current_app.config["SECRET_KEY"], "import:" + hashlib.sha256(data).hexdigest())
    if not services.import_sheets(survey, plan, check.sheets, key_hash, town_today()):
        db.session.rollback()
        problem = csvfile.RowProblem(0, None, Problem.of("already_imported"))
        return _render_import(survey, plan, form, [problem], check.rows), 409
    db.session.commit()
    flash(ngettext("%(num)s Bogen wurde importiert.", "%(num)s Bögen wurden importiert.", len(check.sheets)))
    return redirect(url_for(".import_csv", slug=slug))


def _render_import(survey, plan, form, problems=(), rows=0):
    localities = survey_queries.list_localities()
    specs = {spec.id: spec for spec in plan.specs}
    report = [
        {
            "row": problem.row or None,
            "column": problem.column,
            "question": plan.numbers.get(problem.question_id),
            "value": problem.value,
            "message": describe_import_problem(problem, specs, plan.numbers, len(localities)),
        }
        for problem in problems[:MAX_REPORTED]
    ]
    return render_template(
        "paper/import.html",
        survey=survey,
        form=form,
        report=report,
        more=max(0, len(problems) - MAX_REPORTED),
        rows=rows,
        bad_rows=len({problem.row for problem in problems if problem.row > 1}),
        pages=queries.list_pages_for_display(plan.page_ids),
        specs=specs,
        numbers=plan.numbers,
        allowed={spec.id: allowed_values(spec, len(localities)) for spec in plan.specs},
        localities=localities,
        max_mb=f"{import_limit() / (1024 * 1024):g}",
        max_rows=csvfile.MAX_ROWS,
    )


# --- kiosk mode -------------------------------------------------------------------------------


@bp.post("/<slug>/kiosk")
@role_required(ROLE)
def kiosk_start(slug: str):
    """Lock this browser to the survey for residents; the staff member is logged out here."""
    survey = _paper_survey(slug)
    if not survey.accepts_answers(town_today()):
        flash(_("Diese Umfrage nimmt heute keine Antworten an. Der Kioskmodus ist nur für laufende Umfragen."), "error")
        return redirect(url_for(".index"))
    services.start_kiosk(survey)
    staff_auth.log_out()  # on the server too: the session in this browser's cookie is over
    db.session.commit()
    language = session.get("lang")
    kiosk.lock(survey.id, survey.slug, language)
    return redirect(url_for("surveys.intro", slug=survey.slug))


@bp.get("/kiosk/beenden")
@login_required
def kiosk_end():
    """End kiosk mode on this device; reached through the staff login (the kiosk's way out)."""
    lock = kiosk.locked()
    if lock:
        services.end_kiosk(queries.get_survey(lock["survey_id"]), lock["survey_id"])
        db.session.commit()
        kiosk.unlock()
        flash(_("Der Kioskmodus ist beendet. Dieses Gerät ist wieder ein normaler Browser, Sie sind angemeldet."))
    return redirect(url_for(".index") if current_user.has_role(ROLE) else url_for("staff.dashboard"))


def kiosk_reset():
    """The kiosk's reset address: forget unsent answers and show the survey's intro again."""
    lock = kiosk.locked()
    if lock is None:
        return redirect(url_for("pages.home"))
    kiosk.forget_answers(lock["survey_id"])
    return redirect(url_for("surveys.intro", slug=lock["slug"]))
