"""An editor builds a survey with every question kind through the forms; residents answer it."""

from sqlalchemy import select

from participation.extensions import db
from participation.localities.models import Locality
from participation.staff.models import AuditEvent
from participation.surveys.models import QUESTION_KINDS, Survey
from participation.surveys.records import Answer, Response
from tests.builder.editing import BASE
from tests.helpers import Resident, summary_links


def build_survey(editor, life_areas):
    """Three pages with all ten question kinds and one show-if condition, as an editor enters them."""
    survey = editor.create_survey(
        "Mobil in Wolmirstedt", title_en="Getting around Wolmirstedt",
        intro="Wie sind Sie unterwegs?", intro_en="How do you get around?",
    )
    first = survey.pages[0]
    editor.post(f"{BASE}/{survey.id}/seiten/{first.id}", {"title": "Ihr Weg", "title_en": "Your way"})
    q = {}
    q["locality"] = editor.add_question(survey, first, "locality", "Wo wohnen Sie?", prompt_en="Where do you live?", required="y")
    q["mode"] = editor.add_question(
        survey, first, "single", "Wie kommen Sie meistens zur Arbeit?", prompt_en="How do you usually get to work?",
        required="y", option_lines=["Auto", "Fahrrad", "Bus und Bahn"], option_lines_en=["Car", "Bicycle", "Bus and train"],
        life_areas=[life_areas["mobilitaet-verkehr"].id],
    )
    second = editor.add_page(survey, "Unterwegs", "On the way")
    q["bike"] = editor.add_question(
        survey, second, "scale", "Wie sicher fühlen Sie sich auf dem Rad?", prompt_en="How safe do you feel cycling?",
        min_value="1", max_value="5", label_min="gar nicht", label_max="sehr", allow_no_answer="y",
    )
    q["apps"] = editor.add_question(
        survey, second, "multiple", "Welche Apps nutzen Sie?", option_lines=["Fahrplan", "Carsharing", "Radroute"],
        max_choices="2",
    )
    q["cars"] = editor.add_question(survey, second, "number", "Wie viele Autos hat Ihr Haushalt?", min_value="0", max_value="9", unit="Autos")
    third = editor.add_page(survey, "Ihre Meinung")
    q["rating"] = editor.add_question(
        survey, third, "matrix", "Wie bewerten Sie …", min_value="1", max_value="3", label_min="schlecht", label_max="gut",
        option_lines=["Radwege", "Busverbindungen"],
    )
    q["priority"] = editor.add_question(
        survey, third, "ranking", "Was soll zuerst besser werden?", option_lines=["Radwege", "Busse", "Parkplätze"], max_choices="2",
    )
    q["wish"] = editor.add_question(survey, third, "short_text", "Ihr größter Wunsch?", max_length="80")
    q["ideas"] = editor.add_question(survey, third, "long_text", "Weitere Ideen")
    q["age"] = editor.add_question(
        survey, third, "demographic", "Wie alt sind Sie?", option_lines=["unter 30", "30 bis 59", "60 und älter"], allow_no_answer="y",
    )
    bicycle = q["mode"].options[1]
    response = editor.post(f"{BASE}/{survey.id}/fragen/{q['bike'].id}/bedingung", {"option_ids": [str(bicycle.id)], "action": "save"})
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.get(Survey, survey.id), q


def test_every_question_kind_built_through_the_forms_can_be_answered(editor, life_areas, client):
    survey, q = build_survey(editor, life_areas)
    assert {question.kind for question in q.values()} == set(QUESTION_KINDS)
    assert q["mode"].life_areas == [life_areas["mobilitaet-verkehr"]]
    assert q["bike"].show_if_question_id == q["mode"].id

    overview = editor.get(f"{BASE}/{survey.id}").get_data(as_text=True)
    assert "Frage 10" in overview and "Nur gezeigt, wenn bei Frage 2 gewählt wurde: Fahrrad" in overview

    response = editor.post(f"{BASE}/{survey.id}/status", {"target": "open"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).status == "open"

    resident = Resident(client.application.test_client(), f"/umfragen/{survey.slug}")
    resident.start()
    assert "Seite 1 von 3" in resident.html and "Wo wohnen Sie?" in resident.html
    mose = db.session.scalars(select(Locality).where(Locality.slug == "mose")).one()
    response = resident.post_page(1, {f"q{q['locality'].id}": str(mose.id), f"q{q['mode'].id}": str(q["mode"].options[1].id)})
    assert response.status_code == 302, summary_links(resident.html)
    assert "Wie sicher fühlen Sie sich auf dem Rad?" in resident.html  # shown: the resident cycles
    response = resident.post_page(2, {
        f"q{q['bike'].id}": "4",
        f"q{q['apps'].id}": [str(q["apps"].options[0].id), str(q["apps"].options[2].id)],
        f"q{q['cars'].id}": "1",
    })
    assert response.status_code == 302, summary_links(resident.html)
    rows = q["rating"].options
    response = resident.post_page(3, {
        f"q{q['rating'].id}_{rows[0].id}": "3",
        f"q{q['rating'].id}_{rows[1].id}": "1",
        f"q{q['priority'].id}_place1": str(q["priority"].options[0].id),
        f"q{q['priority'].id}_place2": str(q["priority"].options[1].id),
        f"q{q['wish'].id}": "Ein sicherer Radweg nach Farsleben",
        f"q{q['ideas'].id}": "Mehr Busse am Abend.",
        f"q{q['age'].id}": "na",
    }, action="submit")
    assert response.status_code == 302 and response.location.endswith("/danke"), summary_links(resident.html)

    stored = db.session.scalars(select(Response)).one()
    assert stored.locality_id == mose.id
    answers = db.session.scalars(select(Answer).where(Answer.response_id == stored.id)).all()
    by_question = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    assert {question.id for question in q.values()} == set(by_question)
    assert by_question[q["bike"].id][0].number_value == 4
    assert len(by_question[q["apps"].id]) == 2
    assert by_question[q["wish"].id][0].text_value == "Ein sicherer Radweg nach Farsleben"
    assert by_question[q["age"].id][0].abstained
    assert {"survey.create", "survey.question_create", "survey.condition_update", "survey.status"} <= set(
        db.session.scalars(select(AuditEvent.action))
    )


def test_condition_hides_the_question_and_the_limits_apply(editor, life_areas, client):
    survey, q = build_survey(editor, life_areas)
    editor.post(f"{BASE}/{survey.id}/status", {"target": "open"})
    resident = Resident(client.application.test_client(), f"/umfragen/{survey.slug}")
    resident.start()
    locality = db.session.scalars(select(Locality)).first()
    resident.post_page(1, {f"q{q['locality'].id}": str(locality.id), f"q{q['mode'].id}": str(q["mode"].options[0].id)})
    assert "Seite 2 von 3" in resident.html
    assert "Wie sicher fühlen Sie sich auf dem Rad?" not in resident.html  # hidden: the resident drives
    response = resident.post_page(2, {
        f"q{q['apps'].id}": [str(option.id) for option in q["apps"].options],
        f"q{q['cars'].id}": "12",
    })
    assert response.status_code == 422
    messages = [text for _, text in summary_links(resident.html)]
    assert any("höchstens 2 Antworten" in text for text in messages)
    assert any("von 0 bis 9" in text for text in messages)


def test_residents_read_the_english_texts(editor, life_areas, client):
    survey, q = build_survey(editor, life_areas)
    editor.post(f"{BASE}/{survey.id}/status", {"target": "open"})
    resident = Resident(client.application.test_client(), f"/umfragen/{survey.slug}")
    resident.client.get("/sprache/en?next=/")
    resident.start()
    assert "Getting around Wolmirstedt" in resident.html
    assert "Your way" in resident.html
    assert "How do you usually get to work?" in resident.html
    assert ">Bicycle</label>" in resident.html
    assert '<span lang="de">Wo wohnen Sie?</span>' not in resident.html  # translated, so not marked German
