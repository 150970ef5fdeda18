"""Helpers for paper entry, CSV import and kiosk tests: an editor's browser and the demo sheet."""

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.staff.models import AuditEvent
from participation.surveys.records import Response
from tests.helpers import DEMO_PATH, demo_answers, form_fields

SLUG = DEMO_PATH.rsplit("/", 1)[1]
BASE = "/verwaltung/erfassung"
SHEET = f"{BASE}/{SLUG}/bogen"
IMPORT = f"{BASE}/{SLUG}/import"


@pytest.fixture
def editor(client, demo, make_staff, login):
    """The test client, logged in as an editor."""
    make_staff("redaktion@example.org", "editor")
    login(client, "redaktion@example.org")
    return client


def whole_sheet() -> dict:
    """Every answer of the demo survey's five pages as one paper sheet."""
    sheet = {}
    for page in demo_answers():
        sheet.update(page)
    return sheet


def open_sitting(client) -> str:
    """Begin a sitting and return the empty sheet's HTML."""
    token = form_fields(client.get(f"{BASE}/").get_data(as_text=True))["csrf_token"]
    response = client.post(f"{BASE}/{SLUG}/sitzung", data={"csrf_token": token})
    assert response.status_code == 302 and response.location.endswith("/bogen")
    return client.get(SHEET).get_data(as_text=True)


def post_sheet(client, html: str, answers: dict, hidden: dict | None = None):
    return client.post(SHEET, data={**(hidden if hidden is not None else form_fields(html)), **answers})


def responses_by_channel() -> dict[str, int]:
    rows = db.session.execute(select(Response.channel, func.count()).group_by(Response.channel))
    return dict(rows.all())


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
