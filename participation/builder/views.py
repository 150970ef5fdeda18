"""The survey builder for editors: surveys, pages, questions, options, conditions, preview, status."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import SelectChoice

from participation.builder import copying, queries, services
from participation.builder.forms import (
    KIND_LABELS,
    KIND_NAMES,
    OPTION_KINDS,
    OPTION_STRUCTURE_FIELDS,
    QUESTION_STRUCTURE_FIELDS,
    SURVEY_STRUCTURE_FIELDS,
    ConditionForm,
    KindForm,
    OptionForm,
    PageForm,
    QuestionForm,
    SurveyForm,
    SurveyTextsForm,
)
from participation.builder.messages import describe_error, describe_problem
from participation.builder.services import BuilderError
from participation.builder.structure import condition_candidates, opening_problems, question_numbers
from participation.core.clock import town_today
from participation.core.translatable import localized_text
from participation.extensions import db
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm

bp = Blueprint("builder", __name__, url_prefix="/verwaltung/umfragen", template_folder="templates")

STEPS = {"up": -1, "down": 1}


# Loading what the URL names; anything that does not belong to the survey in the URL is a 404.


def _survey(survey_id: int):
    return queries.get_survey(survey_id) or abort(404)


def _page(survey, page_id: int):
    return queries.find_page(survey, page_id) or abort(404)


def _question(survey, question_id: int):
    return queries.find_question(survey, question_id) or abort(404)


def _option(question, option_id: int):
    return queries.find_option(question, option_id) or abort(404)


def _step() -> int:
    return STEPS.get(request.form.get("direction", "")) or abort(400)


def _refuse_structure_fields(survey, names: set[str]) -> None:
    """A posted structure field for a survey that is no longer a draft is refused, not ignored."""
    if survey.status != "draft" and names & set(request.form):
        raise BuilderError("frozen")


def _life_area_choices(form) -> None:
    if "life_areas" in form:
        form.life_areas.choices = [SelectChoice(area.id, localized_text(area, "name")) for area in queries.list_life_areas()]


def _english(obj, *fields: str) -> dict:
    english = (obj.translations or {}).get("en", {})
    return {f"{field}_en": english.get(field, "") for field in fields}


def _save(form, call):
    """Run a service call and commit; a refusal about one field becomes that field's message."""
    try:
        result = call()
    except BuilderError as error:
        if error.field is None or error.field not in form:
            raise
        db.session.rollback()
        form[error.field].errors.append(describe_error(error))
        return None, False
    db.session.commit()
    return result, True


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


# Surveys


@bp.get("/")
@role_required("editor")
def index():
    """List all surveys with their status."""
    return render_template("builder/index.html", surveys=queries.list_surveys())


def _survey_form(survey=None):
    if survey is not None and survey.status != "draft":
        return SurveyTextsForm(data={"title": survey.title, "intro": survey.intro, **_english(survey, "title", "intro")})
    data = None
    if survey is not None:
        data = {
            "title": survey.title, "intro": survey.intro, "slug": survey.slug, "opens_on": survey.opens_on,
            "closes_on": survey.closes_on, "locality": str(survey.locality_id or ""), "access_mode": survey.access_mode,
            "demographics_enabled": survey.demographics_enabled, **_english(survey, "title", "intro"),
        }
    form = SurveyForm(data=data)
    form.locality.choices = [SelectChoice("", _("Ganze Stadt"))] + [
        SelectChoice(str(locality.id), locality.name) for locality in queries.list_localities()
    ]
    return form


def _form_values(form) -> dict:
    return {name: value for name, value in form.data.items() if name != "csrf_token"}


@bp.route("/neu", methods=["GET", "POST"])
@role_required("editor")
def new():
    """Start a new survey as a draft."""
    form = _survey_form()
    if form.validate_on_submit():
        survey, saved = _save(form, lambda: services.create_survey(_form_values(form)))
        if saved:
            flash(_("Die Umfrage wurde als Entwurf angelegt. Fügen Sie jetzt Fragen hinzu."))
            return redirect(url_for(".survey", survey_id=survey.id))
    return render_template("builder/survey_form.html", form=form, survey=None), 422 if form.errors else 200


@bp.get("/<int:survey_id>")
@role_required("editor")
def survey(survey_id: int):
    """A survey's settings, pages and questions, with everything that can be done to them."""
    return _render_survey(_survey(survey_id), PageForm(formdata=None))


def _render_survey(survey, page_form, status=200):
    return render_template(
        "builder/survey.html",
        survey=survey,
        numbers=question_numbers(survey),
        kind_names=KIND_NAMES,
        page_form=page_form,
    ), status


@bp.route("/<int:survey_id>/einstellungen", methods=["GET", "POST"])
@role_required("editor")
def settings(survey_id: int):
    """Edit title, intro, schedule, scope and access; after opening only the wording."""
    survey = _survey(survey_id)
    form = _survey_form(survey)
    if request.method == "POST":
        _refuse_structure_fields(survey, SURVEY_STRUCTURE_FIELDS)
    if form.validate_on_submit():
        changed, saved = _save(form, lambda: services.update_survey(survey, _form_values(form)))
        if saved:
            flash(_("Die Änderungen wurden gespeichert.") if changed else _("Es gab nichts zu ändern."))
            return redirect(url_for(".survey", survey_id=survey.id))
    return render_template("builder/survey_form.html", form=form, survey=survey), 422 if form.errors else 200


@bp.route("/<int:survey_id>/status", methods=["GET", "POST"])
@role_required("editor")
def status(survey_id: int):
    """Open a draft (when it is complete) or close an open survey, after a confirmation."""
    survey = _survey(survey_id)
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
    """Copy the survey with its whole structure into a new draft."""
    copy = copying.duplicate_survey(_survey(survey_id))
    db.session.commit()
    flash(_("Die Kopie wurde als Entwurf angelegt. Sie können sie jetzt bearbeiten."))
    return redirect(url_for(".survey", survey_id=copy.id))


@bp.route("/<int:survey_id>/loeschen", methods=["GET", "POST"])
@role_required("editor")
def delete(survey_id: int):
    """Delete a draft, after a confirmation."""
    survey = _survey(survey_id)
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
@role_required("editor")
def preview(survey_id: int, number: int):
    """Show a page exactly as residents will see it; nothing is stored or sent."""
    survey = _survey(survey_id)
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


# Pages


@bp.post("/<int:survey_id>/seiten")
@role_required("editor")
def add_page(survey_id: int):
    """Add a page at the end."""
    survey = _survey(survey_id)
    services.require_draft(survey)
    form = PageForm()
    if not form.validate_on_submit():
        return _render_survey(survey, form, 422)
    page = services.add_page(survey, _form_values(form))
    db.session.commit()
    flash(_("Die Seite wurde angelegt."))
    return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page.id}"))


@bp.route("/<int:survey_id>/seiten/<int:page_id>", methods=["GET", "POST"])
@role_required("editor")
def page(survey_id: int, page_id: int):
    """Edit a page's heading."""
    survey = _survey(survey_id)
    page = _page(survey, page_id)
    form = PageForm(data={"title": page.title, **_english(page, "title")})
    if form.validate_on_submit():
        services.update_page(survey, page, _form_values(form))
        db.session.commit()
        flash(_("Die Seite wurde gespeichert."))
        return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page.id}"))
    return render_template("builder/page_form.html", survey=survey, page=page, form=form), 422 if form.errors else 200


@bp.post("/<int:survey_id>/seiten/<int:page_id>/verschieben")
@role_required("editor")
def move_page(survey_id: int, page_id: int):
    """Move a page up or down."""
    survey = _survey(survey_id)
    page = _page(survey, page_id)
    services.move_page(survey, page, _step())
    db.session.commit()
    return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page.id}"))


@bp.route("/<int:survey_id>/seiten/<int:page_id>/loeschen", methods=["GET", "POST"])
@role_required("editor")
def delete_page(survey_id: int, page_id: int):
    """Delete a page with its questions, after a confirmation."""
    survey = _survey(survey_id)
    page = _page(survey, page_id)
    services.require_draft(survey)
    form = ActionForm()
    if form.validate_on_submit():
        services.delete_page(survey, page)
        db.session.commit()
        flash(_("Die Seite wurde gelöscht."))
        return redirect(url_for(".survey", survey_id=survey.id))
    position = sorted(survey.pages, key=lambda each: each.position).index(page) + 1
    return render_template(
        "builder/confirm.html",
        form=form,
        title=_("Seite löschen?"),
        text=ngettext(
            "Seite %(number)s und die Frage darauf werden gelöscht.",
            "Seite %(number)s und die %(num)s Fragen darauf werden gelöscht.",
            len(page.questions),
            number=position,
        ) if page.questions else _("Die leere Seite %(number)s wird gelöscht.", number=position),
        button=_("Seite löschen"),
        cancel=url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page.id}"),
    )


# Questions


def _kind_choices(survey) -> list[SelectChoice]:
    return [SelectChoice(kind, label) for kind, label in KIND_LABELS.items() if services.kind_problem(survey, kind) is None]


@bp.route("/<int:survey_id>/seiten/<int:page_id>/fragen/neu", methods=["GET", "POST"])
@role_required("editor")
def new_question(survey_id: int, page_id: int):
    """Add a question to a page: first choose its kind, then fill in the form for that kind."""
    survey = _survey(survey_id)
    page = _page(survey, page_id)
    services.require_draft(survey)
    kind_form = KindForm(request.args)
    kind_form.art.choices = _kind_choices(survey)
    if not request.args.get("art") or not kind_form.validate():
        status = 422 if kind_form.errors and request.args.get("art") is not None else 200
        return render_template("builder/kind.html", survey=survey, page=page, form=kind_form), status
    kind = kind_form.art.data
    form = QuestionForm(kind, creating=True)
    _life_area_choices(form)
    if form.validate_on_submit():
        question = services.add_question(
            survey, page, kind, form.values(), form.option_pairs(), form.life_areas.data
        )
        db.session.commit()
        flash(_("Die Frage wurde angelegt."))
        return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question.id}"))
    return render_template(
        "builder/question_form.html", survey=survey, page=page, question=None, kind=kind, form=form,
        kind_names=KIND_NAMES,
    ), 422 if form.errors else 200


def _question_form(survey, question, blank=False):
    fields = ("prompt", "help_text", "label_min", "label_max", "unit")
    data = {name: getattr(question, name) for name in (*fields, "required", "min_value", "max_value", "max_choices",
                                                     "allow_no_answer", "max_length")}
    data.update(_english(question, *fields), life_areas=[area.id for area in question.life_areas])
    kwargs = {"formdata": None} if blank else {}
    form = QuestionForm(
        question.kind, structure=survey.status == "draft", option_count=len(question.options), data=data, **kwargs
    )
    _life_area_choices(form)
    return form


def _option_form(question, option=None, structure=True, blank=False):
    """The form for a new option (`option` None) or for editing one; `blank` ignores what was posted."""
    taken = {each.label for each in question.options if each is not option}
    data = None
    if option is not None:
        data = {"label": option.label, **_english(option, "label"), "life_areas": [area.id for area in option.life_areas]}
    kwargs = {"formdata": None} if blank else {}
    if option is None:
        kwargs["prefix"] = "option"  # beside the question's own form on one page: distinct names and ids
    form = OptionForm(structure=structure, taken=taken, data=data, **kwargs)
    _life_area_choices(form)
    return form


def _render_question(survey, question, form, option_form, status=200):
    return render_template(
        "builder/question_form.html",
        survey=survey,
        page=question.page,
        question=question,
        kind=question.kind,
        form=form,
        option_form=option_form,
        has_options=question.kind in OPTION_KINDS,
        kind_names=KIND_NAMES,
        numbers=question_numbers(survey),
    ), status


@bp.route("/<int:survey_id>/fragen/<int:question_id>", methods=["GET", "POST"])
@role_required("editor")
def question(survey_id: int, question_id: int):
    """Edit a question and see its options; after opening only its wording."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    form = _question_form(survey, question)
    if request.method == "POST":
        _refuse_structure_fields(survey, QUESTION_STRUCTURE_FIELDS)
    if form.validate_on_submit():
        areas = form.life_areas.data if "life_areas" in form else None
        changed, saved = _save(form, lambda: services.update_question(survey, question, form.values(), areas))
        if saved:
            flash(_("Die Frage wurde gespeichert.") if changed else _("Es gab nichts zu ändern."))
            return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question.id}"))
    option_form = _option_form(question, blank=True) if survey.status == "draft" else None
    return _render_question(survey, question, form, option_form, 422 if form.errors else 200)


@bp.post("/<int:survey_id>/fragen/<int:question_id>/verschieben")
@role_required("editor")
def move_question(survey_id: int, question_id: int):
    """Move a question up or down, across pages at a page's top or bottom."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    services.move_question(survey, question, _step())
    db.session.commit()
    return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question.id}"))


@bp.route("/<int:survey_id>/fragen/<int:question_id>/loeschen", methods=["GET", "POST"])
@role_required("editor")
def delete_question(survey_id: int, question_id: int):
    """Delete a question, after a confirmation."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    services.require_draft(survey)
    form = ActionForm()
    if form.validate_on_submit():
        page_id = question.page_id
        services.delete_question(survey, question)
        db.session.commit()
        flash(_("Die Frage wurde gelöscht."))
        return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page_id}"))
    return render_template(
        "builder/confirm.html",
        form=form,
        title=_("Frage löschen?"),
        text=_("Frage %(number)s „%(prompt)s“ wird mit ihren Antwortmöglichkeiten gelöscht.",
               number=question_numbers(survey)[question.id], prompt=question.prompt),
        button=_("Frage löschen"),
        cancel=url_for(".question", survey_id=survey.id, question_id=question.id),
    )


@bp.route("/<int:survey_id>/fragen/<int:question_id>/bedingung", methods=["GET", "POST"])
@role_required("editor")
def condition(survey_id: int, question_id: int):
    """Show a question only when certain answers were given to a choice question on an earlier page."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    services.require_draft(survey)
    candidates = condition_candidates(survey, question)
    owners = {option.id: candidate.id for candidate in candidates for option in candidate.options}
    form = ConditionForm(candidates=owners, data={"option_ids": [option.id for option in question.show_if_options]})
    if form.validate_on_submit():
        chosen = [] if request.form.get("action") == "remove" else form.option_ids.data
        saved = _save(form, lambda: services.set_condition(survey, question, chosen))[1]
        if saved:
            flash(_("Die Bedingung wurde gespeichert.") if chosen else _("Die Frage wird jetzt immer gezeigt."))
            return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question.id}"))
    return render_template(
        "builder/condition.html", survey=survey, question=question, candidates=candidates, form=form,
        numbers=question_numbers(survey), chosen=set(form.option_ids.data or []),
    ), 422 if form.errors else 200


# Options


@bp.post("/<int:survey_id>/fragen/<int:question_id>/optionen")
@role_required("editor")
def add_option(survey_id: int, question_id: int):
    """Add an option (for a matrix: a row) at the end."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    if question.kind not in OPTION_KINDS:
        abort(404)
    services.require_draft(survey)
    option_form = _option_form(question)
    if not option_form.validate_on_submit():
        form = _question_form(survey, question, blank=True)
        return _render_question(survey, question, form, option_form, 422)
    option = services.add_option(survey, question, option_form.values(), option_form.life_areas.data)
    db.session.commit()
    flash(_("Die Antwortmöglichkeit wurde angelegt."))
    return redirect(url_for(".question", survey_id=survey.id, question_id=question.id, _anchor=f"option-{option.id}"))


@bp.route("/<int:survey_id>/fragen/<int:question_id>/optionen/<int:option_id>", methods=["GET", "POST"])
@role_required("editor")
def option(survey_id: int, question_id: int, option_id: int):
    """Edit an option's label and life areas; after opening only its label."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    option = _option(question, option_id)
    form = _option_form(question, option, structure=survey.status == "draft")
    if request.method == "POST":
        _refuse_structure_fields(survey, OPTION_STRUCTURE_FIELDS)
    if form.validate_on_submit():
        areas = form.life_areas.data if "life_areas" in form else None
        changed = services.update_option(survey, option, form.values(), areas)
        db.session.commit()
        flash(_("Die Antwortmöglichkeit wurde gespeichert.") if changed else _("Es gab nichts zu ändern."))
        return redirect(url_for(".question", survey_id=survey.id, question_id=question.id, _anchor=f"option-{option.id}"))
    return render_template(
        "builder/option_form.html", survey=survey, question=question, option=option, form=form,
        number=question_numbers(survey)[question.id],
    ), 422 if form.errors else 200


@bp.post("/<int:survey_id>/fragen/<int:question_id>/optionen/<int:option_id>/verschieben")
@role_required("editor")
def move_option(survey_id: int, question_id: int, option_id: int):
    """Move an option up or down."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    option = _option(question, option_id)
    services.move_option(survey, option, _step())
    db.session.commit()
    return redirect(url_for(".question", survey_id=survey.id, question_id=question.id, _anchor=f"option-{option.id}"))


@bp.post("/<int:survey_id>/fragen/<int:question_id>/optionen/<int:option_id>/loeschen")
@role_required("editor")
def delete_option(survey_id: int, question_id: int, option_id: int):
    """Delete an option."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    option = _option(question, option_id)
    services.delete_option(survey, option)
    db.session.commit()
    flash(_("Die Antwortmöglichkeit wurde gelöscht."))
    return redirect(url_for(".question", survey_id=survey.id, question_id=question.id, _anchor="optionen"))
