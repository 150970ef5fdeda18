"""A class of 25 sends its answers at the same moment: 25 responses, exactly, on SQLite and
PostgreSQL; a form sent twice at once is stored once."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.records import Response
from tests.groups.poll_steps import ORGANISER, join, make_group, make_poll, school_answers
from tests.helpers import form_fields
from tests.ideas.steps import post_all_at_once

CLASS_SIZE = 25


def ready_to_send(client, poll) -> tuple[str, dict]:
    intro = join(client, poll.join_code)
    response = client.post(intro + "/beginnen", data=form_fields(client.get(intro).get_data(as_text=True)))
    html = client.get(response.location).get_data(as_text=True)
    return intro + "/seite/1", {**form_fields(html), **school_answers(poll), "action": "submit"}


def test_a_class_answering_at_once_is_stored_exactly(app, demo, make_staff, login):
    make_staff(ORGANISER, "organiser")
    teacher = app.test_client()
    login(teacher, ORGANISER)
    poll = make_poll(teacher, make_group(teacher))
    posts = []
    for _ in range(CLASS_SIZE):
        phone = app.test_client()
        posts.append((phone, *ready_to_send(phone, poll)))
    # One phone sends its form three times at once (a double tap on a slow connection).
    twin_url, twin_data = posts[0][1], posts[0][2]
    posts += [(posts[0][0], twin_url, twin_data)] * 2
    statuses = post_all_at_once(posts)
    assert statuses == [302] * len(posts)
    db.session.commit()
    assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == poll.survey_id)) == CLASS_SIZE
    assert teacher.get(f"/verwaltung/gruppen/umfragen/{poll.id}/stand").json["answered"] == CLASS_SIZE
