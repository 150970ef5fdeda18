"""A resident answers the demo survey through the pages, as the browser would post them."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.records import Answer, ParticipationCount, Response
from tests.helpers import (
    DEMO_PATH,
    Resident,
    complete_demo_survey,
    demo_answers,
    demo_questions,
    form_fields,
    summary_links,
)


def count_responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def test_complete_survey_stores_one_anonymous_response(client, demo):
    resident = complete_demo_survey(client)
    assert "Vielen Dank" in resident.html
    response = db.session.scalars(select(Response)).one()
    q = demo_questions()
    assert response.channel == "web"
    assert response.locality_id == int(demo_answers()[0][f"q{q['locality'].id}"])
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
    by_question = {}
    for row in rows:
        by_question.setdefault(row.question_id, []).append(row)
    assert len(by_question[q["services"].id]) == 2
    assert len(by_question[q["importance"].id]) == 12
    assert sum(row.abstained for row in by_question[q["importance"].id]) == 1
    assert [row.number_value for row in sorted(by_question[q["top3"].id], key=lambda r: r.number_value)] == [1, 2, 3]
    assert by_question[q["reception"].id][0].abstained
    assert by_question[q["household"].id][0].number_value == 3
    assert by_question[q["vision"].id][0].text_value.startswith("Schnelles Internet")
    counts = db.session.scalars(select(ParticipationCount)).all()
    assert [(c.locality_id, c.count) for c in counts] == [(response.locality_id, 1)]


def test_progress_is_shown_on_every_page(client, demo):
    resident = Resident(client)
    resident.start()
    assert "Seite 1 von 5" in resident.html
    resident.post_page(1, demo_answers()[0])
    assert "Seite 2 von 5" in resident.html


def test_missing_required_answers_are_listed_and_linked(client, demo):
    resident = Resident(client)
    resident.start()
    response = resident.post_page(1, {})
    assert response.status_code == 422
    q = demo_questions()
    links = summary_links(resident.html)
    assert (f"#q{q['locality'].id}-1", "Frage 1: Bitte beantworten Sie diese Frage.") in links
    assert f'id="q{q["locality"].id}-error"' in resident.html
    assert f'aria-describedby="q{q["locality"].id}-help q{q["locality"].id}-error"' in resident.html
    assert resident.html.count('id="q') >= 2


def test_entered_answers_stay_after_an_error(client, demo):
    resident = Resident(client)
    resident.start()
    q = demo_questions()
    answers = {f"q{q['connection'].id}": str(q["connection"].options[1].id)}
    resident.post_page(1, answers)
    assert f'value="{q["connection"].options[1].id}" checked' in resident.html


def test_back_and_forward_keep_answers(client, demo):
    resident = Resident(client)
    resident.start()
    pages = demo_answers()
    resident.post_page(1, pages[0])
    q = demo_questions()
    resident.post_page(2, {f"q{q['household'].id}": "7"}, action="back")
    assert "Seite 1 von 5" in resident.html
    assert f'value="{q["connection"].options[2].id}" checked' in resident.html
    resident.post_page(1, pages[0])
    assert f'name="q{q["household"].id}" value="7"' in resident.html


def test_show_if_hides_question_for_residents_without_internet(client, demo):
    resident = Resident(client)
    resident.start()
    q = demo_questions()
    first = demo_answers()[0]
    first[f"q{q['connection'].id}"] = str(q["connection"].options[4].id)  # no internet at home
    resident.post_page(1, first)
    assert f'name="q{q["satisfaction"].id}"' not in resident.html
    assert f'name="q{q["reception"].id}"' in resident.html


def test_hidden_answers_are_not_stored(client, demo):
    resident = Resident(client)
    resident.start()
    q = demo_questions()
    pages = demo_answers()
    resident.post_page(1, pages[0])
    resident.post_page(2, pages[1], action="back")
    no_internet = {**pages[0], f"q{q['connection'].id}": str(q["connection"].options[4].id)}
    resident.post_page(1, no_internet)
    for number, answers in enumerate(pages[1:], 2):
        resident.post_page(number, answers, "submit" if number == 5 else "next")
    stored = db.session.scalars(select(Answer.question_id)).all()
    assert q["satisfaction"].id not in stored
    assert q["outages"].id not in stored
    assert q["reception"].id in stored


def test_tampered_option_is_refused_with_a_message(client, demo):
    resident = Resident(client)
    resident.start()
    q = demo_questions()
    answers = {**demo_answers()[0], f"q{q['connection'].id}": "999999"}
    response = resident.post_page(1, answers)
    assert response.status_code == 422
    assert "Bitte wählen Sie eine der angebotenen Antworten." in resident.html


def test_number_out_of_range_and_junk(client, demo):
    resident = Resident(client)
    resident.start()
    resident.post_page(1, demo_answers()[0])
    q = demo_questions()
    response = resident.post_page(2, {f"q{q['household'].id}": "25"})
    assert response.status_code == 422
    assert "Bitte geben Sie eine Zahl von 0 bis 20 ein." in resident.html
    assert 'value="25"' in resident.html
    resident.post_page(2, {f"q{q['household'].id}": "drei"})
    assert "Bitte geben Sie eine Zahl ein" in resident.html
    assert 'value="drei"' in resident.html


def test_too_many_choices(client, demo):
    resident = Resident(client)
    resident.start()
    resident.post_page(1, demo_answers()[0])
    resident.post_page(2, demo_answers()[1])
    q = demo_questions()
    barriers = [str(option.id) for option in q["barriers"].options[:4]]
    response = resident.post_page(3, {f"q{q['barriers'].id}": barriers})
    assert response.status_code == 422
    assert "höchstens 3 Antworten" in resident.html


def test_text_too_long_is_kept_and_explained(client, demo):
    resident = Resident(client)
    resident.start()
    for number, answers in enumerate(demo_answers()[:4], 1):
        resident.post_page(number, answers)
    q = demo_questions()
    long_text = "x" * 2100
    response = resident.post_page(5, {f"q{q['vision'].id}": long_text}, action="submit")
    assert response.status_code == 422
    assert "höchstens 2000 Zeichen (jetzt: 2100)" in resident.html
    assert long_text in resident.html
    assert count_responses() == 0


def test_double_submission_stores_once(client, demo):
    resident = Resident(client)
    resident.start()
    pages = demo_answers()
    for number, answers in enumerate(pages[:4], 1):
        resident.post_page(number, answers)
    hidden = form_fields(resident.html)
    first = resident.post_page(5, pages[4], action="submit", hidden=hidden)
    again = resident.post_page(5, pages[4], action="submit", hidden=hidden)
    assert first.status_code == again.status_code == 302
    assert again.location.endswith("/danke")
    assert count_responses() == 1


def test_second_household_member_can_answer_on_the_same_device(client, demo):
    complete_demo_survey(client)
    resident = Resident(client)
    resident.open(DEMO_PATH)
    assert "In diesem Browser wurde diese Umfrage schon einmal beantwortet" in resident.html
    complete_demo_survey(client, "elbeu")
    assert count_responses() == 2


def test_missing_csrf_token_keeps_the_entered_answers(client, demo):
    resident = Resident(client)
    resident.start()
    q = demo_questions()
    choice = str(q["connection"].options[3].id)
    response = resident.post_page(1, {f"q{q['connection'].id}": choice}, hidden={})
    assert response.status_code == 400
    assert "Bitte noch einmal senden" in resident.html
    assert f'value="{choice}" checked' in resident.html


def test_unknown_survey_is_404(client, demo):
    response = client.get("/umfragen/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_closed_survey_says_so(client, demo):
    from participation.surveys.models import Survey

    survey = db.session.scalars(select(Survey)).one()
    survey.status = "closed"
    db.session.commit()
    for url in (DEMO_PATH, DEMO_PATH + "/seite/1"):
        response = client.get(url)
        assert response.status_code == 410
        assert "Diese Umfrage ist beendet" in response.get_data(as_text=True)
    response = client.post(DEMO_PATH + "/seite/1", data={"action": "next"})
    assert response.status_code == 410


def test_page_number_out_of_range_is_404(client, demo):
    assert client.get(DEMO_PATH + "/seite/9").status_code == 404
    assert client.get(DEMO_PATH + "/seite/0").status_code == 404


def test_oversized_body_gets_413_page(client, demo):
    resident = Resident(client)
    resident.start()
    response = client.post(DEMO_PATH + "/seite/1", data={"x": "y" * 70_000})
    assert response.status_code == 413
    assert "Zu viele Daten" in response.get_data(as_text=True)


def test_pages_without_started_answers_lead_to_the_intro(client, demo):
    response = client.get(DEMO_PATH + "/seite/2")
    assert response.status_code == 302
    assert response.location.endswith(DEMO_PATH)


def test_going_back_after_submitting_shows_the_thanks_not_a_new_form(client, demo):
    complete_demo_survey(client)
    response = client.get(DEMO_PATH + "/seite/5")
    assert response.status_code == 302
    assert response.location.endswith("/danke")
    assert count_responses() == 1


def test_csrf_token_of_another_session_is_refused_and_answers_kept(app, client, demo):
    other = Resident(app.test_client())
    other.start()
    foreign_token = form_fields(other.html)["csrf_token"]
    resident = Resident(client)
    resident.start()
    q = demo_questions()
    choice = str(q["connection"].options[1].id)
    hidden = {**form_fields(resident.html), "csrf_token": foreign_token}
    response = resident.post_page(1, {f"q{q['connection'].id}": choice}, hidden=hidden)
    assert response.status_code == 400
    assert f'value="{choice}" checked' in resident.html
    assert count_responses() == 0


def test_oversized_field_gets_a_clear_message(client, demo):
    resident = Resident(client)
    resident.start()
    q = demo_questions()
    response = resident.post_page(1, {f"q{q['connection'].id}": "7" * 20_000})
    assert response.status_code == 422
    assert "Bitte wählen Sie eine der angebotenen Antworten." in resident.html
    assert "7" * 100 not in resident.html
