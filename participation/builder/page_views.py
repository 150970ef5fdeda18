"""The builder's pages of a survey: add (once per form), edit the heading, move, delete."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from participation.builder import services
from participation.builder.forms import PageForm
from participation.builder.view_helpers import (
    create_once,
    english_texts,
    form_values,
    made_before,
    page_or_404,
    save,
    step_or_400,
    survey_or_404,
)
from participation.builder.views import bp, render_survey
from participation.extensions import db
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm


@bp.post("/<int:survey_id>/seiten")
@role_required("editor", "organiser")
def add_page(survey_id: int):
    """Add a page at the end."""
    survey = survey_or_404(survey_id)
    services.require_draft(survey)
    form = PageForm()
    action = f"page:{survey.id}"
    page_id = made_before(action)
    if page_id is None and form.validate_on_submit():
        values = form_values(form)
        page_id = save(form, lambda: create_once(action, lambda: services.add_page(survey, values), lambda _page: survey.id))[0]
    if page_id is not None:
        flash(_("Die Seite wurde angelegt."))
        return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page_id}"))
    return render_survey(survey, form, 422)


@bp.route("/<int:survey_id>/seiten/<int:page_id>", methods=["GET", "POST"])
@role_required("editor", "organiser")
def page(survey_id: int, page_id: int):
    """Edit a page's heading."""
    survey = survey_or_404(survey_id)
    page = page_or_404(survey, page_id)
    form = PageForm(data={"title": page.title, **english_texts(page, "title")})
    if form.validate_on_submit():
        services.update_page(survey, page, form_values(form))
        db.session.commit()
        flash(_("Die Seite wurde gespeichert."))
        return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page.id}"))
    return render_template("builder/page_form.html", survey=survey, page=page, form=form), 422 if form.errors else 200


@bp.post("/<int:survey_id>/seiten/<int:page_id>/verschieben")
@role_required("editor", "organiser")
def move_page(survey_id: int, page_id: int):
    """Move a page up or down."""
    survey = survey_or_404(survey_id)
    page = page_or_404(survey, page_id)
    services.move_page(survey, page, step_or_400())
    db.session.commit()
    return redirect(url_for(".survey", survey_id=survey.id, _anchor=f"seite-{page.id}"))


@bp.route("/<int:survey_id>/seiten/<int:page_id>/loeschen", methods=["GET", "POST"])
@role_required("editor", "organiser")
def delete_page(survey_id: int, page_id: int):
    """Delete a page with its questions, after a confirmation."""
    survey = survey_or_404(survey_id)
    page = page_or_404(survey, page_id)
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
