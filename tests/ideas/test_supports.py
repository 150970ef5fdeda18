"""Supporting an idea: once per browser session, counted race-safely on SQLite and PostgreSQL."""

import threading

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas import queries
from participation.ideas.models import IdeaSupport
from tests.ideas.steps import idea_by_title, support

TITLE = "Gemeinsamer Online-Kalender der Vereine"  # demo idea with 4 supports
THREADS = 8


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


def _post_all_at_once(posts) -> list[int]:
    barrier = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def run(index, client, url, data):
        barrier.wait()
        statuses[index] = client.post(url, data=data).status_code

    threads = [threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _prepared(client, idea_id: int):
    from tests.ideas.steps import csrf_token

    return client, f"/ideen/idee/{idea_id}/unterstuetzen", {"csrf_token": csrf_token(client, f"/ideen/idee/{idea_id}")}


def test_one_session_clicking_many_times_at_once_counts_once(app, client, boards):
    idea = idea_by_title(TITLE)
    support(client, idea.id)  # gives the session its key
    cookies = {cookie.key: cookie.value for cookie in client._cookies.values()}
    other = idea_by_title("Schnelles Internet für Mose")
    posts = []
    for _ in range(THREADS):
        twin = app.test_client()
        for key, value in cookies.items():
            twin.set_cookie(key, value)
        posts.append(_prepared(twin, other.id))
    assert _post_all_at_once(posts) == [302] * THREADS
    assert supports_of(other.id) == 11 + 1


def test_many_browsers_at_once_all_count(app, boards):
    idea = idea_by_title(TITLE)
    posts = [_prepared(app.test_client(), idea.id) for _ in range(THREADS)]
    assert _post_all_at_once(posts) == [302] * THREADS
    assert supports_of(idea.id) == 4 + THREADS
    assert queries.support_counts([idea.id]) == {idea.id: 4 + THREADS}
