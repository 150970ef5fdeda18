"""What the workshop stores about the room: card texts and dots, never a person, an address, a
device or a time; and its default rate limits let a room of 30 behind one address work while
stopping a script."""

import pytest
from sqlalchemy import text

from participation.extensions import db
from participation.groups.workshop_models import WorkshopCard, WorkshopDot, WorkshopVoter
from tests.groups.workshop_steps import (  # noqa: F401 (fixture)
    card_form, cards_of, current_stage, dot_forms, dots_by_card, dots_per_phone, facilitator, give_dot, go_to_phase,
    join, phone_page, post_card, room_card, start_workshop, switch,
)
from tests.rate_limits import limited_app, limiter_clock  # noqa: F401 (fixtures)

ADDRESS, AGENT = "203.0.113.77", "Testhandy/1.0 (Farsleben)"
ONE_DATABASE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_cards_and_dots_hold_nothing_about_the_phone(app, facilitator):
    assert set(WorkshopCard.__table__.columns.keys()) == {"id", "stage_id", "text", "source", "cluster_id", "room_dots", "submission_hash"}
    assert set(WorkshopDot.__table__.columns.keys()) == {"stage_id", "participant_hash", "dot_number", "card_id"}
    assert set(WorkshopVoter.__table__.columns.keys()) == {"stage_id", "participant_hash", "dots_used"}
    workshop = start_workshop(facilitator)
    switch(facilitator, workshop, "sammeln")
    phone = app.test_client()
    phone.environ_base.update(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    join(phone, workshop)
    assert post_card(phone, workshop, "Mehr Sitzbänke mit Steckdosen").status_code == 302
    switch(facilitator, workshop, "punktabfrage")
    card = cards_of(workshop)[0].id
    give_dot(phone, workshop, card)
    first = dots_per_phone(current_stage(workshop).id)
    go_to_phase(facilitator, workshop, "critique", new_round=True)
    room_card(facilitator, workshop, "Zweite Runde")
    switch(facilitator, workshop, "punktabfrage")
    give_dot(phone, workshop, cards_of(workshop)[1].id)
    second = dots_per_phone(current_stage(workshop).id)
    assert first.keys().isdisjoint(second.keys()), "one phone's dots of two rounds cannot be linked"
    session_key = None
    with phone.session_transaction() as session:
        session_key = session["workshop_key"]
    dump = []
    for table in ("workshop_cards", "workshop_dots", "workshop_voters", "workshops", "workshop_stages", "audit_events"):
        dump += [str(value) for row in db.session.execute(text(f"SELECT * FROM {table}")) for value in row]
    everything = "\n".join(dump)
    for secret in (ADDRESS, AGENT, session_key, "Testhandy"):
        assert secret not in everything
    assert "Mehr Sitzbänke mit Steckdosen" not in "\n".join(
        str(row.details) for row in db.session.execute(text("SELECT details FROM audit_events"))), "no card texts in the audit log"


@ONE_DATABASE
def test_a_room_of_30_behind_one_address_is_never_stopped(limited_app, limiter_clock, facilitator):
    workshop = start_workshop(facilitator, dots="5")
    switch(facilitator, workshop, "sammeln")
    phones = [limited_app.test_client() for _ in range(30)]
    for phone in phones:
        join(phone, workshop)
    for round_number in range(3):  # everyone writes three cards within the same minute
        for number, phone in enumerate(phones):
            assert post_card(phone, workshop, f"Karte {round_number} von Handy {number}").status_code == 302
    switch(facilitator, workshop, "sammeln", False)
    switch(facilitator, workshop, "punktabfrage")
    cards = [card.id for card in cards_of(workshop)]
    assert len(cards) == 90
    limiter_clock.advance(20)
    for number, phone in enumerate(phones):  # and gives 5 dots and changes its mind twice
        fields = next(iter(dot_forms(phone_page(phone, workshop)).values()))
        url = f"/werkstatt/{workshop.id}/punkt"
        statuses = [phone.post(url, data={**fields, "card": str(cards[(number + dot) % 90]), "dot": str(dot)}).status_code
                    for dot in range(1, 6)]
        back = dot_forms(phone_page(phone, workshop), "punkt/zurueck")
        statuses += [phone.post(url + "/zurueck", data=form).status_code for form in list(back.values())[:2]]
        assert statuses == [302] * 7
    assert sum(dots_by_card(current_stage(workshop).id).values()) == 30 * 3


@ONE_DATABASE
def test_a_script_that_keeps_its_cookie_is_stopped(limited_app, limiter_clock, facilitator):
    workshop = start_workshop(facilitator)
    switch(facilitator, workshop, "sammeln")
    script = limited_app.test_client()
    join(script, workshop)
    hidden = card_form(script, workshop)
    statuses = [post_card(script, workshop, f"Spam {number}", {**hidden, "submission_key": f"{number:032d}"}).status_code
                for number in range(11)]
    assert statuses == [302] * 10 + [429]  # RATELIMIT_WORKSHOP_CARD: 10 a minute per browser
    assert len(cards_of(workshop)) == 10
