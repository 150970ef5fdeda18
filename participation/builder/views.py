"""The survey builder for editors: the blueprint, its refusals, and surveys (list, new, settings,
status, copy, delete, preview). Pages are in page_views.py, questions, conditions and options in
question_views.py; what they share in view_helpers.py."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from participation.builder import copying, queries, services
from participation.builder.forms import KIND_NAMES, SURVEY_STRUCTURE_FIELDS, PageForm, SurveyForm, SurveyTextsForm
from participation.builder.messages import describe_error, describe_problem
from participation.builder.services import BuilderError
from participation.builder.structure import opening_problems, question_numbers
from participation.builder.view_helpers import (
    create_once,
    english_texts,
    form_key,
    form_values,
    made_before,
    refuse_structure_fields,
    save,
    survey_or_404,
    town_survey_or_404,
)
from participation.core.clock import town_today
from participation.extensions import db
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm

bp = Blueprint("builder", __name__, url_prefix="/verwaltung/umfragen", template_folder="templates")


# A global, not a context variable: the macro that renders it (_macros.html) is imported without context.
bp.add_app_template_global(form_key, "builder_form_key")


@bp.errorhandler(BuilderError)
def _refused(error: BuilderError):
    db.session.rollback()
    survey_id = (request.view_args or {}).get("survey_id")
    return render_template(
        "builder/refused.html",
        message=describe_error(error),
        problems=[describe_problem(problem) for problem in error.problems],
        back=url_for(".survey", survey_id=survey_id) if survey_id else url_for(".index"),
    ), 409


@bp.get("/")
@role_required("editor")
def index():
    """List all surveys with their status."""
    return render_template("builder/index.html", surveys=queries.list_surveys())


def _survey_form(survey=None):
    # A group poll's schedule, scope and access are its group's and its poll page's: only its words change here.
    if survey is not None and (survey.status != "draft" or survey.audience == "group"):
        return SurveyTextsForm(data={"title": survey.title, "intro": survey.intro, **english_texts(survey, "title", "intro")})
    data = None
    if survey is not None:
        data = {
            "title": survey.title, "intro": survey.intro, "slug": survey.slug, "opens_on": survey.opens_on,
            "closes_on": survey.closes_on, "locality": str(survey.locality_id or ""), "access_mode": survey.access_mode,
            "demographics_enabled": survey.demographics_enabled, **english_texts(survey, "title", "intro"),
        }
    form = SurveyForm(data=data)
    form.locality.choices = [SelectChoice("", _("Ganze Stadt"))] + [
        SelectChoice(str(locality.id), locality.name) for locality in queries.list_localities()
    ]
    return form


@bp.route("/neu", methods=["GET", "POST"])
@role_required("editor")
def new():
    """Start a new survey as a draft (once per form, however often it is sent)."""
    form = _survey_form()
    survey_id = made_before("survey") if request.method == "POST" else None
    if survey_id is None and form.validate_on_submit():
        values = form_values(form)
        survey_id = save(
            form, lambda: create_once("survey", lambda: services.create_survey(values), lambda survey: survey.id)
        )[0]
    if survey_id is not None:
        flash(_("Die Umfrage wurde als Entwurf angelegt. Fügen Sie jetzt Fragen hinzu."))
        return redirect(url_for(".survey", survey_id=survey_id))
    return render_template("builder/survey_form.html", form=form, survey=None), 422 if form.errors else 200


@bp.get("/<int:survey_id>")
@role_required("editor", "organiser")
def survey(survey_id: int):
    """A survey's settings, pages and questions, with everything that can be done to them."""
    return render_survey(survey_or_404(survey_id), PageForm(formdata=None))


def render_survey(survey, page_form, status=200):
    return render_template(
        "builder/survey.html",
        survey=survey,
        numbers=question_numbers(survey),
        kind_names=KIND_NAMES,
        page_form=page_form,
    ), status


@bp.route("/<int:survey_id>/einstellungen", methods=["GET", "POST"])
@role_required("editor", "organiser")
def settings(survey_id: int):
    """Edit title, intro, schedule, scope and access; after opening only the wording."""
    survey = survey_or_404(survey_id)
    form = _survey_form(survey)
    if request.method == "POST":
        refuse_structure_fields(survey, SURVEY_STRUCTURE_FIELDS)
    if form.validate_on_submit():
        changed, saved = save(form, lambda: services.update_survey(survey, form_values(form)))
        if saved:
            flash(_("Die Änderungen wurden gespeichert.") if changed else _("Es gab nichts zu ändern."))
            return redirect(url_for(".survey", survey_id=survey.id))
    return render_template("builder/survey_form.html", form=form, survey=survey), 422 if form.errors else 200


@bp.route("/<int:survey_id>/status", methods=["GET", "POST"])
@role_required("editor")
def status(survey_id: int):
    """Open a draft (when it is complete) or close an open survey, after a confirmation."""
    survey = town_survey_or_404(survey_id)
    form = ActionForm()
    if form.validate_on_submit():
        target = request.form.get("target", "")
        services.change_status(survey, target, town_today())
        db.session.commit()
        flash(_("Die Umfrage ist jetzt geöffnet.") if target == "open" else _("Die Umfrage ist jetzt beendet."))
        return redirect(url_for(".survey", survey_id=survey.id))
    problems = opening_problems(survey, town_today()) if survey.status == "draft" else []
    return render_template(
        "builder/status.html", survey=survey, form=form, problems=[describe_problem(problem) for problem in problems]
    )


@bp.post("/<int:survey_id>/kopieren")
@role_required("editor")
def duplicate(survey_id: int):
    """Copy the survey with its whole structure into a new draft (one copy per click on the form)."""
    survey = town_survey_or_404(survey_id)
    copy_id = create_once(f"copy:{survey.id}", lambda: copying.duplicate_survey(survey), lambda copy: copy.id)
    db.session.commit()
    flash(_("Die Kopie wurde als Entwurf angelegt. Sie können sie jetzt bearbeiten."))
    return redirect(url_for(".survey", survey_id=copy_id))


@bp.route("/<int:survey_id>/loeschen", methods=["GET", "POST"])
@role_required("editor")
def delete(survey_id: int):
    """Delete a draft, after a confirmation."""
    survey = town_survey_or_404(survey_id)
    if survey.status != "draft":
        raise BuilderError("delete_only_drafts")
    form = ActionForm()
    if form.validate_on_submit():
        services.delete_survey(survey)
        db.session.commit()
        flash(_("Der Entwurf wurde gelöscht."))
        return redirect(url_for(".index"))
    return render_template(
        "builder/confirm.html",
        form=form,
        title=_("Entwurf löschen?"),
        text=_("Der Entwurf „%(title)s“ wird mit allen Seiten, Fragen und Antwortmöglichkeiten gelöscht. Das lässt sich nicht rückgängig machen.", title=survey.title),
        button=_("Entwurf endgültig löschen"),
        cancel=url_for(".survey", survey_id=survey.id),
    )


@bp.get("/<int:survey_id>/vorschau/<int:number>")
@role_required("editor", "organiser")
def preview(survey_id: int, number: int):
    """Show a page exactly as residents will see it; nothing is stored or sent."""
    survey = survey_or_404(survey_id)
    pages = [page for page in sorted(survey.pages, key=lambda page: page.position) if page.questions]
    if pages and not 1 <= number <= len(pages) or not pages and number != 1:
        abort(404)
    numbers = question_numbers(survey)
    return render_template(
        "builder/preview.html",
        survey=survey,
        page=pages[number - 1] if pages else None,
        number=number,
        total=len(pages),
        numbers=numbers,
        localities=queries.list_localities(),
    )


# The other views register their routes on `bp` when imported (after it exists).
from participation.builder import page_views, question_views  # noqa: E402, F401
