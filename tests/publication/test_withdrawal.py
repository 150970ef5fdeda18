"""Versions after late responses: the earlier version is withdrawn (410 on pages, API and charts),
a republish of the same responses keeps it, and the gate is shown the versions that stay."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.results import services
from participation.results.models import ResultSnapshot
from participation.staff.models import AuditEvent
from tests.publication.survey import SLUG, answer, answer_many, make_survey

API = f"/api/v1/surveys/{SLUG}/results"


@pytest.fixture
def survey(app, demo):
    survey = make_survey()
    answer_many(survey, 30, "wolmirstedt", single=0, scale=4, demographic=0)
    answer_many(survey, 25, "elbeu", single=1, scale=2, demographic=1)
    services.close_survey(survey)
    services.publish_results(survey)
    db.session.commit()
    return survey


@pytest.fixture(autouse=True)
def _forget_rendered_results():
    """Pages and API answers are kept per worker by snapshot id; ids come again between tests."""
    from participation.api import views as api_views
    from participation.results import views as result_views

    result_views._BODIES.clear()
    api_views._BODIES.clear()


def _version(number: int) -> ResultSnapshot:
    db.session.expire_all()
    return db.session.scalars(select(ResultSnapshot).where(ResultSnapshot.version == number)).one()


def _late_form_and_version_2(survey) -> None:
    answer(survey, "wolmirstedt", single=0, scale=4, demographic=0)  # like many others: no new small cell
    db.session.commit()
    services.publish_results(survey, reason="Ein Papierbogen kam spät")
    db.session.commit()


def test_a_version_with_added_responses_withdraws_the_earlier_one(survey):
    assert _version(1).response_count == 55
    _late_form_and_version_2(survey)
    first, second = _version(1), _version(2)
    assert (first.withdrawn, first.withdrawn_reason) == (True, "responses_added")
    assert (second.withdrawn, second.response_count) == (False, 56)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "results.withdraw")).one()
    assert event.object_id == str(first.id)
    assert event.details == {"survey_id": survey.id, "version": 1, "replaced_by": 2, "reason": "responses_added"}


def test_a_republish_of_the_same_responses_keeps_the_earlier_version(client, survey):
    services.publish_results(survey, reason="Andere Schwellen")
    db.session.commit()
    assert not _version(1).withdrawn and not _version(2).withdrawn
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "results.withdraw")).all()
    assert client.get(f"/ergebnisse/{SLUG}/v1").status_code == 200
    body = client.get(f"{API}?version=1")
    assert body.status_code == 200 and body.json["version"] == 1
    assert [(v["version"], v["withdrawn"]) for v in client.get(API).json["versions"]] == [(2, False), (1, False)]


def test_the_gate_sees_the_earlier_versions_of_the_same_responses(survey, monkeypatch):
    seen = []
    real = services.build_snapshot_data

    def spy(*args, earlier=None, **kwargs):
        seen.append(earlier)
        return real(*args, earlier=earlier, **kwargs)

    monkeypatch.setattr(services, "build_snapshot_data", spy)
    services.publish_results(survey, reason="Andere Texte")  # same responses: version 1 stays
    db.session.commit()
    assert seen[-1] == [_version(1).data]
    services.publish_results(survey, reason="Noch einmal")
    db.session.commit()
    assert seen[-1] == [_version(1).data, _version(2).data]  # oldest first
    answer(survey, "elbeu", single=2, scale=1, demographic=2)
    db.session.commit()
    services.protected_results(survey, services.current_policy(), services.town_today())  # the preview too
    assert seen[-1] == []  # versions with other responses are withdrawn, not audited together
    services.publish_results(survey, reason="Spät")
    assert seen[-1] == [] and [v.withdrawn for v in map(_version, (1, 2, 3, 4))] == [True, True, True, False]


def test_an_old_version_without_a_count_is_judged_by_its_published_respondents_or_withdrawn(survey):
    first = _version(1)
    first.response_count = None  # published before the count was kept
    db.session.commit()
    services.publish_results(survey, reason="Texte")  # its published total is still 55: it stays
    db.session.commit()
    assert not _version(1).withdrawn
    first = _version(1)
    first.response_count = None
    first.data = {**first.data, "respondents": None}  # nothing to tell by: withdrawn to be safe
    db.session.commit()
    services.publish_results(survey, reason="Noch einmal")
    db.session.commit()
    assert _version(1).withdrawn and not _version(2).withdrawn  # version 2 counted 55 as well


def test_the_api_serves_the_current_version_and_410_for_a_withdrawn_one(client, survey):
    _late_form_and_version_2(survey)
    body = client.get(API).json
    assert body["version"] == 2
    assert [(v["version"], v["withdrawn"]) for v in body["versions"]] == [(2, False), (1, True)]
    assert "response_count" not in client.get(API).get_data(as_text=True)

    response = client.get(f"{API}?version=1", headers={"Accept-Language": "de"})
    assert response.status_code == 410 and response.mimetype == "application/json"
    assert response.json["error"] == "withdrawn" and response.json["replaced_by"] == 2
    assert "Papierfragebögen" in response.json["message"]
    english = client.get(f"{API}?version=1", headers={"Accept-Language": "en"}).json
    assert "paper" in english["message"] and english["replaced_by"] == 2
    listing = client.get("/api/v1/surveys").json["surveys"][0]
    assert listing["latest_version"] == 2 and "response_count" not in listing


def test_pages_and_charts_of_a_withdrawn_version_answer_410(client, survey):
    url = f"/ergebnisse/{SLUG}/v1"
    assert client.get(f"{url}/diagramme/de/2.svg").status_code == 200  # drawn and kept while shown
    _late_form_and_version_2(survey)
    for path in (url, f"{url}/elbeu"):
        response = client.get(path, headers={"Accept-Language": "de"})
        html = response.get_data(as_text=True)
        assert response.status_code == 410 and response.mimetype == "text/html"
        assert "Version 1 ist zurückgezogen" in html and "Papierfragebögen" in html
        assert "Zur aktuellen Fassung (Version 2)" in html
    assert f'href="/ergebnisse/{SLUG}/elbeu"' in client.get(f"{url}/elbeu").get_data(as_text=True)
    english = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Version 1 has been withdrawn" in english
    for chart in (f"{url}/diagramme/de/2.svg", f"{url}/diagramme/en/elbeu/2.svg"):
        assert client.get(chart).status_code == 410
    assert client.get(f"/ergebnisse/{SLUG}/v2/diagramme/de/2.svg").status_code == 200


def test_version_lists_show_a_withdrawn_version_without_a_link(client, survey):
    _late_form_and_version_2(survey)
    html = client.get(f"/ergebnisse/{SLUG}").get_data(as_text=True)
    assert f'href="/ergebnisse/{SLUG}/v1"' not in html
    assert "zurückgezogen: später eingegangene Papierbögen" in html
    assert "Version 2" in client.get("/ergebnisse").get_data(as_text=True)
