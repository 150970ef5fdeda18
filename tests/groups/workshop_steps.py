"""A facilitator and the phones in a workshop room, acting through the pages with the test client."""

import re
import threading
from html import unescape

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.groups.workshop_models import Workshop, WorkshopCard, WorkshopDot, WorkshopStage, WorkshopVoter
from tests.groups.poll_steps import ORGANISER, make_group, token
from tests.helpers import form_fields

FACILITATOR_PAGE = "/verwaltung/gruppen/werkstatt/{id}"


@pytest.fixture
def facilitator(app, demo, make_staff, login):
    """The test client of an organiser with a group (Farsleben)."""
    make_staff(ORGANISER, "organiser")
    client = app.test_client()
    login(client, ORGANISER)
    client.group = make_group(client, name="Zukunftswerkstatt Farsleben", kind="workshop")
    return client


def start_workshop(client, group=None, title="Digitales Farsleben", dots="5", max_per_card="") -> Workshop:
    group = group or client.group
    page = f"/verwaltung/gruppen/{group.id}"
    response = client.post(f"{page}/werkstatt/neu", data={
        "csrf_token": token(client, page), "werkstatt-title": title, "werkstatt-dots_per_participant": dots,
        "werkstatt-max_dots_per_card": max_per_card,
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    workshop_id = int(re.search(r"/werkstatt/(\d+)$", response.location).group(1))
    return db.session.get(Workshop, workshop_id)


def page_of(workshop) -> str:
    return FACILITATOR_PAGE.format(id=workshop.id)


def switch(client, workshop, what: str, is_open: bool = True):
    """Open or close "sammeln", "punktabfrage" or the workshop ("beenden")."""
    url = page_of(workshop)
    response = client.post(f"{url}/{what}", data={"csrf_token": token(client, url), "open": "1" if is_open else "0"})
    assert response.status_code == 302, response.status_code
    db.session.expire_all()
    return response


def go_to_phase(client, workshop, phase: str, new_round: bool = False):
    url = page_of(workshop)
    data = {"csrf_token": token(client, url), "phase": phase}
    if new_round:
        data["new_round"] = "y"
    response = client.post(f"{url}/phase", data=data)
    assert response.status_code == 302, response.status_code
    db.session.expire_all()
    return response


def current_stage(workshop) -> WorkshopStage:
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    return db.session.scalars(select(WorkshopStage).where(
        WorkshopStage.workshop_id == workshop.id, WorkshopStage.phase == workshop.phase, WorkshopStage.number == workshop.round,
    )).one()


def room_card(client, workshop, text: str, stage=None):
    stage = stage or current_stage(workshop)
    url = page_of(workshop)
    fields = form_fields(client.get(url).get_data(as_text=True))
    return client.post(f"{url}/runde/{stage.id}/karten", data={
        "csrf_token": fields["csrf_token"], "submission_key": fields["submission_key"], "text": text,
    })


def join(client, workshop) -> str:
    """Type the code at /mitmachen and follow to the workshop's page; returns its path."""
    response = client.get("/mitmachen", query_string={"code": f"{workshop.join_code[:4]} {workshop.join_code[4:]}"})
    assert response.status_code == 302, response.status_code
    response = client.get(response.location)
    assert response.status_code == 302, response.status_code
    assert response.location == f"/werkstatt/{workshop.id}", response.location
    return response.location


def phone_page(client, workshop) -> str:
    response = client.get(f"/werkstatt/{workshop.id}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def card_form(client, workshop) -> dict:
    html = phone_page(client, workshop)
    block = re.search(r'<form method="post" action="/werkstatt/\d+/karte.*?</form>', html, re.S)
    assert block, "no card form on the phone's page"
    return form_fields(block.group(0))


def post_card(client, workshop, text: str, hidden: dict | None = None, **extra):
    data = {**(hidden if hidden is not None else card_form(client, workshop)), "text": text, **extra}
    return client.post(f"/werkstatt/{workshop.id}/karte", data=data)


def dot_forms(html: str, kind: str = "punkt") -> dict[int, dict]:
    """The page's dot forms by card id: "punkt" gives, "punkt/zurueck" takes back."""
    forms = {}
    for block in re.findall(rf'<form method="post" action="/werkstatt/\d+/{re.escape(kind)}">.*?</form>', html, re.S):
        fields = {name: unescape(value) for name, value in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', block)}
        forms[int(fields["card"])] = fields
    return forms


def give_dot(client, workshop, card_id: int, fields: dict | None = None):
    fields = fields or dot_forms(phone_page(client, workshop))[card_id]
    return client.post(f"/werkstatt/{workshop.id}/punkt", data=fields)


def take_back(client, workshop, card_id: int, fields: dict | None = None):
    fields = fields or dot_forms(phone_page(client, workshop), "punkt/zurueck")[card_id]
    return client.post(f"/werkstatt/{workshop.id}/punkt/zurueck", data=fields)


def cards_of(workshop) -> list[WorkshopCard]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(WorkshopCard).join(WorkshopStage).where(WorkshopStage.workshop_id == workshop.id).order_by(WorkshopCard.id)
    ))


def dots_by_card(stage_id: int) -> dict[int, int]:
    db.session.commit()  # a fresh transaction sees what the requests committed
    rows = db.session.execute(
        select(WorkshopDot.card_id, func.count()).where(WorkshopDot.stage_id == stage_id).group_by(WorkshopDot.card_id)
    )
    return {key: value for key, value in rows}


def dots_per_phone(stage_id: int) -> dict[str, list[tuple[int, int]]]:
    """{participant hash: [(dot number, card id), ...]}"""
    db.session.commit()
    result: dict[str, list] = {}
    for row in db.session.scalars(select(WorkshopDot).where(WorkshopDot.stage_id == stage_id)):
        result.setdefault(row.participant_hash, []).append((row.dot_number, row.card_id))
    return result


def voters(stage_id: int) -> dict[str, int]:
    db.session.commit()
    return {row.participant_hash: row.dots_used for row in db.session.scalars(select(WorkshopVoter).where(WorkshopVoter.stage_id == stage_id))}


def all_at_once(calls) -> list:
    """Run the calls from threads released together; returns their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results
