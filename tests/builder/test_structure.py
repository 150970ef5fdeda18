"""Reordering pages, questions and options without JavaScript, and the rules for show-if conditions."""

from sqlalchemy import select

from participation.extensions import db
from participation.staff.models import AuditEvent
from participation.surveys.models import Question, Survey
from tests.builder.editing import BASE, field_error


def prompts_by_page(survey_id: int) -> list[list[str]]:
    db.session.expire_all()
    survey = db.session.get(Survey, survey_id)
    return [
        [question.prompt for question in sorted(page.questions, key=lambda q: q.position)]
        for page in sorted(survey.pages, key=lambda page: page.position)
    ]


def two_pages(editor):
    survey = editor.create_survey()
    first = survey.pages[0]
    a = editor.add_question(survey, first, "single", "A?", option_lines=["ja", "nein"])
    b = editor.add_question(survey, first, "short_text", "B?")
    second = editor.add_page(survey, "Zwei")
    c = editor.add_question(survey, second, "multiple", "C?", option_lines=["x", "y", "z"])
    return survey, first, second, a, b, c


def test_questions_move_up_and_down_and_across_pages(editor):
    survey, first, second, a, b, c = two_pages(editor)
    assert prompts_by_page(survey.id) == [["A?", "B?"], ["C?"]]
    response = editor.post(f"{BASE}/{survey.id}/fragen/{b.id}/verschieben", {"direction": "up"})
    assert response.status_code == 302 and response.location.endswith(f"#frage-{b.id}")
    assert prompts_by_page(survey.id) == [["B?", "A?"], ["C?"]]
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/verschieben", {"direction": "up"})  # top of page 2 → end of page 1
    assert prompts_by_page(survey.id) == [["B?", "A?", "C?"], []]
    editor.post(f"{BASE}/{survey.id}/fragen/{a.id}/verschieben", {"direction": "down"})
    editor.post(f"{BASE}/{survey.id}/fragen/{a.id}/verschieben", {"direction": "down"})  # bottom of page 1 → top of page 2
    assert prompts_by_page(survey.id) == [["B?", "C?"], ["A?"]]
    html = editor.get(f"{BASE}/{survey.id}").get_data(as_text=True)
    assert html.index("C?") < html.index("A?")
    assert html.count("Frage 3") >= 1


def test_pages_move_and_the_resident_order_follows(editor):
    survey, first, second, a, b, c = two_pages(editor)
    editor.post(f"{BASE}/{survey.id}/seiten/{second.id}/verschieben", {"direction": "up"})
    assert prompts_by_page(survey.id) == [["C?"], ["A?", "B?"]]
    html = editor.get(f"{BASE}/{survey.id}/vorschau/1").get_data(as_text=True)
    assert "Zwei" in html and "C?" in html and "A?" not in html


def test_options_move_and_keep_their_order_for_residents(editor):
    survey, first, second, a, b, c = two_pages(editor)
    z = c.options[2]
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/optionen/{z.id}/verschieben", {"direction": "up"})
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/optionen/{z.id}/verschieben", {"direction": "up"})
    db.session.expire_all()
    assert [option.label for option in db.session.get(Question, c.id).options] == ["z", "x", "y"]
    html = editor.get(f"{BASE}/{survey.id}/vorschau/2").get_data(as_text=True)
    assert html.index(">z</label>") < html.index(">x</label>") < html.index(">y</label>")


def test_a_move_that_would_break_a_condition_is_refused(editor):
    survey, first, second, a, b, c = two_pages(editor)
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/bedingung", {"option_ids": [str(a.options[0].id)]})
    version = db.session.get(Survey, survey.id).structure_version
    response = editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/verschieben", {"direction": "up"})
    assert response.status_code == 409
    assert "Frage 3 wird nur abhängig von der Antwort auf Frage 1 gezeigt" in editor.html
    response = editor.post(f"{BASE}/{survey.id}/seiten/{second.id}/verschieben", {"direction": "up"})
    assert response.status_code == 409
    assert prompts_by_page(survey.id) == [["A?", "B?"], ["C?"]]  # nothing half-saved
    assert db.session.get(Survey, survey.id).structure_version == version
    response = editor.post(f"{BASE}/{survey.id}/fragen/{a.id}/loeschen")
    assert response.status_code == 409 and "Entfernen Sie zuerst diese Bedingung" in editor.html
    response = editor.post(f"{BASE}/{survey.id}/fragen/{a.id}/optionen/{a.options[0].id}/loeschen")
    assert response.status_code == 409 and "Teil der Bedingung von Frage 3" in editor.html


def test_conditions_only_point_to_choice_questions_on_earlier_pages(editor):
    survey, first, second, a, b, c = two_pages(editor)
    page = editor.get(f"{BASE}/{survey.id}/fragen/{c.id}/bedingung").get_data(as_text=True)
    assert "Frage 1: A?" in page and "B?" not in page  # a text question cannot be a condition
    # A question on the same page: no candidates, and a forged option id is refused at its field.
    page = editor.get(f"{BASE}/{survey.id}/fragen/{b.id}/bedingung").get_data(as_text=True)
    assert "keine solche Frage" in page
    response = editor.post(f"{BASE}/{survey.id}/fragen/{b.id}/bedingung", {"option_ids": [str(a.options[0].id)]})
    assert response.status_code == 422
    assert field_error(editor.html, "option_ids") == "Bitte wählen Sie nur Antworten aus der Liste."
    # Options of two questions at once are refused too.
    third = editor.add_page(survey)
    d = editor.add_question(survey, third, "long_text", "D?")
    response = editor.post(
        f"{BASE}/{survey.id}/fragen/{d.id}/bedingung", {"option_ids": [str(a.options[0].id), str(c.options[0].id)]}
    )
    assert response.status_code == 422
    assert field_error(editor.html, "option_ids") == "Bitte wählen Sie Antworten von nur einer Frage."
    db.session.expire_all()
    assert db.session.get(Question, d.id).show_if_question_id is None
    # A valid one is saved, and can be removed again.
    response = editor.post(f"{BASE}/{survey.id}/fragen/{d.id}/bedingung", {"option_ids": [str(c.options[1].id)], "action": "save"})
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.get(Question, d.id)
    assert question.show_if_question_id == c.id and [o.label for o in question.show_if_options] == ["y"]
    editor.post(f"{BASE}/{survey.id}/fragen/{d.id}/bedingung", {"action": "remove"})
    db.session.expire_all()
    assert db.session.get(Question, d.id).show_if_question_id is None


def test_every_structure_change_gives_a_new_structure_version(editor):
    survey, first, second, a, b, c = two_pages(editor)
    versions = {db.session.get(Survey, survey.id).structure_version}

    def changed():
        db.session.expire_all()
        version = db.session.get(Survey, survey.id).structure_version
        assert version not in versions
        versions.add(version)

    editor.post(f"{BASE}/{survey.id}/fragen/{a.id}", {"prompt": "A?", "required": "y"})
    changed()
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}", {"prompt": "C?", "max_choices": "2"})
    changed()
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/optionen", {"option-label": "neu"})
    changed()
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/bedingung", {"option_ids": [str(a.options[1].id)]})
    changed()
    editor.post(f"{BASE}/{survey.id}/fragen/{b.id}/verschieben", {"direction": "up"})
    changed()
    editor.post(f"{BASE}/{survey.id}/seiten/{second.id}/loeschen")
    changed()


def test_questions_pages_and_options_are_deleted_after_confirming(editor):
    survey, first, second, a, b, c = two_pages(editor)
    confirm = editor.get(f"{BASE}/{survey.id}/fragen/{b.id}/loeschen").get_data(as_text=True)
    assert "Frage löschen?" in confirm and "„B?“" in confirm
    assert prompts_by_page(survey.id) == [["A?", "B?"], ["C?"]]  # asking is not deleting
    response = editor.post(f"{BASE}/{survey.id}/fragen/{b.id}/loeschen")
    assert response.status_code == 302 and response.location.endswith(f"#seite-{first.id}")
    response = editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/optionen/{c.options[0].id}/loeschen")
    assert response.status_code == 302
    db.session.expire_all()
    assert [option.label for option in db.session.get(Question, c.id).options] == ["y", "z"]
    assert "Seite 2 und die Frage darauf werden gelöscht." in editor.get(f"{BASE}/{survey.id}/seiten/{second.id}/loeschen").get_data(as_text=True)
    editor.post(f"{BASE}/{survey.id}/seiten/{second.id}/loeschen")
    assert prompts_by_page(survey.id) == [["A?"]]
    html = editor.get(f"{BASE}/{survey.id}/vorschau/1").get_data(as_text=True)
    assert "Seite 1 von 1" in html and "B?" not in html and "C?" not in html
    actions = [event.action for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-3:] == ["survey.question_delete", "survey.option_delete", "survey.page_delete"]


def test_a_page_whose_questions_are_conditions_cannot_be_deleted(editor):
    survey, first, second, a, b, c = two_pages(editor)
    editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/bedingung", {"option_ids": [str(a.options[1].id)]})
    response = editor.post(f"{BASE}/{survey.id}/seiten/{first.id}/loeschen")
    assert response.status_code == 409
    assert "Frage 3 wird nur abhängig von der Antwort auf Frage 1 gezeigt" in editor.html
    assert prompts_by_page(survey.id) == [["A?", "B?"], ["C?"]]


def test_a_follow_up_question_cannot_be_required(editor):
    """A required follow-up is answered by exactly those who met its condition, so its number of
    answers would publish their sum beside the condition question's protected counts."""
    survey, first, second, a, b, c = two_pages(editor)
    required = editor.add_question(survey, second, "short_text", "Warum?", required="y")
    response = editor.post(
        f"{BASE}/{survey.id}/fragen/{required.id}/bedingung", {"option_ids": [str(a.options[0].id)], "action": "save"}
    )
    assert response.status_code == 422
    assert "kann keine Pflichtfrage sein" in field_error(editor.html, "option_ids")
    db.session.expire_all()
    assert db.session.get(Question, required.id).show_if_question_id is None

    # The other way round: a follow-up is not made required, and what was typed stays in the form.
    response = editor.post(f"{BASE}/{survey.id}/fragen/{c.id}/bedingung", {"option_ids": [str(a.options[1].id)], "action": "save"})
    assert response.status_code == 302
    response = editor.post(f"{BASE}/{survey.id}/fragen/{c.id}", {"prompt": "C, neu formuliert?", "required": "y", "option_lines": "x\ny\nz"})
    assert response.status_code == 422
    assert "kann keine Pflichtfrage sein" in field_error(editor.html, "required")
    assert "C, neu formuliert?" in editor.html
    db.session.expire_all()
    assert db.session.get(Question, c.id).required is False
