"""Home page, legal and help pages, and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from participation.core.clock import town_today
from participation.core.redirects import local_path
from participation.pages.queries import list_process_steps
from participation.results.queries import list_published
from participation.surveys import queries as survey_queries
from participation.surveys.counter import rounded_down

bp = Blueprint("pages", __name__, template_folder="templates")


@bp.get("/")
def home():
    """Explain the process and list the open surveys, optionally for one locality."""
    localities = survey_queries.list_localities()
    chosen = request.args.get("ortschaft", "")
    locality = survey_queries.get_locality_by_slug(chosen) if chosen else None
    surveys = survey_queries.list_open_surveys(town_today(), locality)
    return render_template(
        "pages/home.html",
        steps=list_process_steps(),
        surveys=surveys,
        localities=localities,
        locality=locality,
        unknown_locality=bool(chosen) and locality is None,
        took_part=_rounded_participation(surveys, locality),
        results=list_published(limit=3),
    )


def _rounded_participation(surveys, locality) -> dict:
    """Per survey: (town, chosen locality or None), each rounded down to tens."""
    ids = [survey.id for survey in surveys]
    town = survey_queries.count_participation_per_survey(ids)
    there = survey_queries.count_participation_per_survey(ids, locality.id) if locality else {}
    return {
        survey.id: (rounded_down(town.get(survey.id, 0)), rounded_down(there.get(survey.id, 0)) if locality else None)
        for survey in surveys
    }


@bp.get("/impressum")
def imprint():
    """Who runs the site (Impressum)."""
    return render_template("pages/imprint.html", operator=current_app.config["OPERATOR"])


@bp.get("/datenschutz")
def privacy():
    """The privacy notice: what is stored, what is never stored, and the resident's rights."""
    return render_template("pages/privacy.html", operator=current_app.config["OPERATOR"])


@bp.get("/barrierefreiheit")
def accessibility():
    """The accessibility statement with a feedback channel."""
    return render_template("pages/accessibility.html", operator=current_app.config["OPERATOR"])


@bp.get("/leichte-sprache")
def easy_read():
    """What this site is, in easy-read German (Leichte Sprache)."""
    return render_template("pages/easy_read.html")


@bp.get("/sprache/<code>")
def set_language(code: str):
    """Switch the language and return to the page the resident was on."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(local_path(request.args.get("next"), url_for(".home")))

