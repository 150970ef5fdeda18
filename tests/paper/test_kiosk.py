"""Kiosk mode: a tablet locked to one survey, resetting itself, channel "kiosk", left only by a staff login."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Survey
from tests.conftest import STAFF_PASSWORD
from tests.helpers import DEMO_PATH, Resident, complete_demo_survey, demo_answers, form_fields
from tests.paper.conftest import BASE, SLUG, audit_actions, responses_by_channel

KIOSK_END = f"{BASE}/kiosk/beenden"
ANSWERED_NOTE = "wurde diese Umfrage schon einmal beantwortet"


def refresh_of(html: str) -> tuple[int, str] | None:
    match = re.search(r'<meta http-equiv="refresh" content="(\d+);url=([^"]+)">', html)
    return (int(match.group(1)), match.group(2)) if match else None


@pytest.fixture
def tablet(editor):
    """The editor's browser after starting kiosk mode for the demo survey."""
    token = form_fields(editor.get(f"{BASE}/").get_data(as_text=True))["csrf_token"]
    response = editor.post(f"{BASE}/{SLUG}/kiosk", data={"csrf_token": token})
    assert response.status_code == 302 and response.location == DEMO_PATH
    return editor


def test_starting_kiosk_mode_logs_the_staff_member_out_and_locks_the_browser(tablet):
    assert audit_actions()[-1] == "kiosk.start"
    for url in ("/", "/verwaltung/", "/verwaltung/personen", f"{BASE}/{SLUG}/bogen", "/umfragen/andere", "/gibt-es-nicht"):
        response = tablet.get(url)
        assert response.status_code == 302 and response.location == DEMO_PATH, url
    token = form_fields(tablet.get(DEMO_PATH).get_data(as_text=True))["csrf_token"]
    logout = tablet.post("/verwaltung/abmelden", data={"csrf_token": token})
    assert logout.location == DEMO_PATH
    # The survey itself, the legal pages and the language switch stay reachable.
    assert tablet.get(DEMO_PATH).status_code == 200
    assert tablet.get("/datenschutz").status_code == 200
    assert tablet.get("/sprache/en?next=/").location == "/"
    intro = tablet.get(DEMO_PATH).get_data(as_text=True)
    assert "Abmelden" not in intro  # no staff session on the tablet


def test_responses_on_a_kiosk_are_stored_as_kiosk_and_the_tablet_resets(tablet):
    intro = tablet.get(DEMO_PATH).get_data(as_text=True)
    assert refresh_of(intro) == (180, "/kiosk/neu")
    resident = complete_demo_survey(tablet)
    assert responses_by_channel() == {"kiosk": 1}
    assert refresh_of(resident.html) == (15, "/kiosk/neu")
    reset = tablet.get("/kiosk/neu")
    assert reset.location == DEMO_PATH
    intro = tablet.get(DEMO_PATH).get_data(as_text=True)
    assert ANSWERED_NOTE not in intro and "Umfrage beginnen" in intro
    complete_demo_survey(tablet, "elbeu")
    assert responses_by_channel() == {"kiosk": 2}
    assert ANSWERED_NOTE not in tablet.get(DEMO_PATH).get_data(as_text=True)
    assert "kiosk.end" not in audit_actions() and audit_actions().count("kiosk.start") == 1


def test_inactivity_resets_the_page_and_discards_unsent_answers(tablet):
    resident = Resident(tablet)
    resident.start()
    assert refresh_of(resident.html) == (180, "/kiosk/neu")
    resident.post_page(1, demo_answers()[0])
    assert "Weiter ausfüllen" in tablet.get(DEMO_PATH).get_data(as_text=True)
    assert tablet.get("/kiosk/neu").location == DEMO_PATH
    intro = tablet.get(DEMO_PATH).get_data(as_text=True)
    assert "Weiter ausfüllen" not in intro and "Umfrage beginnen" in intro
    assert tablet.get(f"{DEMO_PATH}/seite/2").location == DEMO_PATH
    assert responses_by_channel() == {}


def test_ending_kiosk_mode_needs_a_staff_login(tablet):
    intro = tablet.get(DEMO_PATH).get_data(as_text=True)
    way_out = re.search(r'<a href="([^"]+)">Verwaltung</a>', intro).group(1)
    assert way_out.startswith("/verwaltung/anmelden?next=")
    assert tablet.get(KIOSK_END).location.startswith("/verwaltung/anmelden")
    assert tablet.get(DEMO_PATH).status_code == 200  # still locked

    login_page = tablet.get(way_out).get_data(as_text=True)
    token = form_fields(login_page)["csrf_token"]
    wrong = tablet.post(way_out, data={"email": "redaktion@example.org", "password": "falsch", "csrf_token": token})
    assert wrong.status_code == 401
    assert tablet.get("/verwaltung/").location == DEMO_PATH

    response = tablet.post(way_out, data={"email": "redaktion@example.org", "password": STAFF_PASSWORD, "csrf_token": token})
    assert response.location == KIOSK_END
    ended = tablet.get(KIOSK_END)
    assert ended.location == f"{BASE}/"
    page = tablet.get(ended.location).get_data(as_text=True)
    assert "Der Kioskmodus ist beendet" in page
    assert audit_actions()[-2:] == ["staff.login", "kiosk.end"]
    assert tablet.get("/").status_code == 200
    assert refresh_of(tablet.get(DEMO_PATH).get_data(as_text=True)) is None
    complete_demo_survey(tablet)
    assert responses_by_channel() == {"web": 1}


def test_a_staff_login_on_the_tablet_ends_the_lock_whatever_comes_next(tablet, login):
    login(tablet, "redaktion@example.org")  # logs in without ?next=
    assert tablet.get("/verwaltung/").location == KIOSK_END
    tablet.get(KIOSK_END)
    assert tablet.get("/verwaltung/").status_code == 200


def test_web_responses_elsewhere_stay_web(app, tablet):
    other = app.test_client()
    complete_demo_survey(other)
    complete_demo_survey(tablet)
    assert responses_by_channel() == {"web": 1, "kiosk": 1}


def test_kiosk_mode_only_for_a_survey_taking_answers(editor):
    survey = db.session.scalars(select(Survey)).one()
    survey.status = "closed"
    db.session.commit()
    token = form_fields(editor.get(f"{BASE}/").get_data(as_text=True))["csrf_token"]
    response = editor.post(f"{BASE}/{SLUG}/kiosk", data={"csrf_token": token}, follow_redirects=True)
    assert "nimmt heute keine Antworten an" in response.get_data(as_text=True)
    assert "kiosk.start" not in audit_actions()
    assert editor.get("/verwaltung/").status_code == 200  # still logged in, nothing locked

