"""Guards: an open survey's structure is frozen, wording fixes are logged, foreign ids are 404,
opening needs a complete survey, only drafts can be deleted."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.staff.models import AuditEvent
from participation.surveys.models import Survey
from tests.builder.editing import BASE
from tests.helpers import DEMO_PATH, Resident, demo_questions


def demo_survey() -> Survey:
    db.session.expire_all()
    return db.session.scalars(select(Survey).where(Survey.slug == "digitales-wolmirstedt")).one()


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_the_structure_of_an_open_survey_is_frozen(editor):
    survey = demo_survey()
    q = demo_questions()
    page = sorted(survey.pages, key=lambda page: page.position)[1]
    connection, option = q["connection"], q["connection"].options[0]
    version = survey.structure_version
    refused = [
        ("post", f"/{survey.id}/seiten", {"title": "Neu"}),
        ("post", f"/{survey.id}/seiten/{page.id}/verschieben", {"direction": "up"}),
        ("post", f"/{survey.id}/seiten/{page.id}/loeschen", {}),
        ("get", f"/{survey.id}/seiten/{page.id}/fragen/neu", None),
        ("post", f"/{survey.id}/seiten/{page.id}/fragen/neu?art=single", {"prompt": "Neu?", "option_lines": "a\nb"}),
        ("post", f"/{survey.id}/fragen/{connection.id}/verschieben", {"direction": "down"}),
        ("post", f"/{survey.id}/fragen/{connection.id}/loeschen", {}),
        ("post", f"/{survey.id}/fragen/{q['satisfaction'].id}/bedingung", {"action": "remove"}),
        ("post", f"/{survey.id}/fragen/{connection.id}/optionen", {"option-label": "Satellit"}),
        ("post", f"/{survey.id}/fragen/{connection.id}/optionen/{option.id}/verschieben", {"direction": "down"}),
        ("post", f"/{survey.id}/fragen/{connection.id}/optionen/{option.id}/loeschen", {}),
        # Forged structure fields beside allowed wording are refused as a whole, not silently dropped.
        ("post", f"/{survey.id}/einstellungen", {"title": survey.title, "access_mode": "codes"}),
        ("post", f"/{survey.id}/einstellungen", {"title": survey.title, "demographics_enabled": "y"}),
        ("post", f"/{survey.id}/fragen/{connection.id}", {"prompt": "Neu?", "required": "y"}),
        ("post", f"/{survey.id}/fragen/{connection.id}/optionen/{option.id}", {"label": "DSL", "life_areas": ["1"]}),
        ("get", f"/{survey.id}/loeschen", None),
        ("post", f"/{survey.id}/loeschen", {}),
    ]
    for method, path, data in refused:
        response = editor.post(BASE + path, data) if method == "post" else editor.get(BASE + path)
        assert response.status_code == 409, (method, path, response.status_code)
        assert "Das ist nicht möglich" in editor.html and "Es wurde nichts geändert." in editor.html
    after = demo_survey()
    assert after.structure_version == version
    assert after.access_mode == "open" and after.status == "open"
    assert [o.label for o in demo_questions()["connection"].options][0] == option.label
    assert audit_actions() == ["staff.create", "staff.login"]


def test_the_overview_of_an_open_survey_offers_only_text_corrections(editor):
    survey = demo_survey()
    html = editor.get(f"{BASE}/{survey.id}").get_data(as_text=True)
    assert "eingefroren" in html
    assert "Nach oben" not in html and "Frage auf Seite 1 hinzufügen" not in html and "Entwurf löschen" not in html
    assert "Texte korrigieren" in html
    form = editor.get(f"{BASE}/{survey.id}/einstellungen").get_data(as_text=True)
    assert 'name="title"' in form and 'name="access_mode"' not in form and 'name="opens_on"' not in form


def test_wording_fixes_on_an_open_survey_are_logged_with_before_and_after(editor, client):
    survey = demo_survey()
    connection = demo_questions()["connection"]
    old_prompt = connection.prompt
    response = editor.post(
        f"{BASE}/{survey.id}/fragen/{connection.id}",
        {"prompt": "Wie ist Ihr Zuhause mit dem Internet verbunden?", "prompt_en": "How is your home connected to the internet?",
         "help_text": "", "help_text_en": ""},
    )
    assert response.status_code == 302
    option = connection.options[2]
    response = editor.post(f"{BASE}/{survey.id}/fragen/{connection.id}/optionen/{option.id}", {"label": "Glasfaser (FTTH)", "label_en": "Fibre"})
    assert response.status_code == 302

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "survey.wording_fix").order_by(AuditEvent.id)).all()
    assert [(event.object_type, event.object_id) for event in events] == [("Question", str(connection.id)), ("Option", str(option.id))]
    assert events[0].details["before"]["prompt"] == old_prompt
    assert events[0].details["after"]["prompt"] == "Wie ist Ihr Zuhause mit dem Internet verbunden?"
    assert events[0].details["after"]["prompt_en"] == "How is your home connected to the internet?"
    assert events[1].details == {"survey_id": survey.id, "before": {"label": "Glasfaser"}, "after": {"label": "Glasfaser (FTTH)"}}

    resident = Resident(client.application.test_client())
    resident.start()
    assert "Wie ist Ihr Zuhause mit dem Internet verbunden?" in resident.html
    assert "Glasfaser (FTTH)" in resident.html
    log = editor.get("/verwaltung/protokoll")
    assert log.status_code == 403  # the log itself is the admins' page; the event is there for them


def test_ids_from_another_survey_are_not_found(editor):
    mine = editor.create_survey("Meine Umfrage")
    page = mine.pages[0]
    own = editor.add_question(mine, page, "single", "Eigene Frage?", option_lines=["a", "b"])
    text = editor.add_question(mine, page, "short_text", "Text?")
    other = demo_survey()
    foreign = demo_questions()["connection"]
    foreign_page = foreign.page
    not_found = [
        ("get", f"/{mine.id}/fragen/{foreign.id}"),
        ("post", f"/{mine.id}/fragen/{foreign.id}/verschieben"),
        ("get", f"/{mine.id}/fragen/{foreign.id}/bedingung"),
        ("get", f"/{mine.id}/seiten/{foreign_page.id}"),
        ("post", f"/{mine.id}/seiten/{foreign_page.id}/verschieben"),
        ("get", f"/{mine.id}/seiten/{foreign_page.id}/fragen/neu"),
        ("get", f"/{mine.id}/fragen/{own.id}/optionen/{foreign.options[0].id}"),
        ("post", f"/{mine.id}/fragen/{own.id}/optionen/{foreign.options[0].id}/loeschen"),
        ("post", f"/{other.id}/fragen/{own.id}/verschieben"),
        ("post", f"/{mine.id}/fragen/{text.id}/optionen"),  # a text question has no options
        ("get", "/999999"),
        ("get", f"/{mine.id}/vorschau/9"),
    ]
    for method, path in not_found:
        response = editor.post(BASE + path, {"direction": "up"}) if method == "post" else editor.get(BASE + path)
        assert response.status_code == 404, (method, path, response.status_code)
    assert [o.label for o in demo_questions()["connection"].options] == [o.label for o in foreign.options]


def test_opening_needs_a_question_and_a_schedule_that_has_not_ended(editor, client):
    survey = editor.create_survey("Noch leer")
    page = editor.get(f"{BASE}/{survey.id}/status").get_data(as_text=True)
    assert "Die Umfrage hat noch keine Fragen." in page and "Umfrage jetzt öffnen" not in page
    response = editor.post(f"{BASE}/{survey.id}/status", {"target": "open"})
    assert response.status_code == 409 and "Die Umfrage hat noch keine Fragen." in editor.html

    editor.add_question(survey, survey.pages[0], "long_text", "Was wünschen Sie sich?")
    yesterday = dt.date.today() - dt.timedelta(days=2)
    editor.post(f"{BASE}/{survey.id}/einstellungen", {
        "title": "Noch leer", "access_mode": "open", "locality": "", "closes_on": yesterday.isoformat(),
    })
    response = editor.post(f"{BASE}/{survey.id}/status", {"target": "open"})
    assert response.status_code == 409 and "liegt in der Vergangenheit" in editor.html
    assert db.session.get(Survey, survey.id).status == "draft"

    editor.post(f"{BASE}/{survey.id}/einstellungen", {"title": "Noch leer", "access_mode": "open", "locality": "", "closes_on": ""})
    assert editor.post(f"{BASE}/{survey.id}/status", {"target": "open"}).status_code == 302
    db.session.expire_all()
    opened = db.session.get(Survey, survey.id)
    assert opened.status == "open"
    assert client.application.test_client().get(f"/umfragen/{opened.slug}").status_code == 200


def test_closing_ends_answers_and_cannot_be_undone(editor, client):
    survey = demo_survey()
    assert "Umfrage jetzt beenden" in editor.get(f"{BASE}/{survey.id}/status").get_data(as_text=True)
    assert editor.post(f"{BASE}/{survey.id}/status", {"target": "closed"}).status_code == 302
    assert client.application.test_client().get(DEMO_PATH).status_code == 410
    response = editor.post(f"{BASE}/{survey.id}/status", {"target": "open"})
    assert response.status_code == 409 and "Statuswechsel ist nicht möglich" in editor.html
    assert demo_survey().status == "closed"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "survey.status")).all()
    assert [(event.details["before"], event.details["after"]) for event in events] == [("open", "closed")]


@pytest.mark.parametrize("target", ["published", "draft", "", "open"])
def test_a_draft_cannot_skip_or_invent_states(editor, target):
    survey = editor.create_survey("Entwurf")
    response = editor.post(f"{BASE}/{survey.id}/status", {"target": target})
    assert response.status_code == 409  # "open" fails here because the draft has no questions
    assert db.session.get(Survey, survey.id).status == "draft"


def test_only_drafts_are_deleted_and_only_after_confirming(editor):
    survey = editor.create_survey("Weg damit")
    survey_id = survey.id
    editor.add_question(survey, survey.pages[0], "single", "Frage?", option_lines=["a", "b"])
    page = editor.get(f"{BASE}/{survey_id}/loeschen").get_data(as_text=True)
    assert "Entwurf löschen?" in page and "Weg damit" in page
    assert db.session.get(Survey, survey_id) is not None  # asking is not deleting
    response = editor.post(f"{BASE}/{survey_id}/loeschen")
    assert response.status_code == 302
    db.session.expunge_all()
    assert db.session.get(Survey, survey_id) is None
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 1  # the open demo survey stays
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "survey.delete")).one()
    assert event.details["title"] == "Weg damit"
    assert "Weg damit" not in editor.get(f"{BASE}/").get_data(as_text=True)


def test_admins_without_the_editor_role_cannot_build_surveys(client, demo, make_staff, login):
    make_staff("admin@example.org", "admin", "analyst")
    login(client, "admin@example.org")
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(f"{BASE}/neu").status_code == 403
