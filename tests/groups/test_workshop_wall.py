"""Work on the wall without JavaScript: topics, life areas, suggestions, the fantasy's ideas carried
into the realisation, and cards handed to the idea board with their dots."""

import re

from sqlalchemy import select

from participation.extensions import db
from participation.groups.workshop_models import WorkshopCluster, WorkshopIdea
from participation.ideas.models import Idea
from participation.localities.models import LifeArea
from tests.groups.poll_steps import token
from tests.groups.workshop_steps import (  # noqa: F401 (fixture)
    cards_of, current_stage, facilitator, give_dot, go_to_phase, join, page_of, room_card, start_workshop, switch,
)

CARDS = (
    "Das Internet in Farsleben ist abends zu langsam",
    "Langsames Internet am Abend",
    "Der Bus fährt am Wochenende zu selten",
    "Busse fahren abends selten",
    "Formulare der Stadt nur auf Papier",
)


def _topics_url(workshop, stage) -> str:
    return f"{page_of(workshop)}/runde/{stage.id}/themen"


def _workshop_with_cards(facilitator, cards=CARDS):
    workshop = start_workshop(facilitator)
    for text in cards:
        assert room_card(facilitator, workshop, text).status_code == 302
    return workshop, current_stage(workshop)


def _area(slug: str) -> LifeArea:
    return db.session.scalars(select(LifeArea).where(LifeArea.slug == slug)).one()


def test_topics_are_made_filled_and_tagged_through_forms(app, facilitator):
    workshop, stage = _workshop_with_cards(facilitator)
    internet, slow, bus, buses, paper = (card.id for card in cards_of(workshop))
    url = _topics_url(workshop, stage)
    response = facilitator.post(f"{url}/neu", data={"csrf_token": token(facilitator, url), "title": "Formulare online"})
    assert response.status_code == 302
    topic = db.session.scalars(select(WorkshopCluster)).one()
    html = facilitator.get(url).get_data(as_text=True)
    assert f'<select id="card_{paper}" name="card_{paper}">' in html
    response = facilitator.post(f"{url[:-len('/themen')]}/zuordnung", data={"csrf_token": token(facilitator, url), f"card_{paper}": str(topic.id)})
    assert response.status_code == 302
    assert {card.id: card.cluster_id for card in cards_of(workshop)}[paper] == topic.id
    assert sum(card.cluster_id is not None for card in cards_of(workshop)) == 1, "fields not sent stay as they were"
    response = facilitator.post(f"{url[:-len('/themen')]}/zuordnung", data={"csrf_token": token(facilitator, url), f"card_{bus}": "999999"})
    assert response.status_code == 422

    edit = f"{page_of(workshop)}/themen/{topic.id}"
    assert "Lebensbereiche" in facilitator.get(edit).get_data(as_text=True)
    areas = [_area("digitales-rathaus").id, _area("digitale-teilhabe").id]
    response = facilitator.post(edit, data={"csrf_token": token(facilitator, edit), "title": "Formulare im Internet",
                                            "life_areas": [str(area) for area in areas]})
    assert response.status_code == 302
    db.session.expire_all()
    topic = db.session.get(WorkshopCluster, topic.id)
    assert topic.title == "Formulare im Internet" and sorted(area.id for area in topic.life_areas) == sorted(areas)
    html = facilitator.get(page_of(workshop)).get_data(as_text=True)
    assert "Formulare im Internet" in html and "Ohne Thema" in html

    # Suggestions group the cards that share words; taking one makes the topic with its cards.
    html = facilitator.get(url).get_data(as_text=True)
    suggested = re.findall(r'name="cards" value="([0-9,]+)">.*?name="title" value="([^"]*)"', html, re.S)
    assert sorted(suggested) == sorted([(f"{internet},{slow}", "Internet, Abend, langsam"), (f"{bus},{buses}", "Bus, selten")])
    response = facilitator.post(f"{url[:-len('/themen')]}/vorschlag", data={"csrf_token": token(facilitator, url),
                                                          "cards": f"{bus},{buses}", "title": "Busverbindungen"})
    assert response.status_code == 302
    bus_topic = db.session.scalars(select(WorkshopCluster).where(WorkshopCluster.title == "Busverbindungen")).one()
    assert [card.cluster_id for card in cards_of(workshop) if card.id in (bus, buses)] == [bus_topic.id] * 2
    # A suggestion whose cards have a topic by now is stale: nothing happens.
    response = facilitator.post(f"{url[:-len('/themen')]}/vorschlag", data={"csrf_token": token(facilitator, url),
                                                          "cards": f"{bus},{buses}", "title": "Noch einmal"})
    assert response.status_code == 302 and len(db.session.scalars(select(WorkshopCluster)).all()) == 2

    response = facilitator.post(f"{page_of(workshop)}/themen/{bus_topic.id}/loeschen", data={"csrf_token": token(facilitator, url)})
    assert response.status_code == 302
    assert [card.cluster_id for card in cards_of(workshop) if card.id in (bus, buses)] == [None, None]


def test_the_fantasys_best_ideas_are_checked_in_the_realisation(app, facilitator):
    workshop = start_workshop(facilitator, dots="2")
    go_to_phase(facilitator, workshop, "fantasy")
    for text in ("Es wäre toll, wenn es ein Bürgerportal gäbe", "Es wäre toll, wenn der Markt WLAN hätte"):
        room_card(facilitator, workshop, text)
    portal, wifi = (card.id for card in cards_of(workshop))
    switch(facilitator, workshop, "punktabfrage")
    phone = app.test_client()
    join(phone, workshop)
    give_dot(phone, workshop, wifi)
    give_dot(phone, workshop, wifi)
    go_to_phase(facilitator, workshop, "realisation")
    stage = current_stage(workshop)
    url = _topics_url(workshop, stage)
    html = facilitator.get(url).get_data(as_text=True)
    assert "Ideen aus der Phantasiephase prüfen" in html
    assert html.index("der Markt WLAN hätte (2 Punkte)") < html.index("ein Bürgerportal gäbe (0 Punkte)")
    for _ in range(2):  # carrying the same ideas twice adds them once
        response = facilitator.post(f"{url[:-len('/themen')]}/uebernehmen", data={"csrf_token": token(facilitator, url), "cards": [str(wifi)]})
        assert response.status_code == 302
    carried = [card for card in cards_of(workshop) if card.stage_id == stage.id]
    assert [card.text for card in carried] == ["Es wäre toll, wenn der Markt WLAN hätte"]

    facilitator.post(f"{url}/neu", data={"csrf_token": token(facilitator, url), "title": "WLAN am Markt"})
    measure = db.session.scalars(select(WorkshopCluster).where(WorkshopCluster.stage_id == stage.id)).one()
    edit = f"{page_of(workshop)}/themen/{measure.id}"
    assert "Wer macht es?" in facilitator.get(edit).get_data(as_text=True)
    response = facilitator.post(edit, data={"csrf_token": token(facilitator, edit), "title": "WLAN am Markt",
                                            "note": "Kosten klären; Router im Rathaus vorhanden", "who": "Verwaltung mit dem Gewerbeverein",
                                            "due": "bis zum Stadtfest"})
    assert response.status_code == 302
    html = facilitator.get(url).get_data(as_text=True)
    assert "Verwaltung mit dem Gewerbeverein" in html and "bis zum Stadtfest" in html


def test_cards_are_handed_to_the_idea_board_with_their_dots(app, facilitator):
    from participation.demo.ideas import load_demo_ideas
    from participation.core.clock import town_today

    with app.test_request_context():
        load_demo_ideas(town_today())
        db.session.commit()
    workshop, stage = _workshop_with_cards(facilitator, CARDS[:3])
    internet, slow, bus = (card.id for card in cards_of(workshop))
    url = _topics_url(workshop, stage)
    facilitator.post(f"{url}/neu", data={"csrf_token": token(facilitator, url), "title": "Internet"})
    topic = db.session.scalars(select(WorkshopCluster)).one()
    facilitator.post(f"{url[:-len('/themen')]}/zuordnung", data={"csrf_token": token(facilitator, url), f"card_{internet}": str(topic.id)})
    edit = f"{page_of(workshop)}/themen/{topic.id}"
    infrastructure = _area("digitale-infrastruktur")
    facilitator.post(edit, data={"csrf_token": token(facilitator, edit), "title": "Internet", "life_areas": [str(infrastructure.id)]})
    switch(facilitator, workshop, "punktabfrage")
    phone = app.test_client()
    join(phone, workshop)
    for card in (internet, internet, bus):
        give_dot(phone, workshop, card)

    handover = f"{page_of(workshop)}/ideen"
    html = facilitator.get(handover).get_data(as_text=True)
    assert "Farsleben" in html and html.index(CARDS[0]) < html.index(CARDS[2]) < html.index(CARDS[1]), "by dots"
    response = facilitator.post(handover, data={"csrf_token": token(facilitator, handover), "cards": [str(internet), str(bus)]})
    assert response.status_code == 422 and "Lebensbereich" in response.get_data(as_text=True)
    mobility = _area("mobilitaet-verkehr")
    data = {"csrf_token": token(facilitator, handover), "cards": [str(internet), str(bus)], "life_area": str(mobility.id)}
    assert facilitator.post(handover, data=data).status_code == 302
    ideas = {origin.card_id: (db.session.get(Idea, origin.idea_id), origin.dots) for origin in db.session.scalars(select(WorkshopIdea))}
    assert {card_id: dots for card_id, (_idea, dots) in ideas.items()} == {internet: 2, bus: 1}
    idea, _dots = ideas[internet]
    assert idea.title == CARDS[0] and idea.body == CARDS[0] and idea.life_area_id == infrastructure.id
    assert ideas[bus][0].life_area_id == mobility.id
    assert idea.board.locality.slug == "farsleben" and idea.locality.slug == "farsleben"
    assert idea.moderation == "pending", "moderated like every idea of its board"

    # Handing over again after more dots adds no idea and brings the dots up to date.
    give_dot(phone, workshop, bus)
    data["csrf_token"] = token(facilitator, handover)
    assert facilitator.post(handover, data=data).status_code == 302
    db.session.expire_all()
    assert len(db.session.scalars(select(WorkshopIdea)).all()) == 2
    assert db.session.get(WorkshopIdea, ideas[bus][0].id).dots == 2
    assert "schon Idee Nr." in facilitator.get(handover).get_data(as_text=True)

    idea.moderation = "approved"
    db.session.commit()
    html = app.test_client().get(f"/ideen/idee/{idea.id}").get_data(as_text=True)
    assert "Aus der Zukunftswerkstatt · 2 Punkte" in html
