"""Duplicating a survey, and previewing it exactly as residents will see it."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.staff.models import AuditEvent
from participation.surveys.models import Question, Survey
from participation.surveys.records import Response
from tests.builder.editing import BASE
from tests.helpers import demo_questions


def test_a_copy_is_a_new_draft_with_its_own_remapped_conditions(editor):
    original = db.session.scalars(select(Survey).where(Survey.slug == "digitales-wolmirstedt")).one()
    response = editor.post(f"{BASE}/{original.id}/kopieren")
    assert response.status_code == 302
    db.session.expire_all()
    copy = db.session.scalars(select(Survey).where(Survey.id != original.id)).one()
    assert copy.status == "draft"
    assert copy.title == original.title + " (Kopie)"
    assert copy.translations["en"]["title"] == original.translations["en"]["title"] + " (copy)"
    assert copy.slug != original.slug and copy.slug.startswith(original.slug)
    assert "Die Kopie wurde als Entwurf angelegt" in editor.get(response.location).get_data(as_text=True)

    def structure(survey):
        return [
            [(q.kind, q.prompt, q.translations, [o.label for o in q.options], [a.slug for a in q.life_areas],
              [[a.slug for a in o.life_areas] for o in q.options]) for q in page.questions]
            for page in survey.pages
        ]

    assert structure(copy) == structure(original)
    copied = {q.prompt: q for page in copy.pages for q in page.questions}
    copied_ids = {q.id for q in copied.values()}
    copied_options = {o.id for q in copied.values() for o in q.options}
    demo = demo_questions()
    satisfaction = copied[demo["satisfaction"].prompt]
    assert satisfaction.show_if_question_id == copied[demo["connection"].prompt].id
    assert satisfaction.show_if_question_id in copied_ids
    assert {o.id for o in satisfaction.show_if_options} <= copied_options
    assert [o.label for o in satisfaction.show_if_options] == [o.label for o in demo["satisfaction"].show_if_options]

    # The copy can be edited without touching the original, which stays open and unchanged.
    response = editor.post(f"{BASE}/{copy.id}/fragen/{satisfaction.id}/verschieben", {"direction": "down"})
    assert response.status_code == 302
    assert db.session.get(Survey, original.id).status == "open"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "survey.duplicate")).one()
    assert event.details["source_id"] == original.id and event.object_id == str(copy.id)


def test_a_copy_of_a_copy_gets_a_slug_of_its_own(editor):
    survey = editor.create_survey("Kopiervorlage")
    editor.post(f"{BASE}/{survey.id}/kopieren")
    editor.post(f"{BASE}/{survey.id}/kopieren")
    slugs = sorted(db.session.scalars(select(Survey.slug).where(Survey.title.startswith("Kopiervorlage"))))
    assert slugs == ["kopiervorlage", "kopiervorlage-kopie", "kopiervorlage-kopie-2"]


def test_preview_shows_the_residents_page_without_a_way_to_submit(editor, client):
    survey = editor.create_survey("Vorschau-Test", title_en="Preview test")
    page = survey.pages[0]
    question = editor.add_question(
        survey, page, "scale", "Wie zufrieden sind Sie?", prompt_en="How satisfied are you?", min_value="1", max_value="5",
        label_min="gar nicht", label_max="sehr", required="y",
    )
    response = editor.get(f"{BASE}/{survey.id}/vorschau/1")
    assert response.status_code == 200
    html = editor.html
    assert "Vorschau – nicht öffentlich." in html
    assert "Seite 1 von 1" in html
    assert "Frage 1" in html and "(Pflichtfrage)" in html
    assert f'id="q{question.id}-1" name="q{question.id}" value="1"' in html
    assert "1 – gar nicht" in html and "5 – sehr" in html
    assert "Antworten absenden" not in html and 'type="submit"' not in html.split("<main", 1)[1]
    english = client.get("/sprache/en?next=/")
    assert english.status_code == 302
    assert "How satisfied are you?" in editor.get(f"{BASE}/{survey.id}/vorschau/1").get_data(as_text=True)
    # A draft stays invisible to residents, and looking stores nothing.
    assert client.application.test_client().get(f"/umfragen/{survey.slug}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_preview_of_a_survey_without_questions_says_so(editor):
    survey = editor.create_survey("Leer")
    response = editor.get(f"{BASE}/{survey.id}/vorschau/1")
    assert response.status_code == 200 and "noch keine Fragen" in editor.html
    assert db.session.scalar(select(func.count()).select_from(Question)) == len(demo_questions())
