"""Read-only JSON API over published result snapshots (`/api/v1/...`).

Only what the result pages show: the snapshot data as published, never anything else. Responses
may be cached by anyone for five minutes, and carry a strong ETag so that a client that already
holds a version gets a bare 304.
"""

import hashlib

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from participation.core.errors import json_error
from participation.core.inputs import whole_number
from participation.results import queries, withdrawal

bp = Blueprint("api", __name__, url_prefix="/api/v1")

CACHE_CONTROL = "public, max-age=300"
#: Serialised snapshots by (ETag, date, host): a snapshot never changes, so it is encoded once per
#: worker (the host is part of the key because the answer holds absolute links).
_BODIES: dict[tuple, bytes] = {}
MAX_BODIES = 16


def _etag_matches(etag: str) -> bool:
    """Whether the client holds this version. Compression adds ":br" or ":gzip" to our tag, so
    the tag a client sends back is compared without that suffix."""
    for value in request.if_none_match.as_set(include_weak=True) if request.if_none_match else ():
        if value == "*" or value.split(":")[0] == etag:
            return True
    return False


def _cached_json(body: bytes | None, etag: str) -> Response:
    """The answer with its caching headers; a bare 304 when the client holds this version."""
    if body is None or _etag_matches(etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    # Public data: any web page may read it (no cookies are involved in these answers).
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _texts(survey, field: str) -> dict:
    """A text in every language it exists in, as in the snapshot format."""
    texts = {"de": getattr(survey, field)}
    for language, fields in (survey.translations or {}).items():
        if fields.get(field):
            texts[language] = fields[field]
    return texts


def _survey_entry(survey, snapshot) -> dict:
    return {
        "slug": survey.slug,
        "title": _texts(survey, "title"),
        "latest_version": snapshot.version,
        "published_on": snapshot.published_on.isoformat(),
        "results_url": url_for(".survey_results", slug=survey.slug, _external=True),
        "page_url": url_for("results.survey", slug=survey.slug, _external=True),
    }


@bp.get("/surveys")
def surveys():
    """Surveys with published results, newest first."""
    published = queries.list_published()
    tag = hashlib.sha256(",".join(f"{s.id}-{snap.id}-{snap.version}" for s, snap in published).encode()).hexdigest()[:20]
    etag = f"list-{tag}"
    if _etag_matches(etag):
        return _cached_json(None, etag)
    entries = [_survey_entry(s, snap) for s, snap in published]
    return _cached_json(current_app.json.dumps({"surveys": entries}).encode(), etag)


@bp.get("/surveys/<slug>/results")
def survey_results(slug: str):
    """The published snapshot of a survey: the latest version, or ?version=N."""
    version = request.args.get("version")
    number = whole_number(version, minimum=1)
    if version is not None and number is None:
        if not (version.isascii() and version.isdigit()):
            return json_error(400, "bad_version", "version must be a positive whole number")
        # a whole number, but larger than any version can be
        return json_error(404, "not_found", "no published results for this survey and version")
    survey = queries.get_published_survey(slug)
    snapshot = queries.get_snapshot(survey.id, number) if survey else None
    if snapshot is None:
        return json_error(404, "not_found", "no published results for this survey and version")
    if snapshot.withdrawn:
        return _withdrawn(snapshot, queries.get_snapshot(survey.id))
    versions = queries.list_versions(survey.id)
    # Withdrawing happens only when a new version is published, so the count of versions changes too.
    etag = f"snapshot-{snapshot.id}-v{snapshot.version}-{len(versions)}"
    if _etag_matches(etag):
        return _cached_json(None, etag)
    key = (etag, snapshot.published_on, request.host_url)
    body = _BODIES.get(key)
    if body is None:
        payload = {
            **queries.snapshot_data(snapshot.id),
            "versions": [
                {
                    "version": item.version,
                    "published_on": item.published_on.isoformat(),
                    "reason": item.reason,
                    "withdrawn": item.withdrawn,
                    "url": url_for(".survey_results", slug=slug, version=item.version, _external=True),
                }
                for item in versions
            ],
        }
        body = current_app.json.dumps(payload).encode()
        if len(_BODIES) >= MAX_BODIES:
            _BODIES.clear()
        _BODIES[key] = body
    return _cached_json(body, etag)


def _withdrawn(snapshot, latest) -> Response:
    """410 Gone for a withdrawn version, with the version that replaces it. The explanation is
    for people (it is the page's text, in the reader's language); `error` is for programs."""
    response = jsonify(
        {
            "error": "withdrawn",
            "message": withdrawal.explanation(snapshot.withdrawn_reason),
            "replaced_by": latest.version if latest else None,
        }
    )
    response.status_code = 410
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept-Language"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/", defaults={"rest": ""})
@bp.get("/<path:rest>")
def unknown(rest: str):
    """Unknown API paths answer in JSON too (every other error under /api/ does: core/errors.py)."""
    return json_error(404, "not_found", "unknown API path; see /api/v1/surveys")


