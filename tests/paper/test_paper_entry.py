"""Paper entry: staff type in paper questionnaires; stored as "paper" and leaving no other trace."""

import re

from sqlalchemy import func, select

from participation.extensions import db
from participation.staff.models import AuditEvent
from participation.surveys.records import Answer, ParticipationCount, Response, SubmissionKey
from tests.helpers import demo_questions, form_fields, summary_links
from tests.paper.conftest import BASE, SHEET, SLUG, audit_actions, open_sitting, post_sheet, responses_by_channel, whole_sheet


def test_a_typed_in_sheet_is_stored_as_paper_with_one_audit_event_per_sitting(editor):
    html = open_sitting(editor)
    assert audit_actions() == ["staff.create", "staff.login", "paper.sitting"]
    for _ in range(2):
        response = post_sheet(editor, html, whole_sheet())
        assert response.status_code == 302 and response.location.endswith("/bogen")
        html = editor.get(SHEET).get_data(as_text=True)

    assert responses_by_channel() == {"paper": 2}
    assert "In dieser Sitzung erfasst: 2 Bögen" in html
    # No event per sheet: that would time-stamp each paper response (PRIVACY.md §1).
    assert audit_actions() == ["staff.create", "staff.login", "paper.sitting"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "paper.sitting")).one()
    assert event.object_type == "Survey" and event.details == {}
    # The same answers as a resident's web response: one row per value.
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 2 * 31
    assert db.session.scalar(select(func.sum(ParticipationCount.count))) == 2
    assert db.session.scalar(select(func.count()).select_from(SubmissionKey)) == 2
    q = demo_questions()
    texts = set(db.session.scalars(select(Answer.text_value).where(Answer.question_id == q["first_service"].id)))
    assert texts == {"Termine online buchen"}


def test_the_whole_survey_is_on_one_page_with_the_first_field_focused(editor):
    html = open_sitting(editor)
    q = demo_questions()
    for question in q.values():
        assert f'name="q{question.id}' in html, question.prompt
    # The first field of the first question gets the focus, the empty sheet after each save too.
    assert len(re.findall(r"\bautofocus\b", html)) == 1
    first_input = re.search(r"<input[^>]*autofocus[^>]*>", html).group(0)
    assert f'id="q{q["locality"].id}-1"' in first_input
    post_sheet(editor, html, whole_sheet())
    again = editor.get(SHEET).get_data(as_text=True)
    assert "Bogen gespeichert" in again and "autofocus" in again
    # Nothing is required on paper, so no question is marked as such.
    assert "Pflichtfrage" not in html


def test_conditional_questions_are_always_shown_with_a_hint(editor):
    html = open_sitting(editor)
    q = demo_questions()
    assert f'name="q{q["satisfaction"].id}"' in html
    assert "Bedingte Frage" in html and "„Glasfaser“" in html


def test_errors_keep_every_value_and_name_each_field(editor):
    html = open_sitting(editor)
    q = demo_questions()
    sheet = {**whole_sheet(), f"q{q['household'].id}": "viele", f"q{q['satisfaction'].id}": "9"}
    response = post_sheet(editor, html, sheet)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    links = dict(summary_links(page))
    assert f"#q{q['household'].id}-1" in links and f"#q{q['satisfaction'].id}-1" in links
    assert "Bitte geben Sie eine Zahl ein" in page
    assert 'value="viele"' in page
    assert "Schnelles Internet in Mose" in page  # a long text elsewhere on the sheet is kept
    services = f"q{q['services'].id}"
    assert f'name="{services}" value="{sheet[services][0]}" checked' in page
    assert "autofocus" not in page
    assert responses_by_channel() == {}
    # Corrected with the same form (same key), it is stored once.
    fixed = {**sheet, f"q{q['household'].id}": "3", f"q{q['satisfaction'].id}": "4"}
    assert post_sheet(editor, page, fixed).status_code == 302
    assert responses_by_channel() == {"paper": 1}


def test_a_double_submitted_sheet_is_stored_once(editor):
    html = open_sitting(editor)
    hidden = form_fields(html)
    first = post_sheet(editor, html, whole_sheet(), hidden)
    second = post_sheet(editor, html, whole_sheet(), hidden)
    assert first.status_code == second.status_code == 302
    assert responses_by_channel() == {"paper": 1}
    page = editor.get(SHEET).get_data(as_text=True)
    assert "nicht noch einmal gespeichert" in page
    assert "In dieser Sitzung erfasst: 1 Bogen" in page


def test_nothing_is_required_on_paper_but_an_empty_sheet_is_not_stored(editor):
    html = open_sitting(editor)
    q = demo_questions()
    empty = post_sheet(editor, html, {f"q{q['first_service'].id}": "   "})
    assert empty.status_code == 422
    assert "Der Bogen ist leer" in empty.get_data(as_text=True)
    assert responses_by_channel() == {}
    only_age = {f"q{q['age'].id}": str(q["age"].options[1].id)}
    assert post_sheet(editor, html, only_age).status_code == 302
    assert responses_by_channel() == {"paper": 1}
    stored = db.session.scalars(select(Response)).one()
    assert stored.locality_id is None


def test_an_answer_to_a_question_whose_condition_is_not_met_is_reported(editor):
    html = open_sitting(editor)
    q = demo_questions()
    no_internet = str(q["connection"].options[4].id)
    sheet = {f"q{q['connection'].id}": no_internet, f"q{q['satisfaction'].id}": "2"}
    response = post_sheet(editor, html, sheet)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"#q{q['satisfaction'].id}-1" in dict(summary_links(page))
    assert "gilt nur bei bestimmten Antworten auf Frage 2" in page
    del sheet[f"q{q['satisfaction'].id}"]
    assert post_sheet(editor, page, sheet).status_code == 302
    assert responses_by_channel() == {"paper": 1}


def test_a_form_without_its_key_keeps_the_values(editor):
    html = open_sitting(editor)
    hidden = {**form_fields(html), "submission_key": ""}
    response = post_sheet(editor, html, whole_sheet(), hidden)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Termine online buchen" in page and "kam nicht vollständig an" in page
    assert responses_by_channel() == {}


def test_the_sitting_starts_with_a_button_and_ends_with_one(editor):
    page = editor.get(SHEET).get_data(as_text=True)
    assert "Erfassung beginnen" in page and 'name="submission_key"' not in page
    assert "paper.sitting" not in audit_actions()  # a GET changes nothing
    html = open_sitting(editor)
    post_sheet(editor, html, whole_sheet())
    token = form_fields(html)["csrf_token"]
    response = editor.post(f"{BASE}/{SLUG}/sitzung/ende", data={"csrf_token": token}, follow_redirects=True)
    assert "Erfassung beendet: 1 Bogen erfasst." in response.get_data(as_text=True)
    open_sitting(editor)
    assert audit_actions().count("paper.sitting") == 2


def test_paper_entry_needs_the_editor_role(client, demo, make_staff, login):
    assert client.get(SHEET).status_code == 302
    make_staff("auswertung@example.org", "analyst")
    login(client, "auswertung@example.org")
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(SHEET).status_code == 403


def test_surveys_that_take_no_paper_are_unknown(editor):
    from participation.surveys.models import Survey

    survey = db.session.scalars(select(Survey)).one()
    # A published survey takes late paper forms (tests/paper/test_late_paper_forms.py); an
    # archived one or a draft takes none.
    for status in ("archived", "draft"):
        survey.status = status
        db.session.commit()
        assert editor.get(SHEET).status_code == 404
        assert SLUG not in editor.get(f"{BASE}/").get_data(as_text=True)
