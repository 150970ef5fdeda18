"""Moderators read redacted free text of closed surveys and choose quotes; nothing more shows."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.localities.models import Locality
from participation.results.models import Quote
from participation.staff.models import AuditEvent
from participation.surveys.models import Survey
from participation.surveys.records import Answer, Response
from tests.helpers import demo_questions, form_fields

BASE = "/verwaltung/freitext"


def answers_url(survey, question, page=None):
    return f"{BASE}/{survey.id}/fragen/{question.id}" + (f"?seite={page}" if page else "")


def pick_url(survey, question):
    return f"{BASE}/{survey.id}/fragen/{question.id}/zitat"


def pick_links(html):
    return re.findall(r'href="([^"]*/zitat\?antwort=[0-9a-f]{32})"', html)


def blockquotes(html):
    return re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)


def locality_id(slug):
    return db.session.scalars(select(Locality.id).where(Locality.slug == slug)).one()


def test_the_index_lists_text_questions_of_closed_surveys_only(moderator, closed_survey, add_answers):
    add_answers("elbeu", ["Mehr Bänke"] * 3)
    html = moderator.get(BASE + "/").get_data(as_text=True)
    questions = demo_questions()
    assert f"/fragen/{questions['vision'].id}" in html and f"/fragen/{questions['first_service'].id}" in html
    assert f"/fragen/{questions['connection'].id}" not in html  # a choice question
    assert "3 Antworten" in html

    closed_survey.status = "open"
    db.session.commit()
    html = moderator.get(BASE + "/").get_data(as_text=True)
    assert f"/fragen/{questions['vision'].id}" not in html
    assert moderator.get(answers_url(closed_survey, questions["vision"])).status_code == 404


def test_answers_are_redacted_and_show_no_response_or_channel(moderator, closed_survey, vision, add_answers):
    add_answers("elbeu", ["Ruft mich an: 0171 1234567 oder schreibt an anna.schulz@web.de"], channel="paper")
    add_answers("elbeu", [f"Idee {number}: mehr Radwege" for number in range(12)], channel="kiosk")
    response = moderator.get(answers_url(closed_survey, vision))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "[Telefonnummer entfernt]" in html and "[E-Mail-Adresse entfernt]" in html
    assert "1234567" not in html and "anna.schulz" not in html
    for response_id in db.session.scalars(select(Response.id)):
        assert str(response_id) not in html and response_id.hex not in html
    assert "paper" not in html and "kiosk" not in html and "Papier" not in html


def test_a_locality_is_named_only_with_enough_answers_and_no_small_rest(moderator, closed_survey, vision, add_answers):
    add_answers("elbeu", [f"Elbeu sagt {number}" for number in range(12)])
    add_answers("farsleben", [f"Farsleben sagt {number}" for number in range(10)])
    add_answers("mose", ["Mose sagt etwas", "Mose sagt noch etwas", "Mose zum Dritten"])
    html = "".join(moderator.get(answers_url(closed_survey, vision, page)).get_data(as_text=True) for page in (1, 2))
    assert html.count("<p class=\"muted\">Elbeu") == 12
    # Naming Farsleben too would leave Mose's three answers as the only unnamed ones.
    assert "Farsleben</p>" not in html and "Mose</p>" not in html
    assert len(blockquotes(html)) == 25


def test_answers_come_in_a_stable_order_of_their_random_ids_in_pages(moderator, closed_survey, vision, add_answers):
    texts = [f"Vorschlag Nummer {number}" for number in range(25)]
    add_answers("elbeu", texts)
    first = moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True)
    assert blockquotes(first) == blockquotes(moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True))
    second = moderator.get(answers_url(closed_survey, vision, 2)).get_data(as_text=True)
    shown = blockquotes(first) + blockquotes(second)
    assert len(blockquotes(first)) == 20 and sorted(shown) == sorted(texts)
    by_id = {answer.text_value: answer.id for answer in db.session.scalars(select(Answer).where(Answer.question_id == vision.id))}
    assert [by_id[text] for text in shown] == sorted(by_id[text] for text in shown)
    assert "Seite 2 von 2" in second
    assert moderator.get(answers_url(closed_survey, vision, 3)).status_code == 404
    assert moderator.get(answers_url(closed_survey, vision) + "?seite=x").status_code == 200


def test_picking_a_quote_stores_a_redacted_copy_for_the_chosen_group(moderator, closed_survey, vision, add_answers):
    add_answers("elbeu", [f"Schnelles Internet für alle, sagt Nummer {number}" for number in range(10)])
    link = pick_links(moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True))[0]
    page = moderator.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Schnelles Internet für alle" in html
    assert re.search(r'<input checked[^>]*value="town"', html) and "die Ortschaft Elbeu" in html

    fields = form_fields(html)
    response = moderator.post(pick_url(closed_survey, vision), data={
        **fields, "text": "Schnelles Internet für alle! Fragen an 039201 12345", "scope": str(locality_id("elbeu")),
    })
    assert response.status_code == 302 and response.location.endswith(answers_url(closed_survey, vision))
    quote = db.session.scalars(select(Quote)).one()
    assert quote.text == "Schnelles Internet für alle! Fragen an [Telefonnummer entfernt]"
    assert (quote.survey_id, quote.question_id, quote.locality_id) == (closed_survey.id, vision.id, locality_id("elbeu"))
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "quote.pick")).one()
    assert event.object_id == str(quote.id) and "Internet" not in str(event.details)

    listing = moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True)
    assert "Für die Ortschaft Elbeu" in listing and "[Telefonnummer entfernt]</blockquote>" in listing

    again = moderator.post(pick_url(closed_survey, vision), data={**fields, "text": quote.text, "scope": "town"})
    assert again.status_code == 422 and "schon ausgewählt" in again.get_data(as_text=True)


def test_a_locality_that_may_not_be_named_is_refused_and_the_text_kept(moderator, closed_survey, vision, add_answers):
    add_answers("elbeu", [f"Elbeu {number}" for number in range(10)])
    add_answers("mose", ["Ein Satz aus Mose"])
    for link in pick_links(moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True)):
        html = moderator.get(link).get_data(as_text=True)
        if "Ein Satz aus Mose" in html:
            break
    assert "die Ortschaft Mose" not in html
    response = moderator.post(pick_url(closed_survey, vision), data={
        **form_fields(html), "text": "Ein gekürzter Satz", "scope": str(locality_id("mose")),
    })
    assert response.status_code == 422
    assert "Ein gekürzter Satz" in response.get_data(as_text=True)
    assert db.session.scalars(select(Quote)).all() == []


def test_an_empty_quote_is_refused(moderator, closed_survey, vision, add_answers):
    add_answers(None, [f"Text {number}" for number in range(10)])
    link = pick_links(moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True))[0]
    fields = form_fields(moderator.get(link).get_data(as_text=True))
    response = moderator.post(pick_url(closed_survey, vision), data={**fields, "text": "   ", "scope": "town"})
    assert response.status_code == 422 and 'href="#text"' in response.get_data(as_text=True)
    assert db.session.scalars(select(Quote)).all() == []


def test_too_few_answers_can_be_read_but_not_quoted(moderator, closed_survey, vision, add_answers):
    add_answers("elbeu", [f"Text {number}" for number in range(9)])
    html = moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True)
    assert len(blockquotes(html)) == 9 and pick_links(html) == []
    assert "weniger als 10 Menschen" in html
    answer_id = db.session.scalars(select(Answer.id).where(Answer.question_id == vision.id)).first()
    response = moderator.get(f"{pick_url(closed_survey, vision)}?antwort={answer_id.hex}")
    assert response.status_code == 302


def test_removing_a_quote_is_audited(moderator, closed_survey, vision, add_answers):
    add_answers("elbeu", [f"Text {number}" for number in range(10)])
    quote = Quote(survey_id=closed_survey.id, question_id=vision.id, locality_id=None, text="Mehr Licht")
    other = Quote(survey_id=closed_survey.id, question_id=demo_questions()["first_service"].id, text="Anderes")
    db.session.add_all([quote, other])
    db.session.commit()
    quote_id = quote.id
    html = moderator.get(answers_url(closed_survey, vision)).get_data(as_text=True)
    token = form_fields(html)["csrf_token"]
    remove = f"{BASE}/{closed_survey.id}/fragen/{vision.id}/zitate/entfernen"
    assert moderator.post(remove, data={"csrf_token": token, "quote": str(other.id)}).status_code == 404
    assert moderator.post(remove, data={"csrf_token": token, "quote": "x"}).status_code == 404
    assert moderator.post(remove, data={"quote": str(quote.id)}).status_code == 400  # no CSRF token
    assert moderator.post(remove, data={"csrf_token": token, "quote": str(quote_id)}).status_code == 302
    assert db.session.scalars(select(Quote.text)).all() == ["Anderes"]
    assert db.session.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "quote.remove")).one() == str(quote_id)


def test_foreign_and_unknown_ids_are_404(moderator, closed_survey, vision, add_answers):
    add_answers("elbeu", [f"Text {number}" for number in range(10)])
    other = Survey(slug="andere", title="Andere Umfrage", status="closed")
    db.session.add(other)
    db.session.commit()
    choice = demo_questions()["connection"]
    assert moderator.get(answers_url(other, vision)).status_code == 404
    assert moderator.get(answers_url(closed_survey, choice)).status_code == 404
    assert moderator.get(f"{BASE}/999999/fragen/{vision.id}").status_code == 404
    foreign = Response(survey_id=other.id)
    foreign.answers.append(Answer(question_id=demo_questions()["first_service"].id, text_value="fremd"))
    db.session.add(foreign)
    db.session.commit()
    assert moderator.get(f"{pick_url(closed_survey, vision)}?antwort={foreign.answers[0].id.hex}").status_code == 404
    assert moderator.get(f"{pick_url(closed_survey, vision)}?antwort=kein-uuid").status_code == 404


@pytest.mark.parametrize("role", ["editor", "analyst", "admin"])
def test_other_roles_get_403(client, make_staff, login, closed_survey, vision, role):
    make_staff("jemand@example.org", role)
    login(client, "jemand@example.org")
    token = form_fields(client.get("/verwaltung/").get_data(as_text=True))["csrf_token"]
    assert client.get(BASE + "/").status_code == 403
    assert client.get(answers_url(closed_survey, vision)).status_code == 403
    assert client.post(pick_url(closed_survey, vision), data={"csrf_token": token}).status_code == 403
    assert "/verwaltung/freitext" not in client.get("/verwaltung/").get_data(as_text=True)


def test_the_dashboard_offers_moderators_the_free_text(moderator):
    assert 'href="/verwaltung/freitext/"' in moderator.get("/verwaltung/").get_data(as_text=True)
