"""The organisers' side: their own groups (list, new, edit, delete). Polls register their routes on
this blueprint from poll_views.py, workshops from workshop_views.py.

An organiser sees only their own groups: anything else answers 404, as if it did not exist, so
the ids of other groups tell nothing.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from participation.core.clock import town_today
from participation.extensions import db
from participation.groups import queries, services
from participation.groups.forms import KIND_LABELS, GroupForm
from participation.groups.services import GroupError
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm

bp = Blueprint("groups", __name__, url_prefix="/verwaltung/gruppen", template_folder="templates")

ERRORS = {
    "has_activities": lambda: _("Diese Gruppe hat schon Umfragen oder Werkstätten. Sie bleibt, damit deren Ergebnisse erhalten bleiben."),
}


@bp.app_context_processor
def _labels() -> dict:
    return {"group_kind_labels": KIND_LABELS}


@bp.app_template_global("group_poll_of")
def _group_poll_of(survey_id: int):
    """The builder's pages of a group poll lead back to the poll, not to the town's surveys."""
    return queries.poll_of_survey(survey_id)


def own_group_or_404(group_id: int):
    return queries.own_group(current_user.id, group_id) or abort(404)


def _group_form(group=None) -> GroupForm:
    data = None
    if group is not None:
        data = {"name": group.name, "kind": group.kind, "locality": str(group.locality_id or ""),
                "expected_size": group.expected_size}
    form = GroupForm(data=data)
    form.locality.choices = [SelectChoice("", _("Keine bestimmte Ortschaft"))] + [
        SelectChoice(str(locality.id), locality.name) for locality in queries.list_localities()
    ]
    return form


@bp.get("/")
@role_required("organiser")
def index():
    """The organiser's groups with their polls and workshops."""
    return render_template("groups/index.html", groups=queries.list_groups(current_user.id))


@bp.route("/neu", methods=["GET", "POST"])
@role_required("organiser")
def new():
    form = _group_form()
    if form.validate_on_submit():
        group = services.create_group(current_user.id, form.data, town_today())
        db.session.commit()
        flash(_("Die Gruppe ist angelegt. Jetzt können Sie eine Umfrage oder eine Werkstatt beginnen."))
        return redirect(url_for(".group", group_id=group.id))
    return render_template("groups/group_form.html", form=form, group=None), 422 if form.errors else 200


@bp.get("/<int:group_id>")
@role_required("organiser")
def group(group_id: int):
    from participation.groups.poll_forms import NewPollForm

    group = own_group_or_404(group_id)
    return render_template("groups/group.html", group=group, poll_form=NewPollForm(formdata=None))


@bp.route("/<int:group_id>/bearbeiten", methods=["GET", "POST"])
@role_required("organiser")
def edit(group_id: int):
    group = own_group_or_404(group_id)
    form = _group_form(group)
    if form.validate_on_submit():
        changed = services.update_group(group, form.data)
        db.session.commit()
        flash(_("Die Änderungen wurden gespeichert.") if changed else _("Es gab nichts zu ändern."))
        return redirect(url_for(".group", group_id=group.id))
    return render_template("groups/group_form.html", form=form, group=group), 422 if form.errors else 200


@bp.route("/<int:group_id>/loeschen", methods=["GET", "POST"])
@role_required("organiser")
def delete(group_id: int):
    group = own_group_or_404(group_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.delete_group(group)
        except GroupError as error:
            db.session.rollback()
            flash(ERRORS[error.code](), "error")
            return redirect(url_for(".group", group_id=group.id))
        db.session.commit()
        flash(_("Die Gruppe wurde gelöscht."))
        return redirect(url_for(".index"))
    return render_template("builder/confirm.html", form=form,
                           title=_("Gruppe „%(name)s“ löschen?", name=group.name),
                           text=_("Die Gruppe wird gelöscht. Das lässt sich nicht rückgängig machen."),
                           button=_("Gruppe löschen"), cancel=url_for(".group", group_id=group.id))


# The other views register their routes on `bp` when imported (after it exists).
from participation.groups import poll_views  # noqa: E402, F401
from participation.groups import workshop_views  # noqa: E402, F401
