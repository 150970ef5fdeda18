"""The live workshop without JavaScript, through the pages: start it, join with the code, post
cards, move through phases and rounds, vote with dots, take them back, dots from the room."""

from sqlalchemy import select

from participation.extensions import db
from participation.groups.models import Group
from participation.groups.workshop_models import Workshop, WorkshopCard
from participation.staff.models import AuditEvent
from tests.groups.poll_steps import token
from tests.groups.workshop_steps import (  # noqa: F401 (fixture)
    card_form, cards_of, current_stage, dot_forms, dots_by_card, facilitator, give_dot, go_to_phase, join, page_of,
    phone_page, post_card, room_card, start_workshop, switch, take_back, voters,
)


def test_a_facilitator_starts_a_workshop_and_the_room_posts_cards(app, facilitator):
    html = facilitator.get(f"/verwaltung/gruppen/{facilitator.group.id}").get_data(as_text=True)
    assert "Neue Werkstatt" in html and "Noch keine Werkstatt." in html
    workshop = start_workshop(facilitator)
    html = facilitator.get(page_of(workshop)).get_data(as_text=True)
    assert f"{workshop.join_code[:4]} {workshop.join_code[4:]}" in html and "<svg" in html
    assert "Kritikphase · Runde 1" in html and "Sammeln öffnen" in html

    phone = app.test_client()
    join(phone, workshop)
    assert "Gerade gibt es nichts zu tun" in phone_page(phone, workshop)
    switch(facilitator, workshop, "sammeln")
    html = phone_page(phone, workshop)
    assert "Was stört Sie?" in html and "Karte abschicken" in html

    hidden = card_form(phone, workshop)
    response = post_card(phone, workshop, "Das Internet in Farsleben ist abends zu langsam", hidden)
    assert response.status_code == 302 and response.location.endswith(f"/werkstatt/{workshop.id}#karte-schreiben")
    assert "Ihre Karte hängt an der Wand" in phone.get(response.location).get_data(as_text=True)
    # The same form again (a double tap, a retry on a weak connection) stores nothing more.
    assert post_card(phone, workshop, "Das Internet in Farsleben ist abends zu langsam", hidden).status_code == 302
    assert "Ihre Karte war schon angekommen" in phone_page(phone, workshop)
    assert [card.text for card in cards_of(workshop)] == ["Das Internet in Farsleben ist abends zu langsam"]
    assert cards_of(workshop)[0].source == "phone"

    assert room_card(facilitator, workshop, "Kein WLAN im Jugendclub").status_code == 302
    html = facilitator.get(page_of(workshop)).get_data(as_text=True)
    assert "2 Karten in dieser Runde" in html and "Kein WLAN im Jugendclub" in html and "aus dem Raum" in html
    assert {event.action for event in db.session.scalars(select(AuditEvent))} >= {
        "workshop.create", "workshop.collecting", "workshop.card.add"}


def test_a_browser_without_the_code_is_sent_to_the_code_form(app, facilitator):
    workshop = start_workshop(facilitator)
    stranger = app.test_client()
    response = stranger.get(f"/werkstatt/{workshop.id}")
    assert response.status_code == 302 and response.location == "/mitmachen"
    assert stranger.post(f"/werkstatt/{workshop.id}/karte", data={"text": "Hallo"}).status_code == 400
    response = stranger.post(f"/werkstatt/{workshop.id}/karte",
                             data={"text": "Hallo", "csrf_token": token(stranger, "/verwaltung/anmelden")})
    assert response.status_code == 302 and response.location == "/mitmachen"
    assert stranger.get("/m/12345678/werkstatt").status_code == 404
    assert not cards_of(workshop)


def test_personal_data_on_a_card_is_refused_or_needs_a_confirmation(app, facilitator):
    workshop = start_workshop(facilitator)
    switch(facilitator, workshop, "sammeln")
    phone = app.test_client()
    join(phone, workshop)
    response = post_card(phone, workshop, "Schreibt mir: anna.meier@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "keine E-Mail-Adressen" in html and "anna.meier@example.org" in html
    response = post_card(phone, workshop, "Ruft an: 0391 1234567")
    assert response.status_code == 422 and "Telefonnummern" in response.get_data(as_text=True)
    hidden = card_form(phone, workshop)
    response = post_card(phone, workshop, "Ampel Bahnhofstraße 5 ist zu kurz grün", hidden)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "eine Anschrift" in html and 'id="personal-hint"' in html
    assert not cards_of(workshop)
    response = post_card(phone, workshop, "Ampel Bahnhofstraße 5 ist zu kurz grün", hidden, confirm_personal="y")
    assert response.status_code == 302
    assert [card.text for card in cards_of(workshop)] == ["Ampel Bahnhofstraße 5 ist zu kurz grün"]


def test_a_card_written_for_one_round_stays_out_of_the_next(app, facilitator):
    workshop = start_workshop(facilitator)
    switch(facilitator, workshop, "sammeln")
    phone = app.test_client()
    join(phone, workshop)
    hidden = card_form(phone, workshop)
    go_to_phase(facilitator, workshop, "fantasy")
    response = post_card(phone, workshop, "Der Bus fährt zu selten", hidden)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "Der Bus fährt zu selten" in html and "Es wäre toll, wenn" in html
    assert not cards_of(workshop)
    # Sent again from the page it got back, the card lands in the round that is on now.
    again = {**hidden, **{key: value for key, value in card_form(phone, workshop).items() if key == "stage"}}
    assert post_card(phone, workshop, "Es wäre toll, wenn der Bus öfter führe", again).status_code == 302
    assert cards_of(workshop)[0].stage_id == current_stage(workshop).id


def test_phases_and_rounds(app, facilitator):
    workshop = start_workshop(facilitator)
    first = current_stage(workshop)
    room_card(facilitator, workshop, "Die Website der Stadt ist unübersichtlich")
    go_to_phase(facilitator, workshop, "fantasy")
    fantasy = current_stage(workshop)
    assert (fantasy.phase, fantasy.number) == ("fantasy", 1)
    assert db.session.get(Workshop, workshop.id).collecting, "a new round begins by collecting"
    go_to_phase(facilitator, workshop, "critique")
    assert current_stage(workshop).id == first.id and not db.session.get(Workshop, workshop.id).collecting
    go_to_phase(facilitator, workshop, "critique", new_round=True)
    assert (current_stage(workshop).phase, current_stage(workshop).number) == ("critique", 2)
    go_to_phase(facilitator, workshop, "critique", new_round=True)  # a double click: round 2 is still empty
    assert (current_stage(workshop).phase, current_stage(workshop).number) == ("critique", 2)
    html = facilitator.get(page_of(workshop)).get_data(as_text=True)
    assert "Alle Runden" in html and "Kritikphase, Runde 2" in html
    # An earlier round can be looked at without moving the room, and the room brought back to it.
    html = facilitator.get(f"{page_of(workshop)}/runde/{first.id}").get_data(as_text=True)
    assert "Sie sehen eine frühere Runde" in html and "Die Website der Stadt ist unübersichtlich" in html
    url = f"{page_of(workshop)}/runde/{first.id}"
    response = facilitator.post(f"{url}/wechseln", data={"csrf_token": token(facilitator, url)})
    assert response.status_code == 302 and current_stage(workshop).id == first.id
    assert facilitator.post(f"{page_of(workshop)}/phase", data={
        "csrf_token": token(facilitator, page_of(workshop)), "phase": "preparation"}).status_code == 400


def _voting_room(app, facilitator, dots="3", max_per_card="2", cards=("Mehr Busse am Abend", "Freies WLAN am Markt", "Online-Termine im Bürgerbüro")):
    workshop = start_workshop(facilitator, dots=dots, max_per_card=max_per_card)
    for text in cards:
        room_card(facilitator, workshop, text)
    switch(facilitator, workshop, "punktabfrage")
    phone = app.test_client()
    join(phone, workshop)
    return workshop, phone, [card.id for card in cards_of(workshop)]


def test_dots_are_given_once_per_form_within_the_limits_and_taken_back(app, facilitator):
    workshop, phone, (bus, wifi, office) = _voting_room(app, facilitator)
    stage = current_stage(workshop)
    html = phone_page(phone, workshop)
    assert "Sie haben noch 3 Punkte von 3." in html and "Höchstens 2 Punkte auf einer Karte." in html
    forms = dot_forms(html)
    response = give_dot(phone, workshop, bus, forms[bus])
    assert response.status_code == 302 and response.location.endswith(f"#karte-{bus}")
    # The same form sent again is the same dot: nothing more.
    give_dot(phone, workshop, bus, forms[bus])
    assert dots_by_card(stage.id) == {bus: 1}
    assert "Dieser Punkt lag schon auf der Karte" in phone_page(phone, workshop)
    give_dot(phone, workshop, bus)
    html = phone_page(phone, workshop)
    assert bus not in dot_forms(html), "a card holding the maximum offers no more dots"
    stale = {**dot_forms(html)[wifi], "card": str(bus), "dot": "3"}
    give_dot(phone, workshop, bus, stale)
    assert "höchstens 2 Punkte" in phone_page(phone, workshop)
    give_dot(phone, workshop, wifi)
    assert dots_by_card(stage.id) == {bus: 2, wifi: 1}
    html = phone_page(phone, workshop)
    assert "Sie haben noch 0 Punkte von 3." in html and not dot_forms(html)
    give_dot(phone, workshop, office, {**stale, "card": str(office), "dot": "4"})
    assert "alle Ihre Punkte vergeben" in phone_page(phone, workshop)
    assert dots_by_card(stage.id) == {bus: 2, wifi: 1}

    back = dot_forms(phone_page(phone, workshop), "punkt/zurueck")[bus]
    assert take_back(phone, workshop, bus, back).status_code == 302
    take_back(phone, workshop, bus, back)  # the same form again takes nothing more
    assert dots_by_card(stage.id) == {bus: 1, wifi: 1}
    give_dot(phone, workshop, office)
    assert dots_by_card(stage.id) == {bus: 1, wifi: 1, office: 1}
    assert list(voters(stage.id).values()) == [3]
    html = facilitator.get(page_of(workshop)).get_data(as_text=True)
    assert "1 Handy hat in dieser Runde Punkte vergeben: 3 Punkte" in html

    switch(facilitator, workshop, "punktabfrage", False)
    html = phone_page(phone, workshop)
    assert "Punkt geben" not in html and "Punkt zurücknehmen" not in html
    take_back(phone, workshop, bus, {**back, "dot": "1"})
    assert "nicht offen" in phone_page(phone, workshop)
    assert sum(dots_by_card(stage.id).values()) == 3


def test_lowering_the_limits_keeps_every_dot_and_says_so(app, facilitator):
    workshop, phone, (bus, wifi, office) = _voting_room(app, facilitator, dots="4", max_per_card="")
    stage = current_stage(workshop)
    for card in (bus, bus, bus, wifi):
        give_dot(phone, workshop, card)
    url = f"{page_of(workshop)}/einstellungen"
    response = facilitator.post(url, data={"csrf_token": token(facilitator, url), "title": workshop.title,
                                           "dots_per_participant": "2", "max_dots_per_card": "1"})
    assert response.status_code == 302
    html = facilitator.get(response.location).get_data(as_text=True)
    assert "1 Person hat in dieser Runde schon mehr Punkte vergeben" in html
    assert "Auf 1 Karte liegen schon mehr Punkte einer Person" in html
    assert dots_by_card(stage.id) == {bus: 3, wifi: 1}, "dots given before stay"
    html = phone_page(phone, workshop)
    assert "Sie haben noch 0 Punkte von 2." in html and not dot_forms(html)
    take_back(phone, workshop, bus)
    take_back(phone, workshop, bus)
    assert dots_by_card(stage.id) == {bus: 1, wifi: 1}
    assert not dot_forms(phone_page(phone, workshop)), "2 of 2 used: still none to give"
    take_back(phone, workshop, wifi)
    give_dot(phone, workshop, office)
    assert dots_by_card(stage.id) == {bus: 1, office: 1}
    response = facilitator.post(url, data={"csrf_token": token(facilitator, url), "title": "", "dots_per_participant": "0"})
    assert response.status_code == 422


def test_dots_from_the_room_and_a_card_taken_off_the_wall(app, facilitator):
    workshop, phone, (bus, wifi, office) = _voting_room(app, facilitator)
    stage = current_stage(workshop)
    give_dot(phone, workshop, bus)
    give_dot(phone, workshop, wifi)
    url = page_of(workshop)
    response = facilitator.post(f"{url}/runde/{stage.id}/raumpunkte", data={
        "csrf_token": token(facilitator, url), f"card_{bus}": "4", f"card_{wifi}": "0", f"card_{office}": "2"})
    assert response.status_code == 302
    assert {card.id: card.room_dots for card in cards_of(workshop)} == {bus: 4, wifi: 0, office: 2}
    html = facilitator.get(url).get_data(as_text=True)
    assert "5 Punkte" in html and "davon 4 aus dem Raum" in html
    response = facilitator.post(f"{url}/runde/{stage.id}/raumpunkte", data={"csrf_token": token(facilitator, url), f"card_{bus}": "-1"})
    assert response.status_code == 422
    # Taking a card off the wall gives its phone dots back.
    response = facilitator.post(f"{url}/karten/{bus}/abnehmen", data={"csrf_token": token(facilitator, url)})
    assert response.status_code == 302
    assert [card.id for card in cards_of(workshop)] == [wifi, office]
    assert list(voters(stage.id).values()) == [1]
    assert "Sie haben noch 2 Punkte von 3." in phone_page(phone, workshop)


def test_editing_a_card(app, facilitator):
    workshop = start_workshop(facilitator)
    room_card(facilitator, workshop, "Frau Müller vom Amt ist nie erreichbar")
    card = cards_of(workshop)[0]
    url = f"{page_of(workshop)}/karten/{card.id}"
    assert "Karte bearbeiten" in facilitator.get(url).get_data(as_text=True)
    response = facilitator.post(url, data={"csrf_token": token(facilitator, url), "text": "Das Amt ist schwer erreichbar"})
    assert response.status_code == 302
    assert cards_of(workshop)[0].text == "Das Amt ist schwer erreichbar"
    assert facilitator.post(url, data={"csrf_token": token(facilitator, url), "text": "x" * 281}).status_code == 422


def test_an_ended_workshop_lets_nobody_in(app, facilitator):
    workshop = start_workshop(facilitator)
    phone = app.test_client()
    join(phone, workshop)
    switch(facilitator, workshop, "beenden", False)
    assert phone.get(f"/werkstatt/{workshop.id}").status_code == 410
    assert app.test_client().get(f"/m/{workshop.join_code}/werkstatt").status_code == 410
    switch(facilitator, workshop, "sammeln")
    assert not db.session.get(Workshop, workshop.id).collecting
    switch(facilitator, workshop, "beenden", True)
    assert phone.get(f"/werkstatt/{workshop.id}").status_code == 200


def test_a_group_with_a_workshop_stays_and_an_empty_workshop_can_go(app, facilitator):
    workshop = start_workshop(facilitator)
    room_card(facilitator, workshop, "Zu wenig Informationen online")
    group_page = f"/verwaltung/gruppen/{facilitator.group.id}"
    response = facilitator.post(f"{group_page}/loeschen", data={"csrf_token": token(facilitator, group_page)})
    assert response.status_code == 302 and db.session.get(Group, facilitator.group.id) is not None
    url = f"{page_of(workshop)}/loeschen"
    facilitator.post(url, data={"csrf_token": token(facilitator, url)})
    assert db.session.get(Workshop, workshop.id) is not None, "a workshop with cards stays"
    empty = start_workshop(facilitator, title="Zweiter Termin")
    url, empty_id = f"{page_of(empty)}/loeschen", empty.id
    assert facilitator.post(url, data={"csrf_token": token(facilitator, url)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, empty_id) is None
    html = facilitator.get(group_page).get_data(as_text=True)
    assert "Digitales Farsleben" in html and "Zweiter Termin" not in html


def test_the_workshop_form_reports_its_errors(app, facilitator):
    page = f"/verwaltung/gruppen/{facilitator.group.id}"
    response = facilitator.post(f"{page}/werkstatt/neu", data={"csrf_token": token(facilitator, page), "werkstatt-title": "",
                                                               "werkstatt-dots_per_participant": "99"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Bitte geben Sie der Werkstatt einen Titel." in html
    assert "Bitte eine Zahl von 1 bis 50." in html
    assert not db.session.scalars(select(WorkshopCard)).all()


def test_the_projector_shows_the_round_and_refreshes_with_etags(app, facilitator):
    workshop = start_workshop(facilitator, dots="2")
    room_card(facilitator, workshop, "Mehr Busse am Abend")
    html = facilitator.get(f"{page_of(workshop)}/projektor").get_data(as_text=True)
    assert 'class="projector"' in html and "Mehr Busse am Abend" in html and "Was stört Sie?" in html
    assert "data-refresh-toggle hidden" in html and "Neu laden" in html, "the pause switch, and a reload link without JS"
    state = f"{page_of(workshop)}/projektor/stand"
    first = facilitator.get(state)
    assert first.status_code == 200 and first.mimetype == "text/html" and first.headers["ETag"]
    assert "<html" not in first.get_data(as_text=True), "a fragment, not a page"
    again = facilitator.get(state, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    switch(facilitator, workshop, "punktabfrage")
    phone = app.test_client()
    join(phone, workshop)
    give_dot(phone, workshop, cards_of(workshop)[0].id)
    voting = facilitator.get(state, headers={"If-None-Match": first.headers["ETag"]})
    body = voting.get_data(as_text=True)
    assert voting.status_code == 200 and "Punktabfrage läuft. 1 Punkt vergeben." in body
    assert "sticky-dots" not in body, "no dots per card while the room still votes"
    switch(facilitator, workshop, "punktabfrage", False)
    assert '<span class="sticky-dots">1 Punkt</span>' in facilitator.get(state).get_data(as_text=True)
    assert app.test_client().get(state).status_code == 302, "for the facilitator only"
