"""The read-only JSON API: published snapshots only, cacheable, and the same numbers as the pages."""

from sqlalchemy import select

from participation.extensions import db
from participation.results.models import ResultSnapshot
from participation.surveys.models import Survey
from tests.results.pagetables import compare_page_with_api

SLUG = "digitales-wolmirstedt"
RESULTS = f"/api/v1/surveys/{SLUG}/results"


def test_the_list_of_published_surveys(client, republished):
    response = client.get("/api/v1/surveys")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json == {
        "surveys": [
            {
                "slug": SLUG,
                "title": {"de": "Wie digital ist Wolmirstedt? Ihre Meinung zählt", "en": "How digital is Wolmirstedt? Your opinion counts"},
                "latest_version": 2,
                "published_on": "2026-11-24",
                "results_url": f"http://localhost{RESULTS}",
                "page_url": f"http://localhost/ergebnisse/{SLUG}",
            }
        ]
    }


def test_the_list_is_empty_while_nothing_is_published(client, demo):
    assert client.get("/api/v1/surveys").json == {"surveys": []}


def test_results_are_the_latest_snapshot_as_published(client, republished):
    response = client.get(RESULTS)
    assert response.status_code == 200
    latest = db.session.scalars(select(ResultSnapshot).where(ResultSnapshot.version == 2)).one()
    body = response.json
    versions = body.pop("versions")
    assert body == latest.data
    assert body["version"] == 2 and body["policy"]["MIN_CELL"] == 5
    assert [(v["version"], v["published_on"], v["reason"]) for v in versions] == [
        (2, "2026-11-24", "Papierbögen aus Glindenberg nachgetragen"),
        (1, "2026-11-20", ""),
    ]
    assert versions[1]["url"] == f"http://localhost{RESULTS}?version=1"


def test_an_earlier_version_by_query(client, republished):
    body = client.get(f"{RESULTS}?version=1").json
    first = db.session.scalars(select(ResultSnapshot).where(ResultSnapshot.version == 1)).one()
    body.pop("versions")
    assert body == first.data


def test_errors_are_json(client, published):
    for url, status in [
        ("/api/v1/surveys/gibt-es-nicht/results", 404),
        (f"{RESULTS}?version=7", 404),
        (f"{RESULTS}?version=zwei", 400),
        (f"{RESULTS}?version=-1", 400),
        ("/api/v1/gibt-es-nicht", 404),
        ("/api/v1/", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response.mimetype == "application/json", url
        assert response.json["error"]["status"] == status
        assert response.headers["Cache-Control"] == "no-store"


def test_results_of_an_open_survey_are_not_served(client, published):
    db.session.scalars(select(Survey)).one().status = "open"
    db.session.commit()
    assert client.get(RESULTS).status_code == 404
    assert client.get("/api/v1/surveys").json == {"surveys": []}


def test_etag_and_if_none_match(client, published):
    first = client.get(RESULTS)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith('W/')
    again = client.get(RESULTS, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "public, max-age=300"
    # Compression appends the algorithm to the tag; what the client sends back still matches.
    compressed = etag[:-1] + ':br"'
    assert client.get(RESULTS, headers={"If-None-Match": compressed}).status_code == 304
    assert client.get(RESULTS, headers={"If-None-Match": '"something-else"'}).status_code == 200
    listing = client.get("/api/v1/surveys").headers["ETag"]
    assert client.get("/api/v1/surveys", headers={"If-None-Match": listing}).status_code == 304


def test_a_new_version_changes_the_tags(client, published):
    from tests.results.conftest import SnapshotMaker, insert_snapshot

    old_results = client.get(RESULTS).headers["ETag"]
    old_list = client.get("/api/v1/surveys").headers["ETag"]
    insert_snapshot(SnapshotMaker(seed=9).data(version=2, published_on="2026-11-25", reason="Korrektur"))
    assert client.get(RESULTS, headers={"If-None-Match": old_results}).status_code == 200
    assert client.get("/api/v1/surveys", headers={"If-None-Match": old_list}).status_code == 200
    # The earlier version now lists its successor, so its tag changes too.
    assert client.get(f"{RESULTS}?version=1", headers={"If-None-Match": old_results}).status_code == 200


def test_the_api_is_compressed(client, published):
    response = client.get(RESULTS, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_api_numbers_equal_page_numbers(client, published):
    api = client.get(RESULTS).json
    for group_key, path in [("town", ""), ("locality:elbeu", "/elbeu"), ("locality:glindenberg", "/glindenberg")]:
        html = client.get(f"/ergebnisse/{SLUG}{path}").get_data(as_text=True)
        assert compare_page_with_api(html, api, group_key) > 20, group_key
