"""A handed-over poll passes the attacker of tests/attacker: a class of 9 with small counts
everywhere, published with the group-poll thresholds; the attacker reads only the public API,
knows the questionnaire, and attacks as the public and as each of the 9 (who know their own
answers). Nothing hidden may be pinned."""

from participation.api import views as api
from participation.surveys.models import Survey
from tests.attacker.generate import describe, read_api, respondents_from_database
from tests.attacker.harness import assert_finds_leaks, assert_pins_nothing, attack_snapshots
from tests.groups.poll_steps import ORGANISER, answer, change_status, make_group, make_poll, school_answers, token


def publish_class_poll(app, make_staff, login):
    api._BODIES.clear()
    make_staff(ORGANISER, "organiser")
    teacher = app.test_client()
    login(teacher, ORGANISER)
    poll = make_poll(teacher, make_group(teacher))
    for index in range(9):
        answers = school_answers(poll, choice=index % 4 if index < 7 else 0, scale=str(1 + index % 5))
        assert answer(app.test_client(), poll, answers) == 302
    change_status(teacher, poll.id, "close")
    url = f"/verwaltung/gruppen/umfragen/{poll.id}"
    teacher.post(f"{url}/teilen", data={"csrf_token": token(teacher, url), "shared": "1"})
    survey = app.extensions["sqlalchemy"].session.get(Survey, poll.survey_id)
    snapshots = read_api(app.test_client(), survey.slug)
    assert snapshots and snapshots[0]["policy"]["MIN_CELL"] == 3
    return attack_snapshots(snapshots, describe(survey), respondents_from_database(survey))


def test_a_small_class_poll_pins_nothing(app, demo, make_staff, login):
    outcome = publish_class_poll(app, make_staff, login)
    assert outcome.attacked > 0
    assert_pins_nothing(outcome)


def test_the_attacker_pins_numbers_of_the_same_poll_with_the_whole_publication_audit_off(
    app, demo, make_staff, login, monkeypatch
):
    monkeypatch.setattr("participation.disclosure.WHOLE_PUBLICATION", False)
    assert_finds_leaks(publish_class_poll(app, make_staff, login))
