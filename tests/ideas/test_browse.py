"""Browsing a board: filters by locality and life area; shuffled (stable per seed), newest, most supported."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.ideas.models import Idea, IdeaSupport

BOARD = "/ideen/ganze-stadt"


@pytest.fixture
def many_ideas(app, boards):
    """45 approved ideas on the town board; idea n has n % 7 supports."""
    board = boards["ganze-stadt"]
    demo_idea = db.session.scalars(select(Idea).where(Idea.board_id == board.id)).first()
    for number in range(45):
        idea = Idea(board_id=board.id, life_area_id=demo_idea.life_area_id, title=f"Idee Nummer {number:02d}",
                    body="Ein Text, der lang genug ist.", display_name="", created_on=demo_idea.created_on,
                    follow_hash=f"{number:064d}", moderation="approved", reviewed=True, hidden=False, status="received",
                    moderator_message="", edit_note="", official_answer="")
        db.session.add(idea)
        db.session.flush()
        db.session.add_all(IdeaSupport(idea_id=idea.id, key_hash=f"{number}-{k}") for k in range(number % 7))
    db.session.commit()


def titles(client, query: str) -> list[str]:
    html = client.get(BOARD + query).get_data(as_text=True)
    return re.findall(r'<h3><a href="/ideen/idee/\d+">([^<]+)</a></h3>', html)


def test_the_default_order_is_shuffled_and_stable_across_pages(client, many_ideas):
    html = client.get(BOARD).get_data(as_text=True)
    seed = re.search(r'name="mischung" value="(\d+)"', html).group(1)
    pages = [titles(client, f"?mischung={seed}&seite={page}") for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [20, 20, 7]
    everything = [title for page in pages for title in page]
    assert len(set(everything)) == 47, "every idea exactly once across the pages"
    assert pages[0] == titles(client, f"?mischung={seed}&seite=1"), "same seed, same order"
    assert f"mischung={seed}" in html and "seite=2" in html
    others = {tuple(titles(client, f"?mischung={other}")) for other in (1, 2, 3)}
    assert len(others) > 1, "another seed gives another order"
    newest = titles(client, "?sortierung=neu")
    assert pages[0] != newest[:20]


def test_newest_and_most_supported(client, many_ideas):
    assert titles(client, "?sortierung=neu")[:2] == ["Idee Nummer 44", "Idee Nummer 43"]
    top = titles(client, "?sortierung=unterstuetzt")
    assert top[:2] == ["Termine im Bürgerbüro online buchen", "Handy-Sprechstunde für Ältere in der Bibliothek"]
    assert top[2:4] == ["Idee Nummer 41", "Idee Nummer 34"]  # 6 supports each, newer first


def test_filters_by_life_area_and_locality(client, boards):
    assert titles(client, "?bereich=digitale-teilhabe") == ["Handy-Sprechstunde für Ältere in der Bibliothek"]
    assert titles(client, "?ortschaft=mose") == []
    assert 'href="/ideen/mose"' in client.get(BOARD + "?ortschaft=mose").get_data(as_text=True), "points to Mose's own board"
    assert titles(client, "?ortschaft=farsleben") == []
    html = client.get("/ideen/mose?bereich=digitale-infrastruktur").get_data(as_text=True)
    assert "Schnelles Internet für Mose" in html and 'name="ortschaft"' not in html
    assert "Schnelles Internet" not in client.get("/ideen/mose?bereich=mobilitaet-verkehr").get_data(as_text=True)


def test_unknown_filters_and_pages_show_everything_without_error(client, boards):
    response = client.get(BOARD + "?ortschaft=atlantis&sortierung=quer&seite=99&mischung=-5")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Diesen Filter kennen wir nicht" in html and "Termine im Bürgerbüro" in html


def test_pending_rejected_and_hidden_ideas_stay_off_the_board(client, boards):
    assert "Straßenlaternen" not in client.get("/ideen/glindenberg").get_data(as_text=True)
    idea = db.session.scalars(select(Idea).where(Idea.title == "Termine im Bürgerbüro online buchen")).one()
    idea.hidden = True
    db.session.commit()
    assert "Termine im Bürgerbüro" not in client.get(BOARD).get_data(as_text=True)


def test_the_index_lists_the_boards_with_counts(client, boards):
    html = client.get("/ideen/").get_data(as_text=True)
    assert "Ideen für die ganze Stadt" in html and "2 Ideen" in html and "Ideen für Mose" in html
    assert html.index("ganze Stadt") < html.index("Ideen für Mose")
    assert client.get("/ideen/gibt-es-nicht").status_code == 404
