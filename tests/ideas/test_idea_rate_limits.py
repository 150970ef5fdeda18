"""The idea boards with the default rate limits, on memory and on Redis: a class behind one address
posts, comments and supports; scripts are stopped; only unknown follow keys count.

Every test client sends from the same address, as a school's NAT does; a client is a browser.
"""

import secrets

import pytest
from sqlalchemy import select

from participation.ideas.models import Idea, IdeaComment, IdeaSupport
from tests.ideas.steps import VALID, csrf_token, follow_link, open_form, post_idea
from tests.rate_limits import count_rows, limited_app, limiter_clock  # noqa: F401 (fixtures)

BOARD = "/ideen/ganze-stadt/neu"
#: The scripts' runs depend on the limits alone: SQLite only (with both storages).
ONE_DATABASE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
WORDS = ["Bahnhof", "Schule", "Bücherei", "Radweg", "Sportplatz", "Spielplatz", "Markt", "Rathaus",
         "Friedhof", "Kita", "Freibad", "Bushaltestelle", "Jugendclub", "Parkplatz", "Elbufer", "Museum"]


def own_text(number: int) -> dict:
    """A title and body of its own (the screening refuses near-duplicates of recent ideas)."""
    rng = secrets.SystemRandom()
    words = " ".join(rng.choice(WORDS) + rng.choice(["weg", "platz", "haus", "hof", "park", "netz"]) for _ in range(25))
    return {"title": f"Vorschlag {number}: {rng.choice(WORDS)} digital", "body": f"Mein Vorschlag: {words}."}


def public_ideas() -> list[Idea]:
    return [idea for idea in db_ideas() if idea.is_public]


def db_ideas() -> list[Idea]:
    from participation.extensions import db

    db.session.expire_all()
    return list(db.session.scalars(select(Idea)).unique())


def comment(client, idea_id: int, body: str):
    token = csrf_token(client, f"/ideen/idee/{idea_id}")
    return client.post(f"/ideen/idee/{idea_id}/kommentieren", data={"csrf_token": token, "body": body})


def test_a_class_of_30_behind_one_address_posts_comments_and_supports(limited_app, limiter_clock, boards):
    ideas = public_ideas()[:10]
    before = {model: count_rows(model) for model in (Idea, IdeaComment, IdeaSupport)}
    pupils = [limited_app.test_client() for _ in range(30)]
    for number, pupil in enumerate(pupils):  # all within one minute
        assert post_idea(pupil, **own_text(number)).status_code == 302
    limiter_clock.advance(20)
    for number, pupil in enumerate(pupils):
        assert comment(pupil, ideas[number % len(ideas)].id, f"Gute Idee, finde ich auch ({number}).").status_code == 302
    limiter_clock.advance(20)
    for pupil in pupils:
        token = csrf_token(pupil, f"/ideen/idee/{ideas[0].id}")
        statuses = [pupil.post(f"/ideen/idee/{idea.id}/unterstuetzen", data={"csrf_token": token}).status_code for idea in ideas]
        assert statuses == [302] * len(ideas)
    assert count_rows(Idea) - before[Idea] == 30 and count_rows(IdeaComment) - before[IdeaComment] == 30
    assert count_rows(IdeaSupport) - before[IdeaSupport] == 30 * len(ideas)


@ONE_DATABASE
def test_a_script_that_keeps_its_cookie_posts_5_ideas_a_minute_and_30_an_hour(limited_app, limiter_clock, boards):
    script = limited_app.test_client()
    before = count_rows(Idea)
    statuses = []
    while limiter_clock.elapsed < 59 * 60:
        limiter_clock.advance(1)
        statuses.append(post_idea(script, **own_text(len(statuses))).status_code)
        if statuses[-1] == 429:
            limiter_clock.advance(60)
    assert statuses[:6] == [302] * 5 + [429]  # RATELIMIT_IDEA: 5 a minute per browser
    assert count_rows(Idea) - before == statuses.count(302) == 30  # and 30 an hour


@ONE_DATABASE
def test_a_script_without_cookies_posts_nothing_and_is_stopped(limited_app, boards):
    # Without a session no CSRF token is valid: the form comes back with the text (400), and the
    # address ceiling (RATELIMIT_IDEA_ADDRESS, 120 a minute) ends the flood.
    script = limited_app.test_client(use_cookies=False)
    hidden = open_form(limited_app.test_client())
    before = count_rows(Idea)
    statuses = []
    while 429 not in statuses and len(statuses) < 300:
        statuses.append(script.post(BOARD, data={**hidden, **VALID, **own_text(len(statuses))}).status_code)
    assert statuses[-1] == 429 and set(statuses[:-1]) == {400}
    assert 121 <= len(statuses) <= 241  # 121 unless this machine took over a minute for 120 posts
    assert count_rows(Idea) == before


def test_follow_links_a_class_opens_are_not_counted_and_guessers_are_stopped(limited_app, limiter_clock, boards):
    pupils = [limited_app.test_client() for _ in range(30)]
    links = [follow_link(pupil, post_idea(pupil, **own_text(number))) for number, pupil in enumerate(pupils)]
    limiter_clock.advance(60)
    for pupil, link in zip(pupils, links):  # everyone looks again and again: right keys count nothing
        assert [pupil.get(link).status_code for _ in range(3)] == [200] * 3

    guesser = limited_app.test_client()
    guesser.get(BOARD)  # a browser with a session
    wrong = [guesser.get(f"/ideen/verfolgen?schluessel={secrets.token_urlsafe(24)}").status_code for _ in range(11)]
    assert wrong == [404] * 10 + [429]  # RATELIMIT_CODE: 10 wrong a minute per browser
    # Without cookies each request is a new browser: the address allows 30 wrong a minute.
    anonymous = limited_app.test_client(use_cookies=False)
    wrong = [anonymous.get(f"/ideen/verfolgen?schluessel={secrets.token_urlsafe(24)}").status_code for _ in range(21)]
    assert wrong == [404] * 20 + [429]
    limiter_clock.advance(61)
    assert pupils[0].get(links[0]).status_code == 200
