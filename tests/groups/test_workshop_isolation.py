"""A facilitator sees and changes only their own workshops: every workshop route under
/verwaltung/gruppen answers another organiser 404, generated from the URL map, so new routes
are covered by themselves. A phone is only in the workshops whose code it typed."""

import re

from sqlalchemy import select

from participation.extensions import db
from participation.groups.workshop_models import Workshop, WorkshopCluster
from tests.groups.poll_steps import make_group, token
from tests.groups.workshop_steps import (  # noqa: F401 (fixture)
    cards_of, current_stage, dot_forms, dots_by_card, facilitator, give_dot, join, page_of, phone_page, room_card,
    start_workshop, switch,
)

OTHER = "vereinsvorsitz@verein.example"


def workshop_routes(app, ids: dict[str, object]):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/verwaltung/gruppen") or "werkstatt" not in rule.rule:
            continue
        assert set(rule.arguments) <= set(ids), f"no example value for {rule.rule}"
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(ids[m.group(1)]), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def _owned_world(facilitator):
    workshop = start_workshop(facilitator)
    room_card(facilitator, workshop, "Kein WLAN in der Schule")
    stage = current_stage(workshop)
    url = f"{page_of(workshop)}/runde/{stage.id}/themen"
    facilitator.post(f"{url}/neu", data={"csrf_token": token(facilitator, url), "title": "WLAN"})
    cluster = db.session.scalars(select(WorkshopCluster)).one()
    return {"group_id": facilitator.group.id, "workshop_id": workshop.id, "stage_id": stage.id,
            "card_id": cards_of(workshop)[0].id, "cluster_id": cluster.id, "name": "karten.csv"}


def test_another_organiser_gets_404_on_every_workshop_route(app, facilitator, make_staff, login):
    ids = _owned_world(facilitator)
    routes = list(workshop_routes(app, ids))
    assert len(routes) >= 25
    for endpoint, method, url in routes:
        if method == "GET":
            response = facilitator.get(url)
            assert response.status_code == 200, (endpoint, url, response.status_code)
    make_staff(OTHER, "organiser", "editor", "moderator", "analyst", "admin")
    other = app.test_client()
    login(other, OTHER)
    make_group(other, name="Sportverein Elbeu", kind="club", locality_slug="elbeu")
    csrf = token(other, "/verwaltung/gruppen/")
    for endpoint, method, url in routes:
        response = other.open(url, method=method, data={"csrf_token": csrf} if method == "POST" else None)
        assert response.status_code == 404, (endpoint, method, url, response.status_code)
    html = other.get("/verwaltung/gruppen/").get_data(as_text=True)
    assert "Zukunftswerkstatt Farsleben" not in html
    # Nothing of the owner's changed.
    assert [card.text for card in cards_of(db.session.get(Workshop, ids["workshop_id"]))] == ["Kein WLAN in der Schule"]


def test_ids_from_another_workshop_are_unknown_in_mine(app, facilitator):
    mine, theirs = start_workshop(facilitator, title="Meine"), start_workshop(facilitator, title="Andere")
    room_card(facilitator, theirs, "Karte der anderen Werkstatt")
    foreign_card, foreign_stage = cards_of(theirs)[0].id, current_stage(theirs).id
    assert facilitator.get(f"{page_of(mine)}/karten/{foreign_card}").status_code == 404
    assert facilitator.get(f"{page_of(mine)}/runde/{foreign_stage}").status_code == 404
    room_card(facilitator, mine, "Karte meiner Werkstatt")
    switch(facilitator, mine, "punktabfrage")
    switch(facilitator, theirs, "punktabfrage")
    phone = app.test_client()
    join(phone, mine)
    fields = next(iter(dot_forms(phone_page(phone, mine)).values()))
    give_dot(phone, mine, foreign_card, {**fields, "card": str(foreign_card)})
    assert "hängt nicht mehr an der Wand" in phone_page(phone, mine)
    give_dot(phone, mine, foreign_card, {**fields, "card": str(foreign_card), "stage": str(foreign_stage)})
    assert dots_by_card(foreign_stage) == {}
    # The phone never typed the other workshop's code: it is not in it.
    response = phone.post(f"/werkstatt/{theirs.id}/punkt", data={**fields, "card": str(foreign_card), "stage": str(foreign_stage)})
    assert response.status_code == 302 and response.location == "/mitmachen"
    assert dots_by_card(foreign_stage) == {}
