"""The analyst's pages: close a survey, preview its protected results, publish them (again)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_percent, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.clock import town_today
from participation.extensions import db
from participation.results import loss, presentation, queries, services, staff_queries, withdrawal
from participation.results.forms import PublishForm
from participation.results.views import chart_words
from participation.staff.auth import role_required
from participation.staff.forms import ActionForm

bp = Blueprint("results_staff", __name__, url_prefix="/verwaltung/ergebnisse", template_folder="templates")


def _error_message(code: str) -> str:
    return {
        "not_open": _("Diese Umfrage ist nicht geöffnet."),
        "still_open": _("Die Umfrage läuft noch. Beenden Sie sie, bevor Sie Ergebnisse ansehen oder veröffentlichen."),
        "not_closed": _("Nur beendete Umfragen haben Ergebnisse."),
        "reason_missing": _("Bitte nennen Sie einen Grund für die neue Fassung. Er wird mit den Ergebnissen veröffentlicht."),
        "reason_too_long": _("Bitte fassen Sie den Grund kürzer (höchstens 500 Zeichen)."),
    }[code]


def _survey(slug: str):
    return staff_queries.get_survey(slug) or abort(404)


@bp.get("")
@role_required("analyst")
def index():
    return render_template("results/staff/index.html", surveys=staff_queries.surveys_for_analysts(), form=ActionForm())


@bp.post("/<slug>/beenden")
@role_required("analyst")
def close(slug: str):
    survey = _survey(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.close_survey(survey, actor_id=current_user.id)
    except services.PublishError as error:
        flash(_error_message(error.code), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    flash(_("„%(title)s“ ist beendet. Es werden keine Antworten mehr angenommen.", title=survey.title))
    return redirect(url_for(".preview", slug=slug))


@bp.route("/<slug>", methods=["GET", "POST"])
@role_required("analyst")
def preview(slug: str):
    """The protected tables exactly as they would be published now; publishing stores them."""
    survey = _survey(slug)
    if survey.status == "open":
        flash(_error_message("still_open"), "error")
        return redirect(url_for(".index"))
    form = PublishForm()
    published_version = services.next_version(survey) - 1
    if form.validate_on_submit():
        try:
            snapshot = services.publish_results(survey, reason=form.reason.data or "", actor_id=current_user.id)
        except services.PublishError as error:
            form.reason.errors.append(_error_message(error.code))
        else:
            db.session.commit()
            flash(_("Version %(number)s ist veröffentlicht.", number=snapshot.version))
            return redirect(url_for("results.survey", slug=slug))
    data = services.protected_results(survey, services.current_policy(), town_today())
    language = str(get_locale())
    town = presentation.Label(_("Ganze Stadt"), language)
    views = [
        presentation.question_view(question, data, presentation.TOWN, language, chart_words(), town)
        for question in data["questions"]
    ]
    status = 422 if form.errors else 200
    return (
        render_template(
            "results/staff/preview.html",
            survey=survey,
            data=data,
            questions=views,
            form=form,
            published_version=published_version,
            respondents=presentation.respondents_n(data, presentation.TOWN, language),
            life_areas=queries.life_areas_by_slug({slug for q in data["questions"] for slug in q["life_areas"]}),
            chart_url=None,  # charts belong to a published version
            label=lambda text: presentation.label(text, language),
            **_versions_context(survey, data),
        ),
        status,
    )


def _versions_context(survey, data: dict) -> dict:
    """What the analyst needs to decide on a new version: responses added since the current one,
    which versions publishing would withdraw, withdrawn ones, and what the gate hides."""
    current = queries.get_snapshot(survey.id)
    stored = staff_queries.stored_responses(survey.id)
    added = None
    if current is not None and current.response_count is not None:
        added = stored - current.response_count
    return {
        "current": current,
        "added": added,
        "to_withdraw": [snapshot.version for snapshot in services.versions_to_withdraw(survey, stored)],
        "withdrawn": [item for item in queries.list_versions(survey.id) if item.withdrawn],
        "withdrawn_words": withdrawal.short_reason,
        "loss_preview": loss.count_loss(data),
        "loss_current": loss.count_loss(queries.snapshot_data(current.id)) if current is not None else None,
        "current_policy": current.policy if current is not None else None,
        "percent": lambda share: "–" if share is None else format_percent(share, "#,##0.0 %"),
    }
