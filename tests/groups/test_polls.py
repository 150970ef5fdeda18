"""Group polls as a teacher and a class use them: make one from a template, open it, the class
joins with the code on their phones (one answer each), the teacher watches the count, closes the
poll, sees the protected result and hands it to the town."""

import re

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.groups.models import GroupPoll
from participation.results.models import ResultSnapshot
from participation.surveys.records import Response
from tests.helpers import form_fields
from tests.groups.poll_steps import ORGANISER, answer, change_status, join, make_group, make_poll, school_answers, token


@pytest.fixture
def teacher(app, demo, make_staff, login):
    make_staff(ORGANISER, "organiser")
    client = app.test_client()
    login(client, ORGANISER)
    return client


def test_a_poll_from_the_school_template_is_a_draft_with_its_questions(teacher):
    group = make_group(teacher)
    poll = make_poll(teacher, group, open_it=False)
    html = teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}").get_data(as_text=True)
    assert "Entwurf" in html and "Fragen bearbeiten" in html
    assert poll.survey.audience == "group" and poll.survey.status == "draft"
    assert poll.survey.locality_id == group.locality_id  # its answers count for the group's locality
    assert re.fullmatch(r"[1-9]\d{7}", poll.join_code)
    # The organiser edits the questions in the builder (their own poll only).
    builder = teacher.get(f"/verwaltung/umfragen/{poll.survey_id}").get_data(as_text=True)
    assert "Wie bist du meistens im Internet?" in builder and "Zurück zur Gruppenumfrage" in builder
    # The code does not let anyone in before the poll opens.
    resident = teacher.application.test_client()
    response = resident.get(f"/m/{poll.join_code}", follow_redirects=True)
    assert response.status_code == 404 and "noch nicht geöffnet" in response.get_data(as_text=True)


def test_the_class_answers_once_each_and_the_teacher_sees_the_protected_result(teacher, app):
    group = make_group(teacher)
    poll = make_poll(teacher, group)
    page = teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}").get_data(as_text=True)
    assert f"{poll.join_code[:4]} {poll.join_code[4:]}" in page and "<svg" in page and f"/m/{poll.join_code}" in page
    phones = [app.test_client() for _ in range(8)]
    for index, phone in enumerate(phones):
        # Six choose the first way online, two the second: the two are fewer than 3 and hidden.
        assert answer(phone, poll, school_answers(poll, choice=0 if index < 6 else 1)) == 302
    assert db.session.scalar(select(func.count(Response.id)).where(Response.channel == "group")) == 8
    # One answer per phone: beginning again leads to the thanks.
    again = phones[0].post(f"/umfragen/{poll.survey.slug}/beginnen", data={"csrf_token": token(phones[0], f"/umfragen/{poll.survey.slug}")})
    assert again.status_code == 302 and again.location.endswith("/danke")
    assert db.session.scalar(select(func.count(Response.id))) == 8

    count = teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}/stand")
    assert count.json == {"answered": 8, "status": "open"}
    assert teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}/stand", headers={"If-None-Match": count.headers["ETag"]}).status_code == 304

    change_status(teacher, poll.id, "close")
    db.session.expire_all()
    assert poll.survey.status == "published"
    snapshot = db.session.scalars(select(ResultSnapshot).where(ResultSnapshot.survey_id == poll.survey_id)).one()
    assert snapshot.policy["MIN_CELL"] == 3 and snapshot.policy["MIN_GROUP"] == 5
    result = teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}/ergebnis").get_data(as_text=True)
    assert "Teilgenommen haben 8 Personen." in result
    assert "weniger als 3" in result  # the two who chose the second way
    projector = teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}/projektor").get_data(as_text=True)
    assert 'class="projector"' in projector and "Teilgenommen haben 8 Personen." in projector
    assert "Mehr WLAN" not in result + projector  # free text is never shown to the group


def test_a_poll_is_answered_only_through_its_code_and_listed_nowhere(teacher, app):
    poll = make_poll(teacher, make_group(teacher))
    stranger = app.test_client()
    response = stranger.get(f"/umfragen/{poll.survey.slug}")
    assert response.status_code == 302 and response.location.endswith("/mitmachen")
    assert poll.survey.slug not in stranger.get("/").get_data(as_text=True)
    assert stranger.get("/mitmachen", query_string={"code": "1234"}).status_code == 422
    wrong = "1" + ("0" * 7) if poll.join_code != "10000000" else "10000001"
    response = stranger.get(f"/m/{wrong}")
    assert response.status_code == 404 and "kennen wir nicht" in response.get_data(as_text=True)
    assert join(stranger, poll.join_code).endswith(f"/umfragen/{poll.survey.slug}")


def test_too_few_answers_give_no_result_until_the_poll_is_reopened(teacher, app):
    poll = make_poll(teacher, make_group(teacher))
    for _ in range(4):
        assert answer(app.test_client(), poll, school_answers(poll)) == 302
    html = change_status(teacher, poll.id, "close").get_data(as_text=True)
    assert "weniger als 5" in html and "Wieder öffnen" in html
    assert db.session.scalar(select(func.count(ResultSnapshot.id))) == 0
    assert "kein Ergebnis" in teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}/ergebnis").get_data(as_text=True)
    change_status(teacher, poll.id, "open")
    assert answer(app.test_client(), poll, school_answers(poll)) == 302
    change_status(teacher, poll.id, "close")
    assert db.session.scalar(select(func.count(ResultSnapshot.id))) == 1


def test_the_teacher_types_in_paper_answers_without_hitting_the_limits_for_one_person(teacher):
    poll = make_poll(teacher, make_group(teacher))
    url = f"/verwaltung/gruppen/umfragen/{poll.id}"
    response = teacher.post(f"{url}/papier", data={"csrf_token": token(teacher, url)})
    assert response.status_code == 302 and response.location.endswith(f"/umfragen/{poll.survey.slug}")
    for number in range(14):  # more than RATELIMIT_RESPONSE allows one browser in an hour
        html = teacher.get(f"/umfragen/{poll.survey.slug}").get_data(as_text=True)
        assert "Nächsten Papierbogen eingeben" in html or number == 0
        start = teacher.post(f"/umfragen/{poll.survey.slug}/beginnen", data={"csrf_token": token(teacher, url)})
        assert start.status_code == 302 and "/seite/1" in start.location, number
        html = teacher.get(start.location).get_data(as_text=True)
        sent = teacher.post(start.location, data={**form_fields(html), **school_answers(poll), "action": "submit"})
        assert sent.status_code == 302 and sent.location.endswith("/danke"), (number, sent.status_code)
    assert db.session.scalar(select(func.count(Response.id))) == 14


def test_a_handed_over_result_is_listed_with_the_towns_results(teacher, app):
    poll = make_poll(teacher, make_group(teacher))
    for _ in range(5):
        assert answer(app.test_client(), poll, school_answers(poll)) == 302
    change_status(teacher, poll.id, "close")
    public = app.test_client()
    assert public.get(f"/ergebnisse/{poll.survey.slug}").status_code == 404
    assert poll.survey.title not in public.get("/ergebnisse").get_data(as_text=True)
    assert poll.survey.slug not in public.get("/api/v1/surveys").get_data(as_text=True)
    url = f"/verwaltung/gruppen/umfragen/{poll.id}"
    teacher.post(f"{url}/teilen", data={"csrf_token": token(teacher, url), "shared": "1"})
    db.session.expire_all()
    assert db.session.get(GroupPoll, poll.id).shared
    assert poll.survey.title in public.get("/ergebnisse").get_data(as_text=True)
    assert public.get(f"/ergebnisse/{poll.survey.slug}").status_code == 200
    assert poll.survey.slug in public.get("/api/v1/surveys").get_data(as_text=True)
    # What the life-area derivation reads: the voice of a school class in Farsleben.
    from participation.groups.queries import handed_over_results

    [handed] = handed_over_results()
    assert (handed.group_kind, handed.locality_slug, handed.survey_id, handed.version) == (
        "school_class", "farsleben", poll.survey_id, 1)
    teacher.post(f"{url}/teilen", data={"csrf_token": token(teacher, url), "shared": "0"})
    assert public.get(f"/ergebnisse/{poll.survey.slug}").status_code == 404
    assert handed_over_results() == []


def test_an_editor_does_not_see_group_polls_among_the_towns_surveys(teacher, app, make_staff, login):
    poll = make_poll(teacher, make_group(teacher))
    make_staff("redaktion@example.org", "editor", "analyst")
    editor = app.test_client()
    login(editor, "redaktion@example.org")
    assert poll.survey.title not in editor.get("/verwaltung/umfragen/").get_data(as_text=True)
    assert editor.get(f"/verwaltung/umfragen/{poll.survey_id}").status_code == 404
