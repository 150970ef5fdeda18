"""Posting an idea without an account: checks, hints, the private follow link, idempotency."""

import re

from sqlalchemy import func, inspect, select

from participation.extensions import db
from participation.ideas.models import Idea
from tests.helpers import summary_links
from tests.ideas.steps import VALID, follow_link, newest_idea, open_form, post_idea


def count_ideas() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Idea))


def test_a_posted_idea_waits_for_moderation_and_the_author_can_follow_it(client, boards):
    before = count_ideas()
    response = post_idea(client, display_name="Uwe")
    assert response.status_code == 302
    link = follow_link(client, response)
    assert count_ideas() == before + 1
    idea = newest_idea()
    assert (idea.moderation, idea.status, idea.display_name) == ("pending", "received", "Uwe")
    assert idea.locality_id is None and idea.life_area.slug == "digitale-infrastruktur"

    board = client.get("/ideen/ganze-stadt").get_data(as_text=True)
    assert VALID["title"] not in board, "pre-moderation: not public before approval"
    assert client.get(f"/ideen/idee/{idea.id}").status_code == 404

    page = client.get(link).get_data(as_text=True)
    assert VALID["title"] in page and "wartet noch auf die Moderation" in page


def test_the_follow_link_is_shown_once_and_only_its_keyed_hash_is_stored(client, boards):
    response = post_idea(client)
    link = follow_link(client, response)
    token = link.split("schluessel=")[1]
    assert token not in client.get(response.location).get_data(as_text=True), "shown a second time"
    idea = newest_idea()
    assert token not in idea.follow_hash and len(idea.follow_hash) == 64
    for table in ("ideas", "idea_supports", "idea_reports", "idea_comments"):
        stored = " ".join(str(value) for row in db.session.execute(db.metadata.tables[table].select()) for value in row)
        assert token not in stored, table


def test_an_unknown_follow_link_gets_a_clear_404(client, boards):
    response = client.get("/ideen/verfolgen?schluessel=" + "x" * 43)
    assert response.status_code == 404
    assert "Diesen Link kennen wir nicht" in response.get_data(as_text=True)
    assert client.get("/ideen/verfolgen").status_code == 404


def test_nothing_about_the_author_is_stored(client, boards):
    post_idea(client, headers={"User-Agent": "Testbrowser/1.0"})
    columns = {column["name"]: column for column in inspect(db.engine).get_columns("ideas")}
    assert not set(columns) & {"ip", "ip_address", "remote_addr", "user_agent", "created_at", "timestamp", "session"}
    assert str(columns["created_on"]["type"]).upper() == "DATE", "the day only, never a time"
    stored = " ".join(str(value) for value in db.session.execute(select(Idea.__table__).order_by(Idea.id.desc())).first())
    assert "127.0.0.1" not in stored and "Testbrowser" not in stored


def test_the_same_form_sent_twice_stores_one_idea_and_shows_the_same_link(client, boards):
    hidden = open_form(client)
    first = follow_link(client, post_idea(client, hidden=hidden))
    before = count_ideas()
    second = follow_link(client, post_idea(client, hidden=hidden))
    assert first == second
    assert count_ideas() == before


def test_missing_fields_are_named_and_what_was_typed_is_kept(client, boards):
    response = post_idea(client, title="", life_area="", body="Kurzer Text, aber lang genug für eine Idee.")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert [href for href, _ in summary_links(html)] == ["#title", "#life_area"]
    assert "Kurzer Text, aber lang genug für eine Idee." in html
    assert 'aria-describedby="title-error"' in html


def test_an_expired_form_keeps_the_text(client, boards):
    hidden = {**open_form(client), "csrf_token": "abgelaufen"}
    response = post_idea(client, hidden=hidden)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Ihr Text ist noch da" in html and VALID["body"] in html


def test_the_honeypot_refuses_programs(client, boards):
    before = count_ideas()
    response = post_idea(client, homepage="http://spam.example")
    assert response.status_code == 422
    assert count_ideas() == before


def test_too_many_links_are_refused(client, boards):
    body = "Schaut hier: https://a.example.org und www.b.de und c-shop.com und noch mehr Text dazu."
    response = post_idea(client, body=body)
    assert response.status_code == 422
    assert "höchstens 2 Internetadressen" in response.get_data(as_text=True)


def test_personal_data_gives_a_hint_that_the_author_confirms(client, boards):
    body = "Ruft mich an unter 0171 2345678 oder schreibt an max@example.org, dann erkläre ich die Idee."
    hidden = open_form(client)
    response = post_idea(client, hidden=hidden, body=body)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "eine E-Mail-Adresse und eine Telefonnummer" in html
    assert body in html
    before = count_ideas()
    assert post_idea(client, hidden=hidden, body=body, confirm_personal="y").status_code == 302
    assert count_ideas() == before + 1


def test_a_near_duplicate_points_to_the_existing_idea(client, boards):
    existing = db.session.scalars(select(Idea).where(Idea.title == "Termine im Bürgerbüro online buchen")).one()
    body = existing.body.replace("schön", "gut").replace("Ich möchte", "Ich will")
    hidden = open_form(client)
    response = post_idea(client, hidden=hidden, title=existing.title, body=body, life_area="digitales-rathaus")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'href="/ideen/idee/{existing.id}"' in html
    assert "confirm_different" in html
    response = post_idea(client, hidden=hidden, title=existing.title, body=body, life_area="digitales-rathaus", confirm_different="y")
    assert response.status_code == 302


def test_the_very_same_text_again_is_refused_even_when_confirmed(client, boards):
    existing = db.session.scalars(select(Idea).where(Idea.title == "Termine im Bürgerbüro online buchen")).one()
    response = post_idea(client, title=existing.title, body=existing.body, life_area="digitales-rathaus", confirm_different="y")
    assert response.status_code == 422
    assert "Genau diese Idee gibt es schon" in response.get_data(as_text=True)


def test_a_locality_board_files_ideas_under_its_locality(client, boards):
    response = post_idea(client, board="mose", locality="elbeu")
    assert response.status_code == 302
    assert newest_idea().locality_id == boards["mose"].locality_id


def test_the_town_board_lets_the_author_choose_a_locality(client, boards):
    assert post_idea(client, locality="farsleben").status_code == 302
    assert newest_idea().locality.slug == "farsleben"
    response = post_idea(client, locality="atlantis", title="Noch eine Idee hier")
    assert response.status_code == 422


def test_post_moderation_publishes_at_once(client, boards):
    boards["elbeu"].moderation = "post"
    db.session.commit()
    response = post_idea(client, board="elbeu")
    assert "schon zu sehen" in client.get(response.location).get_data(as_text=True)
    idea = newest_idea()
    assert (idea.moderation, idea.reviewed) == ("approved", False)
    assert VALID["title"] in client.get("/ideen/elbeu").get_data(as_text=True)


def test_a_closed_board_takes_no_ideas(client, boards):
    boards["glindenberg"].is_open = False
    db.session.commit()
    assert client.get("/ideen/glindenberg/neu").status_code == 410
    html = client.get("/ideen/glindenberg").get_data(as_text=True)
    assert "geschlossen" in html and "/ideen/glindenberg/neu" not in html


def test_the_form_says_what_happens_next_and_not_to_name_people(client, boards):
    html = client.get("/ideen/ganze-stadt/neu").get_data(as_text=True)
    assert "So geht es weiter" in html and "keine anderen Personen" in html
    assert re.search(r'<div class="hp" aria-hidden="true">.*?tabindex="-1"', html, re.S)
