"""Residents with an access code: typed on the intro, used up with the response, never twice."""

from html import unescape

from markupsafe import escape

from sqlalchemy import func, select

from participation.access import codes
from participation.access.models import AccessCodeCount
from participation.extensions import db
from participation.surveys.records import Response
from tests.access.steps import start_with_code
from tests.helpers import DEMO_PATH, form_fields, summary_links

UNKNOWN = "Diesen Zugangscode kennen wir nicht oder er wurde schon benutzt. Bitte prüfen Sie ihn."
USED_MEANWHILE = "Ihr Zugangscode wurde inzwischen schon benutzt."


def responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def used_codes() -> int:
    db.session.commit()
    return db.session.scalar(select(AccessCodeCount.used)) or 0


def test_the_intro_asks_for_the_code_and_fills_it_from_the_link(client, codes_survey):
    html = client.get(DEMO_PATH).get_data(as_text=True)
    assert 'name="code"' in html and 'id="code"' in html
    assert "code-from-link.js" in html
    assert "Der Code wird nicht mit Ihren Antworten gespeichert." in html


def test_a_resident_with_a_valid_code_answers_and_the_code_is_used(client, make_codes, resident_with_code):
    [code] = make_codes(1)
    resident, last_page = resident_with_code(client, codes.display(code))
    response = resident.client.post(DEMO_PATH + "/seite/5", data=last_page)
    assert response.status_code == 302 and response.location.endswith("/danke")
    assert responses() == 1
    assert used_codes() == 1
    # The code cannot start a second set of answers, in this browser or another one.
    for other in (client, client.application.test_client()):
        again, resident = start_with_code(other, code)
        assert again.status_code == 422
        assert unescape(resident.html).count(UNKNOWN) >= 1


def test_a_code_used_meanwhile_is_refused_and_the_answers_stay(app, make_codes, resident_with_code):
    first, second = make_codes(2)
    alice, alice_last = resident_with_code(app.test_client(), first)
    bob, bob_last = resident_with_code(app.test_client(), first)  # the same letter, read twice
    assert alice.client.post(DEMO_PATH + "/seite/5", data=alice_last).location.endswith("/danke")

    response = bob.client.post(DEMO_PATH + "/seite/5", data=bob_last)
    assert response.status_code == 302 and response.location.endswith(DEMO_PATH)
    assert responses() == 1 and used_codes() == 1
    intro = unescape(bob.client.get(DEMO_PATH).get_data(as_text=True))
    assert USED_MEANWHILE in intro
    assert "Ihre Antworten sind noch da" in intro
    assert 'name="continue"' in intro  # the draft is still there
    # Without a code the pages send him back to the intro, answers untouched.
    assert bob.client.get(DEMO_PATH + "/seite/5").location.endswith(DEMO_PATH)

    # With another code he continues where he was and sends the same answers.
    response = bob.client.post(DEMO_PATH + "/beginnen", data={**form_fields(intro), "code": second, "continue": "1"})
    assert response.status_code == 302 and response.location.endswith("/seite/1")
    page5 = bob.client.get(DEMO_PATH + "/seite/5").get_data(as_text=True)
    assert "Schnelles Internet in Mose" in page5
    response = bob.client.post(DEMO_PATH + "/seite/5", data={**form_fields(page5), **_last_fields(bob_last)})
    assert response.location.endswith("/danke")
    assert responses() == 2 and used_codes() == 2


def _last_fields(last_page: dict) -> dict:
    return {key: value for key, value in last_page.items() if key.startswith("q") or key == "action"}


def test_a_wrong_code_gets_422_with_the_message_and_keeps_what_was_typed(client, make_codes):
    make_codes(3)
    for typed in ["ABCDE-23456", "abcde-2345", "Hallo <b>"]:
        response, resident = start_with_code(client, typed)
        assert response.status_code == 422, typed
        html = unescape(resident.html)
        assert summary_links(resident.html) == [("#code", UNKNOWN)]
        assert UNKNOWN in html
        assert 'aria-invalid="true"' in html
        assert f'value="{escape(typed)}"' in resident.html
    assert responses() == 0 and used_codes() == 0


def test_an_empty_code_is_refused(client, make_codes):
    make_codes(1)
    response, resident = start_with_code(client, "")
    assert response.status_code == 422
    assert UNKNOWN in unescape(resident.html)


def test_a_code_typed_in_lower_case_with_spaces_works(client, make_codes, resident_with_code):
    [code] = make_codes(1)
    typed = " " + " ".join(code[i : i + 2] for i in range(0, len(code), 2)).lower() + " "
    resident, last_page = resident_with_code(client, typed)
    assert resident.client.post(DEMO_PATH + "/seite/5", data=last_page).location.endswith("/danke")
    assert used_codes() == 1 and responses() == 1


def test_codes_printed_for_a_locality_count_there_unless_the_resident_names_one(client, codes_survey, make_codes):
    import uuid

    from participation.localities.models import Locality
    from tests.helpers import demo_answers, demo_questions

    glindenberg = db.session.scalars(select(Locality).where(Locality.slug == "glindenberg")).one()
    locality_question = demo_questions()["locality"]
    locality_question.required = False
    codes_survey.structure_version = uuid.uuid4().hex
    db.session.commit()
    [code] = make_codes(1, locality_id=glindenberg.id)

    _, resident = start_with_code(client, code)
    pages = demo_answers()
    pages[0].pop(f"q{locality_question.id}")
    for number, answers in enumerate(pages, 1):
        response = resident.post_page(number, answers, "submit" if number == 5 else "next")
        assert response.status_code == 302, (number, summary_links(resident.html))
    assert db.session.scalars(select(Response.locality_id)).one() == glindenberg.id
