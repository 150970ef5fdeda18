"""An organiser and a group's participants, acting through the pages with the test client."""

import re

from sqlalchemy import select

from participation.extensions import db
from participation.groups.models import Group, GroupPoll
from participation.localities.models import Locality
from participation.surveys.models import Question
from tests.helpers import form_fields

ORGANISER = "lehrerin@schule.example"


def token(client, url: str) -> str:
    return form_fields(client.get(url).get_data(as_text=True))["csrf_token"]


def make_group(client, name: str = "Klasse 7b", kind: str = "school_class", locality_slug: str | None = "farsleben") -> Group:
    locality = db.session.scalars(select(Locality).where(Locality.slug == locality_slug)).one() if locality_slug else None
    response = client.post("/verwaltung/gruppen/neu", data={
        "csrf_token": token(client, "/verwaltung/gruppen/neu"), "name": name, "kind": kind,
        "locality": str(locality.id) if locality else "", "expected_size": "25",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalars(select(Group).where(Group.name == name)).one()


def make_poll(client, group: Group, template: str = "school_digital_life", open_it: bool = True) -> GroupPoll:
    page = f"/verwaltung/gruppen/{group.id}"
    response = client.post(f"{page}/umfragen/neu", data={"csrf_token": token(client, page), "template": template, "title": ""})
    assert response.status_code == 302, response.status_code
    poll_id = int(re.search(r"/umfragen/(\d+)$", response.location).group(1))
    if open_it:
        change_status(client, poll_id, "open")
    return db.session.get(GroupPoll, poll_id)


def change_status(client, poll_id: int, target: str):
    url = f"/verwaltung/gruppen/umfragen/{poll_id}"
    response = client.post(f"{url}/status", data={"csrf_token": token(client, url), "target": target})
    assert response.status_code == 302, response.status_code
    db.session.expire_all()
    return client.get(url)


def school_answers(poll: GroupPoll, choice: int = 0, scale: str = "4") -> dict:
    """Answers to the school template's five questions (one page)."""
    questions = db.session.scalars(
        select(Question).join(Question.page).where(Question.page.has(survey_id=poll.survey_id)).order_by(Question.position)
    ).all()
    internet, wifi, wishes, informed, first = questions
    return {
        f"q{internet.id}": str(internet.options[choice].id),
        f"q{wifi.id}": scale,
        f"q{wishes.id}": [str(wishes.options[0].id), str(wishes.options[choice + 1].id)],
        f"q{informed.id}": "3",
        f"q{first.id}": "Mehr WLAN",
    }


def join(client, code: str):
    """Type the code at /mitmachen and follow to the poll's intro."""
    response = client.get("/mitmachen", query_string={"code": f"{code[:4]} {code[4:]}"})
    assert response.status_code == 302, response.status_code
    response = client.get(response.location)
    assert response.status_code == 302, response.status_code
    return response.location


def answer(client, poll: GroupPoll, answers: dict) -> int:
    """Join, begin, answer the one page and send; the status of the sending."""
    intro = join(client, poll.join_code)
    html = client.get(intro).get_data(as_text=True)
    response = client.post(intro + "/beginnen", data=form_fields(html))
    assert response.status_code == 302, response.status_code
    html = client.get(response.location).get_data(as_text=True)
    return client.post(intro + "/seite/1", data={**form_fields(html), **answers, "action": "submit"}).status_code
