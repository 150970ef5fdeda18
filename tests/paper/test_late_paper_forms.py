"""Paper forms after publication: accepted, never in a published version, counted in the next
one, which withdraws the versions that count fewer responses (results/services.py)."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.results import services
from participation.results.models import ResultSnapshot
from participation.surveys.models import Survey
from tests.helpers import form_fields
from tests.paper.conftest import BASE, SLUG, open_sitting, post_sheet, responses_by_channel, whole_sheet
from tests.paper.test_csv_import import csv_bytes, good_row, template_columns, upload

PREVIEW = f"/verwaltung/ergebnisse/{SLUG}"


@pytest.fixture
def clerk(client, demo, make_staff, login):
    """A staff member who enters paper forms and publishes (both roles, for a short test)."""
    make_staff("buero@example.org", "editor", "analyst")
    login(client, "buero@example.org")
    return client


def _survey() -> Survey:
    return db.session.scalars(select(Survey).where(Survey.slug == SLUG)).one()


def _publish_first_version(clerk) -> ResultSnapshot:
    assert upload(clerk, csv_bytes(template_columns(clerk), [good_row(), good_row("2"), good_row("3")])).status_code == 302
    survey = _survey()
    services.close_survey(survey)
    first = services.publish_results(survey)
    db.session.commit()
    return first


def test_paper_forms_after_publication_count_in_the_next_version(clerk):
    first = _publish_first_version(clerk)
    assert first.response_count == 3
    frozen = first.data

    index = clerk.get(f"{BASE}/").get_data(as_text=True)
    assert "nachträglich erfasste Bögen zählen erst in der nächsten Fassung" in index
    assert "Kioskmodus" not in index  # residents cannot answer a published survey
    # A late file and a late sheet typed in are both accepted.
    assert "schon veröffentlicht" in clerk.get(f"{BASE}/{SLUG}/import").get_data(as_text=True)
    assert upload(clerk, csv_bytes(template_columns(clerk), [good_row("4")])).status_code == 302
    html = open_sitting(clerk)
    assert "schon veröffentlicht" in html
    assert post_sheet(clerk, html, whole_sheet()).status_code == 302
    assert responses_by_channel() == {"paper": 5}

    db.session.expire_all()
    assert db.session.get(ResultSnapshot, first.id).data == frozen  # published numbers never move

    preview = clerk.get(PREVIEW).get_data(as_text=True)
    assert "Seit Version 1 sind 2 Antworten hinzugekommen" in preview
    assert "Beim Veröffentlichen wird Version 1 zurückgezogen" in preview

    response = clerk.post(PREVIEW, data={**form_fields(preview), "reason": "Zwei Papierbögen kamen spät"})
    assert response.status_code == 302
    db.session.expire_all()
    second = db.session.scalars(select(ResultSnapshot).where(ResultSnapshot.version == 2)).one()
    first = db.session.get(ResultSnapshot, first.id)
    assert second.response_count == 5 and not second.withdrawn
    assert (first.withdrawn, first.withdrawn_reason) == (True, "responses_added")

    preview = clerk.get(PREVIEW).get_data(as_text=True)
    assert "Seit Version 2 ist keine Antwort hinzugekommen." in preview
    assert 'id="withdrawn"' in preview and "später eingegangene Papierbögen" in preview
    assert "will-withdraw" not in preview


def test_archived_surveys_take_no_paper(clerk):
    _publish_first_version(clerk)
    survey = _survey()
    survey.status = "archived"
    db.session.commit()
    assert clerk.get(f"{BASE}/{SLUG}/import").status_code == 404
    assert clerk.get(f"{BASE}/{SLUG}/bogen").status_code == 404
