"""Comments (moderated like ideas) and reports (hide an item after the configured number)."""

from sqlalchemy import select

from participation.extensions import db
from participation.ideas.models import IdeaComment, IdeaReport
from tests.ideas.steps import csrf_token, idea_by_title, report

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


def test_reports_hide_an_idea_at_the_threshold_until_a_moderator_decides(app, client, boards, make_staff, login):
    idea = idea_by_title(TITLE)
    path = f"/ideen/idee/{idea.id}/melden"
    browsers = [app.test_client() for _ in range(3)]
    assert report(browsers[0], path).status_code == 302
    report(browsers[0], path)  # the same browser again does not count
    report(browsers[1], path, "advertising")
    assert client.get(f"/ideen/idee/{idea.id}").status_code == 200
    assert db.session.scalar(select(db.func.count()).select_from(IdeaReport)) == 2
    report(browsers[2], path)
    assert client.get(f"/ideen/idee/{idea.id}").status_code == 404
    assert TITLE not in client.get("/ideen/ganze-stadt").get_data(as_text=True)

    make_staff("mod@example.org", "moderator")
    login(client, "mod@example.org")
    queue = client.get("/verwaltung/ideen/").get_data(as_text=True)
    assert "nach Meldungen ausgeblendet" in queue and "Werbung oder Spam (1)" in queue
    client.post(f"/verwaltung/ideen/{idea.id}/freigeben", data={"csrf_token": csrf_token(client, "/verwaltung/ideen/")})
    assert client.get(f"/ideen/idee/{idea.id}").status_code == 200
    db.session.expire_all()
    assert all(row.resolved for row in db.session.scalars(select(IdeaReport)))


def test_the_threshold_is_configurable(app, boards):
    app.config["IDEA_REPORT_THRESHOLD"] = 1
    try:
        idea = idea_by_title(TITLE)
        report(app.test_client(), f"/ideen/idee/{idea.id}/melden")
        assert app.test_client().get(f"/ideen/idee/{idea.id}").status_code == 404
    finally:
        app.config["IDEA_REPORT_THRESHOLD"] = 3


def test_a_reported_comment_is_hidden(app, client, boards):
    idea = idea_by_title(TITLE)
    stored = IdeaComment(idea_id=idea.id, body="Ein Kommentar, der gemeldet wird.", display_name="", created_on=idea.created_on,
                         moderation="approved", reviewed=True, hidden=False)
    db.session.add(stored)
    db.session.commit()
    for _ in range(3):
        report(app.test_client(), f"/ideen/kommentar/{stored.id}/melden", "personal_data")
    assert "gemeldet wird" not in client.get(f"/ideen/idee/{idea.id}").get_data(as_text=True)


def test_a_report_needs_a_reason(client, boards):
    idea = idea_by_title(TITLE)
    path = f"/ideen/idee/{idea.id}/melden"
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 422
    assert "Bitte wählen Sie einen Grund." in response.get_data(as_text=True)
