"""Closing and publishing: versions with reasons, immutable snapshots, the audit log, the command
line and the analyst's pages."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.results import services
from participation.results.models import ResultSnapshot
from participation.staff.models import AuditEvent
from tests.helpers import form_fields
from tests.publication.survey import SLUG, answer, answer_many, make_survey


@pytest.fixture
def survey(app, demo):
    survey = make_survey()
    answer_many(survey, 30, "wolmirstedt", single=0, scale=4, demographic=0)
    answer_many(survey, 25, "elbeu", single=1, scale=2, demographic=1)
    return survey


def test_an_open_survey_cannot_be_published(survey):
    with pytest.raises(services.PublishError) as raised:
        services.publish_results(survey)
    assert raised.value.code == "still_open"


def test_versions_need_a_reason_and_never_change(survey):
    services.close_survey(survey)
    first = services.publish_results(survey)
    db.session.commit()
    frozen = first.data
    assert (first.version, survey.status, first.reason) == (1, "published", "")
    assert first.policy == {
        "MIN_CELL": 5, "MIN_GROUP": 10, "HOMOGENEITY_GROUP": 20, "MIN_FREE_TEXT_GROUP": 10, "MIN_CROSS_GROUP": 20
    }

    with pytest.raises(services.PublishError) as raised:
        services.publish_results(survey, reason="   ")
    assert raised.value.code == "reason_missing"

    # A late paper form (PRIVACY §6.5: time differencing) does not move what was published.
    answer(survey, "elbeu", single=2, scale=1, demographic=2)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ResultSnapshot, first.id).data == frozen

    second = services.publish_results(survey, reason="Nachträglich erfasster Papierbogen")
    db.session.commit()
    assert second.version == 2 and second.data["reason"] == "Nachträglich erfasster Papierbogen"
    assert db.session.get(ResultSnapshot, first.id).data == frozen
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "results.publish").order_by(AuditEvent.id)
    ).all()
    assert [event.details.get("version") for event in events] == [1, 2]
    assert events[1].details["reason"] == "Nachträglich erfasster Papierbogen"


def test_preview_shows_exactly_what_publishing_stores(survey):
    services.close_survey(survey)
    policy = services.current_policy()
    preview = services.protected_results(survey, policy, services.town_today())
    snapshot = services.publish_results(survey, policy=policy)
    db.session.commit()

    def numbers(data):
        return [q["tables"] for q in data["questions"]], data["respondents"]

    assert numbers(preview) == numbers(snapshot.data)


def test_stricter_thresholds_from_the_configuration_are_used(app, survey, monkeypatch):
    monkeypatch.setitem(app.config, "MIN_CELL", 8)
    services.close_survey(survey)
    snapshot = services.publish_results(survey)
    assert snapshot.policy["MIN_CELL"] == 8 and snapshot.data["policy"]["MIN_CELL"] == 8


def test_command_line_closes_and_publishes(app, survey):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["results", "publish", SLUG])
    assert result.exit_code != 0 and "still open" in result.output
    result = runner.invoke(args=["surveys", "close", SLUG])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["results", "publish", SLUG])
    assert result.exit_code == 0 and "version 1" in result.output
    result = runner.invoke(args=["results", "publish", SLUG])
    assert result.exit_code != 0 and "--reason" in result.output
    result = runner.invoke(args=["results", "publish", SLUG, "--reason", "Korrektur"])
    assert result.exit_code == 0 and "version 2" in result.output
    assert runner.invoke(args=["results", "publish", "gibt-es-nicht"]).exit_code != 0


# ------------------------------------------------------------------------------- analyst pages


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_analysts_close_preview_and_publish_in_the_browser_way(client, survey, make_staff, login):
    make_staff("analyse@wolmirstedt.example", "analyst")
    login(client, "analyse@wolmirstedt.example")
    listing = client.get("/verwaltung/ergebnisse")
    assert listing.status_code == 200 and "Kompakt" in listing.get_data(as_text=True)

    response = client.post(f"/verwaltung/ergebnisse/{SLUG}/beenden", data={"csrf_token": _csrf(listing.get_data(as_text=True))})
    assert response.status_code == 302
    preview = client.get(f"/verwaltung/ergebnisse/{SLUG}")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<table>" in html and "Teilgenommen haben 55 Personen" in html

    response = client.post(f"/verwaltung/ergebnisse/{SLUG}", data=form_fields(html))
    assert response.status_code == 302 and response.location.endswith(f"/ergebnisse/{SLUG}")
    assert client.get(f"/ergebnisse/{SLUG}").status_code == 200

    # A second version without a reason: a clear message, nothing published.
    html = client.get(f"/verwaltung/ergebnisse/{SLUG}").get_data(as_text=True)
    assert "Version 2 veröffentlichen" in html
    response = client.post(f"/verwaltung/ergebnisse/{SLUG}", data={**form_fields(html), "reason": ""})
    assert response.status_code == 422 and "Bitte nennen Sie einen Grund" in response.get_data(as_text=True)
    long_reason = "x" * 501
    response = client.post(f"/verwaltung/ergebnisse/{SLUG}", data={**form_fields(html), "reason": long_reason})
    assert response.status_code == 422 and long_reason in response.get_data(as_text=True)  # kept, not lost
    response = client.post(f"/verwaltung/ergebnisse/{SLUG}", data={**form_fields(html), "reason": "Papierbögen nachgetragen"})
    assert response.status_code == 302
    assert db.session.scalar(select(ResultSnapshot.version).order_by(ResultSnapshot.version.desc())) == 2


def test_analyst_pages_refuse_others(client, survey, make_staff, login):
    assert client.get("/verwaltung/ergebnisse").status_code in (302, 401)
    make_staff("redaktion@wolmirstedt.example", "editor", "moderator")
    login(client, "redaktion@wolmirstedt.example")
    assert client.get("/verwaltung/ergebnisse").status_code == 403
    assert client.get(f"/verwaltung/ergebnisse/{SLUG}").status_code == 403


def test_open_surveys_have_no_preview_and_unknown_ones_are_404(client, survey, make_staff, login):
    make_staff("analyse@wolmirstedt.example", "analyst")
    login(client, "analyse@wolmirstedt.example")
    response = client.get(f"/verwaltung/ergebnisse/{SLUG}")
    assert response.status_code == 302
    assert "läuft noch" in client.get(response.location).get_data(as_text=True)
    assert client.get("/verwaltung/ergebnisse/gibt-es-nicht").status_code == 404
    assert client.post(f"/verwaltung/ergebnisse/{SLUG}/beenden", data={}).status_code == 400


def test_meaningless_thresholds_stop_the_app_from_starting():
    from participation import create_app

    with pytest.raises(ValueError, match="MIN_CELL"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "MIN_CELL": 1})
    with pytest.raises(ValueError, match="MIN_GROUP"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "MIN_GROUP": 3})
