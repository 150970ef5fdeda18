"""Comments (moderated like ideas) and reports (they queue an item for the moderators; it stays visible)."""

from sqlalchemy import select

from participation.extensions import db
from participation.ideas.models import REPORT_REASONS, Idea, IdeaComment, IdeaReport
from tests.ideas.steps import csrf_token, idea_by_title, post_all_at_once, report, twins_of

REASONS = list(REPORT_REASONS)

TITLE = "Termine im Bürgerbüro online buchen"


def comment(client, idea_id: int, **fields):
    token = csrf_token(client, f"/ideen/idee/{idea_id}")
    return client.post(f"/ideen/idee/{idea_id}/kommentieren", data={"csrf_token": token, "body": "", **fields})


def test_a_comment_appears_after_approval(client, boards, make_staff, login):
    idea = idea_by_title(TITLE)
    response = comment(client, idea.id, body="Gute Idee, am besten auch mit SMS-Erinnerung.", display_name="Karin")
    assert response.status_code == 302
    html = client.get(response.location).get_data(as_text=True)
    assert "sobald die Moderation ihn freigegeben hat" in html
    assert "SMS-Erinnerung" not in html
    stored = db.session.scalars(select(IdeaComment)).one()
    assert (stored.moderation, stored.display_name) == ("pending", "Karin")

    make_staff("mod@example.org", "moderator")
    login(client, "mod@example.org")
    queue = client.get("/verwaltung/ideen/").get_data(as_text=True)
    assert "SMS-Erinnerung" in queue
    token = csrf_token(client, "/verwaltung/ideen/")
    client.post(f"/verwaltung/ideen/kommentar/{stored.id}", data={"csrf_token": token, "action": "approve", "back": "queue"})
    assert "SMS-Erinnerung" in client.get(f"/ideen/idee/{idea.id}").get_data(as_text=True)


def test_a_comment_with_problems_is_shown_again_with_the_text(client, boards):
    idea = idea_by_title(TITLE)
    response = comment(client, idea.id, body="x" * 700)
    assert response.status_code == 422
    assert "x" * 700 in response.get_data(as_text=True)
    response = comment(client, idea.id, body="Schreibt mir: anna@example.org")
    assert response.status_code == 422
    assert "eine E-Mail-Adresse" in response.get_data(as_text=True)
    response = comment(client, idea.id, body="Schreibt mir: anna@example.org", confirm_personal="y")
    assert response.status_code == 302


def test_reports_queue_an_idea_that_stays_visible_until_a_moderator_keeps_it(app, client, boards, make_staff, login):
    idea = idea_by_title(TITLE)
    path = f"/ideen/idee/{idea.id}/melden"
    browsers = [app.test_client() for _ in range(3)]
    response = report(browsers[0], path)
    assert response.status_code == 302 and response.location.endswith(f"/ideen/idee/{idea.id}")
    assert "Der Beitrag bleibt sichtbar, bis die Moderation ihn geprüft hat" in browsers[0].get(response.location).get_data(as_text=True)
    report(browsers[0], path)  # the same browser again does not count
    report(browsers[1], path, "advertising")
    report(browsers[2], path)
    assert db.session.scalar(select(db.func.count()).select_from(IdeaReport)) == 3
    assert client.get(f"/ideen/idee/{idea.id}").status_code == 200
    assert TITLE in client.get("/ideen/ganze-stadt").get_data(as_text=True)

    make_staff("mod@example.org", "moderator")
    login(client, "mod@example.org")
    queue = client.get("/verwaltung/ideen/").get_data(as_text=True)
    assert "gemeldet, weiter öffentlich sichtbar" in queue and "3 Meldungen" in queue and "Werbung oder Spam (1)" in queue
    client.post(f"/verwaltung/ideen/{idea.id}/freigeben", data={"csrf_token": csrf_token(client, "/verwaltung/ideen/")})
    db.session.expire_all()
    assert all(row.resolved for row in db.session.scalars(select(IdeaReport)))
    assert TITLE not in client.get("/verwaltung/ideen/").get_data(as_text=True)

    # "Keep" holds: the same browsers reporting again put nothing back into the queue.
    for browser in browsers:
        response = report(browser, path)
        assert "schon gemeldet" in browser.get(response.location).get_data(as_text=True)
    assert TITLE not in client.get("/verwaltung/ideen/").get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(IdeaReport)) == 3


def test_one_script_from_one_address_cannot_hide_an_idea(app, client, boards):
    """Thirty reports, each from a fresh cookie-less "browser" but all from one address."""
    idea = idea_by_title(TITLE)
    path = f"/ideen/idee/{idea.id}/melden"
    for index in range(30):
        script = app.test_client()
        script.environ_base["REMOTE_ADDR"] = "198.51.100.7"
        assert report(script, path, REASONS[index % len(REASONS)]).status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(IdeaReport)) == 30
    db.session.expire_all()
    assert idea_by_title(TITLE).is_public
    assert client.get(f"/ideen/idee/{idea.id}").status_code == 200
    assert TITLE in client.get("/ideen/ganze-stadt").get_data(as_text=True)


def test_one_cookie_sending_a_burst_of_reports_counts_once(app, client, boards):
    idea = idea_by_title(TITLE)
    path = f"/ideen/idee/{idea.id}/melden"
    token = csrf_token(client, path)  # the browser opened the report form once, then sends it 10 times at once
    statuses = post_all_at_once([(twin, path, {"csrf_token": token, "reason": "offensive"}) for twin in twins_of(app, client, 10)])
    assert statuses == [302] * 10
    db.session.commit()
    assert db.session.scalar(select(db.func.count()).select_from(IdeaReport)) == 1
    assert client.get(f"/ideen/idee/{idea.id}").status_code == 200


def test_a_reported_comment_stays_visible_and_is_queued_first(app, client, boards, make_staff, login):
    idea = idea_by_title(TITLE)
    stored = [
        IdeaComment(idea_id=idea.id, body=f"Kommentar {index}, der {'gemeldet wird' if index else 'neu ist'}.",
                    display_name="", created_on=idea.created_on, moderation="approved", reviewed=bool(index), hidden=False)
        for index in range(2)
    ]
    db.session.add_all(stored)
    db.session.commit()
    for _ in range(5):
        report(app.test_client(), f"/ideen/kommentar/{stored[1].id}/melden", "personal_data")
    assert "Kommentar 1, der gemeldet wird" in client.get(f"/ideen/idee/{idea.id}").get_data(as_text=True)

    make_staff("mod@example.org", "moderator")
    login(client, "mod@example.org")
    queue = client.get("/verwaltung/ideen/").get_data(as_text=True)
    assert queue.index("Kommentar 1, der gemeldet wird") < queue.index("Kommentar 0, der neu ist")
    assert "5 Meldungen" not in queue  # the count in words is shown for ideas; comments list their reasons
    assert "Nennt andere Personen oder persönliche Daten (5)" in queue


def test_reported_ideas_come_first_in_the_queue(app, client, boards, make_staff, login):
    pending, reported = db.session.scalars(select(Idea).order_by(Idea.id.desc()).limit(2)).unique().all()[::-1]
    pending.moderation, pending.reviewed = "pending", False
    reported.moderation, reported.reviewed = "approved", True
    db.session.commit()
    report(app.test_client(), f"/ideen/idee/{reported.id}/melden")
    make_staff("mod@example.org", "moderator")
    login(client, "mod@example.org")
    queue = client.get("/verwaltung/ideen/").get_data(as_text=True)
    # Oldest first would put the pending idea on top; the newer, reported one comes first.
    assert pending.id < reported.id and queue.index(reported.title) < queue.index(pending.title)
