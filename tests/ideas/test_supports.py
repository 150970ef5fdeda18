"""Supporting an idea: once per browser session, counted race-safely on SQLite and PostgreSQL."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas import queries
from participation.ideas.models import IdeaSupport
from tests.ideas.steps import csrf_token, idea_by_title, post_all_at_once, support, twins_of

TITLE = "Gemeinsamer Online-Kalender der Vereine"  # demo idea with 4 supports
THREADS = 8
CLICKS = 10


def supports_of(idea_id: int) -> int:
    db.session.commit()  # a fresh transaction sees what the requests committed
    return db.session.scalar(select(func.count()).select_from(IdeaSupport).where(IdeaSupport.idea_id == idea_id))


def test_a_browser_supports_an_idea_once(client, boards):
    idea = idea_by_title(TITLE)
    response = support(client, idea.id)
    assert response.status_code == 302 and response.location.endswith(f"/ideen/idee/{idea.id}#unterstuetzung")
    html = client.get(response.location).get_data(as_text=True)
    assert "Ihre Unterstützung wurde gezählt" in html and "5 Unterstützungen" in html
    assert "Sie unterstützen diese Idee" in html and 'action="/ideen/idee/%d/unterstuetzen"' % idea.id not in html
    support(client, idea.id)
    assert supports_of(idea.id) == 5


def test_another_browser_adds_its_support(app, client, boards):
    idea = idea_by_title(TITLE)
    support(client, idea.id)
    support(app.test_client(), idea.id)
    assert supports_of(idea.id) == 6


def test_supports_tell_nothing_about_the_browser(client, boards):
    first, second = idea_by_title(TITLE), idea_by_title("Schnelles Internet für Mose")
    support(client, first.id)
    support(client, second.id)
    hashes = {row.idea_id: row.key_hash for row in db.session.scalars(select(IdeaSupport))}
    assert hashes[first.id] != hashes[second.id], "one browser's supports must not share a key"
    assert set(IdeaSupport.__table__.columns.keys()) == {"idea_id", "key_hash"}


def test_pending_and_closed_ideas_cannot_be_supported(client, boards):
    pending = idea_by_title("Straßenlaternen nachts nach Bedarf dimmen")
    assert client.post(f"/ideen/idee/{pending.id}/unterstuetzen").status_code == 400  # no token
    idea = idea_by_title(TITLE)
    boards["farsleben"].is_open = False
    db.session.commit()
    html = client.get(f"/ideen/idee/{idea.id}").get_data(as_text=True)
    assert "/unterstuetzen" not in html


def _prepared(client, idea_id: int):
    return client, f"/ideen/idee/{idea_id}/unterstuetzen", {"csrf_token": csrf_token(client, f"/ideen/idee/{idea_id}")}


def test_one_session_clicking_many_times_at_once_counts_once(app, client, boards):
    idea = idea_by_title(TITLE)
    support(client, idea.id)  # gives the session its key
    other = idea_by_title("Schnelles Internet für Mose")
    posts = [_prepared(twin, other.id) for twin in twins_of(app, client, THREADS)]
    assert post_all_at_once(posts) == [302] * THREADS
    assert supports_of(other.id) == 11 + 1


def test_a_double_click_from_a_browser_that_never_supported_anything_counts_once(app, client, boards):
    """The browser has only opened the idea page (its form and CSRF secret), then clicks 10 times at once."""
    idea = idea_by_title(TITLE)
    url, token = f"/ideen/idee/{idea.id}/unterstuetzen", csrf_token(client, f"/ideen/idee/{idea.id}")
    statuses = post_all_at_once([(twin, url, {"csrf_token": token}) for twin in twins_of(app, client, CLICKS)])
    assert statuses == [302] * CLICKS
    assert supports_of(idea.id) == 4 + 1
    # Each answer set the same key in the session: a later click from any of them is refused too.
    support(client, idea.id)
    assert supports_of(idea.id) == 4 + 1


def test_many_browsers_at_once_all_count(app, boards):
    idea = idea_by_title(TITLE)
    posts = [_prepared(app.test_client(), idea.id) for _ in range(THREADS)]
    assert post_all_at_once(posts) == [302] * THREADS
    assert supports_of(idea.id) == 4 + THREADS
    assert queries.support_counts([idea.id]) == {idea.id: 4 + THREADS}
