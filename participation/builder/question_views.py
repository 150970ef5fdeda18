"""The builder's questions, their show-if conditions and their options (for a matrix: rows).
New questions and options are made once per form, however often it is sent."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from participation.builder import services
from participation.builder.forms import (
    KIND_LABELS,
    KIND_NAMES,
    OPTION_KINDS,
    OPTION_STRUCTURE_FIELDS,
    QUESTION_STRUCTURE_FIELDS,
    ConditionForm,
    KindForm,
    OptionForm,
    QuestionForm,
)
from participation.builder.messages import describe_problem
from participation.builder.services import BuilderError
from participation.builder.structure import condition_candidates, question_numbers
from participation.builder.view_helpers import (
    create_once,
    english_texts,
    life_area_choices,
    made_before,
    option_or_404,
    page_or_404,
    question_or_404,
    refuse_structure_fields,
    save,
    step_or_400,
    survey_or_404,
)
from participation.builder.views import bp
from participation.extensions import db
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm


def _kind_choices(survey) -> list[SelectChoice]:
    return [SelectChoice(kind, label) for kind, label in KIND_LABELS.items() if services.kind_problem(survey, kind) is None]


@bp.route("/<int:survey_id>/seiten/<int:page_id>/fragen/neu", methods=["GET", "POST"])
@role_required("editor", "organiser")
def new_question(survey_id: int, page_id: int):
    """Add a question to a page: first choose its kind, then fill in the form for that kind."""
    survey = survey_or_404(survey_id)
    page = page_or_404(survey, page_id)
    services.require_draft(survey)
    action = f"question:{page.id}"
    question_id = made_before(action) if request.method == "POST" else None
    if question_id is not None:
        return _question_created(survey, question_id)
    full = services.room_for_question(survey, page)
    if full and request.method == "GET":
        raise BuilderError(full.code, **dict(full.params))  # nothing typed yet: say so before the form
    kind_form = KindForm(request.args)
    kind_form.art.choices = _kind_choices(survey)
    if not request.args.get("art") or not kind_form.validate():
        status = 422 if kind_form.errors and request.args.get("art") is not None else 200
        return render_template("builder/kind.html", survey=survey, page=page, form=kind_form), status
    kind = kind_form.art.data
    form = QuestionForm(kind, creating=True)
    life_area_choices(form)
    if form.validate_on_submit():
        values, options, areas = form.values(), form.option_pairs(), form.life_areas.data
        question_id = save(form, lambda: create_once(
            action, lambda: services.add_question(survey, page, kind, values, options, areas), lambda _question: survey.id
        ))[0]
        if question_id is not None:
            return _question_created(survey, question_id)
    return render_template(
        "builder/question_form.html", survey=survey, page=page, question=None, kind=kind, form=form,
        kind_names=KIND_NAMES,
    ), 422 if form.errors else 200


def _question_created(survey, question_id: int):
    flash(_("Die Frage wurde angelegt."))
    return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question_id}"))


def _question_form(survey, question, blank=False):
    fields = ("prompt", "help_text", "label_min", "label_max", "unit")
    data = {name: getattr(question, name) for name in (*fields, "required", "min_value", "max_value", "max_choices",
                                                     "allow_no_answer", "max_length")}
    data.update(english_texts(question, *fields), life_areas=[area.id for area in question.life_areas])
    kwargs = {"formdata": None} if blank else {}
    form = QuestionForm(
        question.kind, structure=survey.status == "draft", option_count=len(question.options), data=data, **kwargs
    )
    life_area_choices(form)
    return form


def _option_form(question, option=None, structure=True, blank=False):
    """The form for a new option (`option` None) or for editing one; `blank` ignores what was posted."""
    taken = {each.label for each in question.options if each is not option}
    data = None
    if option is not None:
        data = {"label": option.label, **english_texts(option, "label"), "life_areas": [area.id for area in option.life_areas]}
    kwargs = {"formdata": None} if blank else {}
    if option is None:
        kwargs["prefix"] = "option"  # beside the question's own form on one page: distinct names and ids
    form = OptionForm(structure=structure, taken=taken, data=data, **kwargs)
    life_area_choices(form)
    return form


def _option_limit(survey, question) -> str | None:
    """Why no further option can be added (shown instead of the form), or None."""
    full = services.room_for_option(survey, question) if question.kind in OPTION_KINDS else None
    return describe_problem(full) if full else None


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
        option_limit=_option_limit(survey, question),
        kind_names=KIND_NAMES,
        numbers=question_numbers(survey),
    ), status


@bp.route("/<int:survey_id>/fragen/<int:question_id>", methods=["GET", "POST"])
@role_required("editor", "organiser")
def question(survey_id: int, question_id: int):
    """Edit a question and see its options; after opening only its wording."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
    form = _question_form(survey, question)
    if request.method == "POST":
        refuse_structure_fields(survey, QUESTION_STRUCTURE_FIELDS)
    if form.validate_on_submit():
        areas = form.life_areas.data if "life_areas" in form else None
        changed, saved = save(form, lambda: services.update_question(survey, question, form.values(), areas))
        if saved:
            flash(_("Die Frage wurde gespeichert.") if changed else _("Es gab nichts zu ändern."))
            return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question.id}"))
    option_form = _option_form(question, blank=True) if survey.status == "draft" else None
    return _render_question(survey, question, form, option_form, 422 if form.errors else 200)


@bp.post("/<int:survey_id>/fragen/<int:question_id>/verschieben")
@role_required("editor", "organiser")
def move_question(survey_id: int, question_id: int):
    """Move a question up or down, across pages at a page's top or bottom."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
    services.move_question(survey, question, step_or_400())
    db.session.commit()
    return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question.id}"))


@bp.route("/<int:survey_id>/fragen/<int:question_id>/loeschen", methods=["GET", "POST"])
@role_required("editor", "organiser")
def delete_question(survey_id: int, question_id: int):
    """Delete a question, after a confirmation."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
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
@role_required("editor", "organiser")
def condition(survey_id: int, question_id: int):
    """Show a question only when certain answers were given to a choice question on an earlier page."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
    services.require_draft(survey)
    candidates = condition_candidates(survey, question)
    owners = {option.id: candidate.id for candidate in candidates for option in candidate.options}
    form = ConditionForm(candidates=owners, data={"option_ids": [option.id for option in question.show_if_options]})
    if form.validate_on_submit():
        chosen = [] if request.form.get("action") == "remove" else form.option_ids.data
        saved = save(form, lambda: services.set_condition(survey, question, chosen))[1]
        if saved:
            flash(_("Die Bedingung wurde gespeichert.") if chosen else _("Die Frage wird jetzt immer gezeigt."))
            return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"frage-{question.id}"))
    return render_template(
        "builder/condition.html", survey=survey, question=question, candidates=candidates, form=form,
        numbers=question_numbers(survey), chosen=set(form.option_ids.data or []),
    ), 422 if form.errors else 200


# Options


@bp.post("/<int:survey_id>/fragen/<int:question_id>/optionen")
@role_required("editor", "organiser")
def add_option(survey_id: int, question_id: int):
    """Add an option (for a matrix: a row) at the end."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
    if question.kind not in OPTION_KINDS:
        abort(404)
    services.require_draft(survey)
    option_form = _option_form(question)
    action = f"option:{question.id}"
    option_id = made_before(action)
    if option_id is None and option_form.validate_on_submit():
        values, areas = option_form.values(), option_form.life_areas.data
        option_id = save(option_form, lambda: create_once(
            action, lambda: services.add_option(survey, question, values, areas), lambda _option: survey.id
        ))[0]
    if option_id is not None:
        flash(_("Die Antwortmöglichkeit wurde angelegt."))
        return redirect(url_for(".question", survey_id=survey.id, question_id=question.id, _anchor=f"option-{option_id}"))
    form = _question_form(survey, question, blank=True)
    return _render_question(survey, question, form, option_form, 422)


@bp.route("/<int:survey_id>/fragen/<int:question_id>/optionen/<int:option_id>", methods=["GET", "POST"])
@role_required("editor", "organiser")
def option(survey_id: int, question_id: int, option_id: int):
    """Edit an option's label and life areas; after opening only its label."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
    option = option_or_404(question, option_id)
    form = _option_form(question, option, structure=survey.status == "draft")
    if request.method == "POST":
        refuse_structure_fields(survey, OPTION_STRUCTURE_FIELDS)
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
@role_required("editor", "organiser")
def move_option(survey_id: int, question_id: int, option_id: int):
    """Move an option up or down."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
    option = option_or_404(question, option_id)
    services.move_option(survey, option, step_or_400())
    db.session.commit()
    return redirect(url_for(".question", survey_id=survey.id, question_id=question.id, _anchor=f"option-{option.id}"))


@bp.post("/<int:survey_id>/fragen/<int:question_id>/optionen/<int:option_id>/loeschen")
@role_required("editor", "organiser")
def delete_option(survey_id: int, question_id: int, option_id: int):
    """Delete an option."""
    survey = survey_or_404(survey_id)
    question = question_or_404(survey, question_id)
    option = option_or_404(question, option_id)
    services.delete_option(survey, option)
    db.session.commit()
    flash(_("Die Antwortmöglichkeit wurde gelöscht."))
    return redirect(url_for(".question", survey_id=survey.id, question_id=question.id, _anchor="optionen"))
