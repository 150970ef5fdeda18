"""Public result pages: the list of published surveys, a survey's results for the whole town and
for each locality, earlier versions, and the charts (SVG, cached for a year at versioned URLs)."""

from flask import Blueprint, Response, abort, current_app, redirect, render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from participation.results import chart_cache, presentation, queries, withdrawal
from participation.results.charts import ChartWords, text_in
from participation.disclosure.policy import Policy

bp = Blueprint("results", __name__, template_folder="templates")

CHART_CACHE_CONTROL = "public, max-age=31536000, immutable"
#: A chart opened on its own is a document that may load and run nothing, and has no styles:
#: it is drawn with presentation attributes (charts.py), which are not styles.
CHART_CSP = "default-src 'none'; style-src 'none'"


def chart_words(policy: dict | None = None) -> ChartWords:
    """The words inside a chart, in the current language, for the snapshot's thresholds."""
    policy = policy or Policy().to_dict()
    return ChartWords(
        fewer_than_min_cell=_("< %(n)s", n=policy["MIN_CELL"]),
        protected=_("geschützt"),
        fewer_than_min_group=_("< %(n)s Antworten", n=policy["MIN_GROUP"]),
        scale_ends=_("%(min)s = %(label_min)s … %(max)s = %(label_max)s", min="{min}", label_min="{label_min}", max="{max}", label_max="{label_max}"),
        scale_axis=_("Mittelwert (%(scale)s)", scale="{scale}"),
        points_axis=_("Durchschnittliche Punkte (Platz 1 = %(points)s Punkte, nicht gewählt = 0)", points="{points}"),
        share_axis=_("Anteil der %(n)s Antwortenden, die das gewählt haben", n="{n}"),
        distribution_axis=_("Anteil der %(n)s Antworten", n="{n}"),
    )


@bp.get("/ergebnisse")
def index():
    """List the surveys whose results are published, newest first."""
    return render_template("results/index.html", published=queries.list_published())


@bp.get("/ergebnisse/<slug>")
@bp.get("/ergebnisse/<slug>/v<int:version>")
def survey(slug: str, version: int | None = None):
    """A survey's results for the whole town: every question with chart, table and breakdowns."""
    return _results_page(slug, version, None)


@bp.get("/ergebnisse/<slug>/<locality>")
@bp.get("/ergebnisse/<slug>/v<int:version>/<locality>")
def locality(slug: str, locality: str, version: int | None = None):
    """A survey's results for one locality."""
    return _results_page(slug, version, locality)


#: Rendered page bodies by (survey, snapshot, latest snapshot, locality, language). A snapshot never
#: changes, so its body is rendered once per worker; a newer version makes new keys (the older
#: version's page then names its successor). Bounded like the survey plans in surveys/queries.py.
_BODIES: dict[tuple, tuple[str, Markup]] = {}
MAX_BODIES = 32


def _results_page(slug: str, version: int | None, locality_slug: str | None):
    survey = queries.get_published_survey(slug) or abort(404)
    latest = queries.get_snapshot(survey.id)
    snapshot = latest if version is None else queries.get_snapshot(survey.id, version)
    if snapshot is None or latest is None:
        abort(404)
    if version == latest.version:  # the current version has one address
        return redirect(_page_url(survey.slug, None, locality_slug))
    if snapshot.withdrawn:
        return _withdrawn_page(survey, snapshot, latest, locality_slug)
    language = str(get_locale())
    key = (survey.id, snapshot.id, snapshot.version, snapshot.published_on, latest.id, locality_slug, language)
    cached = _BODIES.get(key)
    if cached is None:
        cached = _render_body(survey, snapshot, latest, locality_slug, language)
        if len(_BODIES) >= MAX_BODIES:
            _BODIES.clear()
        _BODIES[key] = cached
    page_title, body = cached
    return render_template(
        "results/survey.html",
        survey=survey,
        page_title=page_title,
        body=body,
        version_in_url=None if snapshot.id == latest.id else snapshot.version,
    )


def _withdrawn_page(survey, snapshot, latest, locality_slug: str | None):
    """410 Gone: the version existed and will not come back; the page names its successor."""
    html = render_template(
        "results/withdrawn.html",
        survey=survey,
        snapshot=snapshot,
        latest=latest,
        explanation=withdrawal.explanation(snapshot.withdrawn_reason),
        current_url=_page_url(survey.slug, None, locality_slug),
    )
    return html, 410


def _render_body(survey, snapshot, latest, locality_slug: str | None, language: str) -> tuple[str, Markup]:
    """The page's title and body (404 for a locality this version does not publish)."""
    data = queries.snapshot_data(snapshot.id)
    group_key, level = presentation.TOWN, None
    if locality_slug is not None:
        level = presentation.locality_level(data, locality_slug) or abort(404)
        group_key = level["key"]
    town = presentation.Label(_("Ganze Stadt"), language)
    words = chart_words(data["policy"])
    views = [
        presentation.question_view(question, data, group_key, language, words, town)
        for question in data["questions"]
        if presentation.published_for(question, group_key)
    ]
    slugs = {slug for question in data["questions"] for slug in question.get("life_areas") or []}
    title = text_in(data["survey"]["title"], language)
    if level is not None:
        title += " – " + text_in(level["label"], language)
    body = render_template(
        "results/_survey_body.html",
        survey=survey,
        snapshot=snapshot,
        data=data,
        latest=latest,
        is_latest=snapshot.id == latest.id,
        level=level,
        questions=views,
        respondents=presentation.respondents_n(data, group_key, language),
        respondents_table=presentation.respondents_table(data, language) if level is None else None,
        localities=presentation.localities(data),
        any_hidden=presentation.has_markers(views),
        versions=queries.list_versions(survey.id),
        withdrawn_words=withdrawal.short_reason,
        life_areas=queries.life_areas_by_slug(slugs),
        label=lambda text: presentation.label(text, language),
        page_url=lambda loc: _page_url(survey.slug, None if snapshot.id == latest.id else snapshot.version, loc),
        chart_url=lambda number: _chart_url(survey.slug, snapshot.version, language, number, locality_slug),
    )
    return title, Markup(body)


def _page_url(slug: str, version: int | None, locality_slug: str | None) -> str:
    if version is None:
        if locality_slug is None:
            return url_for(".survey", slug=slug)
        return url_for(".locality", slug=slug, locality=locality_slug)
    if locality_slug is None:
        return url_for(".survey", slug=slug, version=version)
    return url_for(".locality", slug=slug, version=version, locality=locality_slug)


def _chart_url(slug: str, version: int, language: str, number: int, locality_slug: str | None) -> str:
    if locality_slug is None:
        return url_for(".town_chart", slug=slug, version=version, language=language, number=number)
    return url_for(".locality_chart", slug=slug, version=version, language=language, locality=locality_slug, number=number)


@bp.get("/ergebnisse/<slug>/v<int:version>/diagramme/<language>/<int:number>.svg")
def town_chart(slug: str, version: int, language: str, number: int):
    """The chart of one question for the whole town."""
    return _chart(slug, version, language, number, None)


@bp.get("/ergebnisse/<slug>/v<int:version>/diagramme/<language>/<locality>/<int:number>.svg")
def locality_chart(slug: str, version: int, language: str, locality: str, number: int):
    """The chart of one question for one locality."""
    return _chart(slug, version, language, number, locality)


def _chart_title(question: dict) -> str:
    language = str(get_locale())
    return _("Frage %(number)s: %(prompt)s", number=question["number"], prompt=text_in(question["prompt"], language))


def _chart(slug: str, version: int, language: str, number: int, locality_slug: str | None):
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    survey = queries.get_published_survey(slug) or abort(404)
    snapshot = queries.get_snapshot(survey.id, version) or abort(404)
    if snapshot.withdrawn:  # before the cache: its charts were drawn while it was shown
        abort(410)
    group_key = presentation.TOWN
    with force_locale(language):
        svg = chart_cache.cached_svg(snapshot.id, number, locality_slug, language)
        if svg is None:
            data = queries.snapshot_data(snapshot.id)
            if locality_slug is not None:
                group_key = (presentation.locality_level(data, locality_slug) or abort(404))["key"]
            words = chart_words(data["policy"])
            svg = chart_cache.draw_and_keep(snapshot.id, data, number, group_key, language, words, _chart_title)
    if svg is None:
        abort(404)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = CHART_CACHE_CONTROL
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response

