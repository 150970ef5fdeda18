"""Dot voting under concurrent clicks, on SQLite and PostgreSQL: a room of 30 phones voting at
once gives exact totals, nobody is over the limit, the per-card maximum holds, and one phone
clicking everything at once still has exactly its dots."""

import re

import pytest

from tests.groups.poll_steps import token
from tests.groups.workshop_steps import (  # noqa: F401 (fixture)
    all_at_once, cards_of, current_stage, dot_forms, dots_by_card, dots_per_phone, facilitator, join, page_of,
    phone_page, room_card, start_workshop, switch, voters,
)
from tests.ideas.steps import twins_of

PHONES = 30
DOTS, MAX_PER_CARD = 5, 2


@pytest.fixture
def room(app, facilitator):
    """A workshop in its dot voting: 6 cards, 5 dots per phone, at most 2 of them on one card."""
    workshop = start_workshop(facilitator, dots=str(DOTS), max_per_card=str(MAX_PER_CARD))
    for number in range(6):
        room_card(facilitator, workshop, f"Karte Nummer {number + 1}")
    switch(facilitator, workshop, "punktabfrage")
    return workshop, [card.id for card in cards_of(workshop)]


def _phone(app, workshop) -> tuple:
    phone = app.test_client()
    join(phone, workshop)
    fields = next(iter(dot_forms(phone_page(phone, workshop)).values()))
    return phone, fields


def _giving(phone, workshop, fields, attempts):
    """Send the (card, dot number) attempts one after the other, as a phone tapping quickly."""
    url = f"/werkstatt/{workshop.id}/punkt"  # read here: the threads have no app context for the ORM

    def run():
        return [phone.post(url, data={**fields, "card": str(card), "dot": str(dot)}).status_code for card, dot in attempts]
    return run


def test_a_room_of_30_phones_votes_at_once_with_exact_totals(app, room):
    workshop, cards = room
    stage = current_stage(workshop)
    # Every phone tries 8 dots: a third one on the first card (over the maximum per card) and two
    # beyond its 5 dots; what it may place is exactly 2 + 1 + 1 + 1.
    attempts = [(cards[0], 1), (cards[0], 2), (cards[0], 3), (cards[1], 4), (cards[2], 5), (cards[3], 6),
                (cards[4], 7), (cards[5], 8)]
    phones = [_phone(app, workshop) for _ in range(PHONES)]
    results = all_at_once([_giving(phone, workshop, fields, attempts) for phone, fields in phones])
    assert all(statuses == [302] * len(attempts) for statuses in results), results
    assert dots_by_card(stage.id) == {cards[0]: 2 * PHONES, cards[1]: PHONES, cards[2]: PHONES, cards[3]: PHONES}
    per_phone = dots_per_phone(stage.id)
    assert len(per_phone) == PHONES
    for dots in per_phone.values():
        assert sorted(number for number, _card in dots) == [1, 2, 3, 4, 5]
        assert [card for _number, card in sorted(dots)] == [cards[0], cards[0], cards[1], cards[2], cards[3]]
    assert set(voters(stage.id).values()) == {DOTS}
    assert app.test_client().get(f"/werkstatt/{workshop.id}").status_code == 302, "without the code, no way in"


def test_one_phone_clicking_everything_at_once_has_exactly_its_dots(app, room):
    workshop, cards = room
    stage = current_stage(workshop)
    phone, fields = _phone(app, workshop)
    # Double taps (the same form twice), taps on other cards with the page's one next number,
    # and more taps than dots, all at the same moment from the same session.
    clicks = [(cards[index % 6], 1 + index % 3) for index in range(14)] + [(cards[0], 1)] * 4
    twins = twins_of(app, phone, len(clicks))
    give, take = f"/werkstatt/{workshop.id}/punkt", f"/werkstatt/{workshop.id}/punkt/zurueck"
    statuses = all_at_once([
        (lambda twin=twin, card=card, dot=dot: twin.post(give,
                                                         data={**fields, "card": str(card), "dot": str(dot)}).status_code)
        for twin, (card, dot) in zip(twins, clicks)
    ])
    assert statuses == [302] * len(clicks)
    (dots,) = dots_per_phone(stage.id).values()
    assert sorted(number for number, _card in dots) == list(range(1, DOTS + 1)), dots
    on_cards = [card for _number, card in dots]
    assert max(on_cards.count(card) for card in set(on_cards)) <= MAX_PER_CARD
    assert list(voters(stage.id).values()) == [DOTS]
    # Taking back at once: the same form many times takes one dot, different ones take theirs.
    html = phone_page(phone, workshop)
    back = dot_forms(html, "punkt/zurueck")
    card, form = next(iter(back.items()))
    statuses = all_at_once([
        (lambda twin=twin: twin.post(take, data=form).status_code)
        for twin in twins_of(app, phone, 8)
    ])
    assert statuses == [302] * 8
    (dots,) = dots_per_phone(stage.id).values()
    assert len(dots) == DOTS - 1 and list(voters(stage.id).values()) == [DOTS - 1]


def test_limits_changed_while_phones_vote_never_drop_or_exceed_dots(app, room, facilitator):
    workshop, cards = room
    stage = current_stage(workshop)
    phones = [_phone(app, workshop) for _ in range(10)]
    attempts = [(cards[index], index + 1) for index in range(6)]
    url = f"{page_of(workshop)}/einstellungen"
    csrf, title = token(facilitator, url), workshop.title

    def lower():
        return facilitator.post(url, data={"csrf_token": csrf, "title": title, "dots_per_participant": "3",
                                           "max_dots_per_card": "1"}).status_code

    results = all_at_once([_giving(phone, workshop, fields, attempts) for phone, fields in phones] + [lower])
    assert results[-1] == 302
    per_phone = dots_per_phone(stage.id)
    used = voters(stage.id)
    for participant, dots in per_phone.items():
        # Whatever a phone got before the change stays; it never exceeds the old limit, and the
        # counter always equals the dots it holds.
        assert 3 <= len(dots) <= DOTS and used[participant] == len(dots)
        assert len({card for _number, card in dots}) == len(dots), "one dot per card: the attempts go to six cards"
    assert sum(dots_by_card(stage.id).values()) == sum(used.values())
    html = facilitator.get(page_of(workshop)).get_data(as_text=True)
    assert re.search(r"Jede Person hat 3 Punkte, höchstens 1 auf einer Karte", html)
