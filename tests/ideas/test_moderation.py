"""The moderation queue and the administration's answers: approve, reject, edit, merge, answer."""

from sqlalchemy import select

from participation.extensions import db
from participation.staff.models import AuditEvent
from tests.ideas.steps import csrf_token, follow_link, idea_by_title, newest_idea, post_idea, support

QUEUE = "/verwaltung/ideen/"


def act(client, idea_id: int, action: str, **data):
    token = csrf_token(client, f"{QUEUE}{idea_id}")
    return client.post(f"{QUEUE}{idea_id}/{action}", data={"csrf_token": token, **data})


def audit_actions() -> list[str]:
    db.session.expire_all()
    return [event.action for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_only_moderators_see_the_queue(client, boards, make_staff, login):
    assert client.get(QUEUE).location.startswith("/verwaltung/anmelden")
    make_staff("analyse@example.org", "analyst")
    login(client, "analyse@example.org")
    assert client.get(QUEUE).status_code == 403


def test_a_new_idea_is_in_the_queue_and_approval_publishes_it(app, moderator, boards):
    resident = app.test_client()
    post_idea(resident)
    idea = newest_idea()
    assert "Freies WLAN am Bahnhof" in moderator.get(QUEUE).get_data(as_text=True)
    assert act(moderator, idea.id, "freigeben").status_code == 302
    assert "Freies WLAN am Bahnhof" in resident.get("/ideen/ganze-stadt").get_data(as_text=True)
    assert resident.get(f"/ideen/idee/{idea.id}").status_code == 200
    assert "Freies WLAN am Bahnhof" not in moderator.get(QUEUE).get_data(as_text=True)
    assert "idea.approve" in audit_actions()


def test_a_rejection_reaches_the_author_on_the_follow_link(app, moderator, boards):
    resident = app.test_client()
    link = follow_link(resident, post_idea(resident))
    idea = newest_idea()
    response = act(moderator, idea.id, "ablehnen", reason="off_topic", message="Bitte reichen Sie das beim Bauamt ein.")
    assert response.status_code == 302
    page = resident.get(link).get_data(as_text=True)
    assert "nicht veröffentlicht" in page
    assert "Gehört nicht zum Thema Digitalisierung" in page and "beim Bauamt" in page
    assert resident.get(f"/ideen/idee/{idea.id}").status_code == 404


def test_a_rejection_needs_a_known_reason(moderator, boards):
    idea = idea_by_title("Straßenlaternen nachts nach Bedarf dimmen")
    response = act(moderator, idea.id, "ablehnen", reason="weil", message="")
    assert response.status_code == 422
    assert 'class="error-summary"' in response.get_data(as_text=True)


def test_an_edit_shows_a_visible_note(client, moderator, boards):
    idea = idea_by_title("Schnelles Internet für Mose")
    response = act(moderator, idea.id, "bearbeiten", title=idea.title, body="Glasfaser für Mose, bitte.", note="Gekürzt.")
    assert response.status_code == 302
    page = client.get(f"/ideen/idee/{idea.id}").get_data(as_text=True)
    assert "Glasfaser für Mose, bitte." in page and "Von der Moderation bearbeitet: Gekürzt." in page
    assert act(moderator, idea.id, "bearbeiten", title=idea.title, body="Ohne Hinweis", note="").status_code == 422


def test_merging_points_the_duplicate_to_the_original_and_adds_its_supports(app, moderator, boards):
    original = idea_by_title("Termine im Bürgerbüro online buchen")  # 14 supports
    duplicate = idea_by_title("Handy-Sprechstunde für Ältere in der Bibliothek")  # 9 supports
    resident = app.test_client()
    support(resident, duplicate.id)
    assert act(moderator, duplicate.id, "zusammenfuehren", target=str(original.id)).status_code == 302
    page = resident.get(f"/ideen/idee/{duplicate.id}").get_data(as_text=True)
    assert "Mit einer anderen Idee zusammengeführt" in page and f'href="/ideen/idee/{original.id}"' in page
    assert "/unterstuetzen" not in page
    original_page = resident.get(f"/ideen/idee/{original.id}").get_data(as_text=True)
    assert "24 Unterstützungen" in original_page and duplicate.title in original_page
    assert duplicate.title not in resident.get("/ideen/ganze-stadt").get_data(as_text=True)
    assert act(moderator, original.id, "zusammenfuehren", target=str(original.id)).status_code == 422
    assert act(moderator, original.id, "zusammenfuehren", target="99999").status_code == 422


def test_the_official_answer_is_shown_prominently(client, moderator, boards):
    idea = idea_by_title("Gemeinsamer Online-Kalender der Vereine")
    response = act(moderator, idea.id, "antwort", status="review", answer="Wir fragen die Vereine.")
    assert response.status_code == 302
    page = client.get(f"/ideen/idee/{idea.id}").get_data(as_text=True)
    answer_box = page.index('class="answer status-review"')
    assert answer_box < page.index("Die Idee</h2>"), "status and answer come before the text"
    assert "Stand: Wird geprüft" in page and "Wir fragen die Vereine." in page
    assert "idea.answer" in audit_actions()


def test_not_pursued_needs_a_reason(moderator, boards):
    idea = idea_by_title("Gemeinsamer Online-Kalender der Vereine")
    response = act(moderator, idea.id, "antwort", status="declined", answer="  ")
    assert response.status_code == 422
    assert "sagen Sie bitte in der Antwort, warum" in response.get_data(as_text=True)
    db.session.expire_all()
    assert idea_by_title("Gemeinsamer Online-Kalender der Vereine").status == "received"


def test_editors_give_answers_but_do_not_moderate(client, boards, make_staff, login):
    make_staff("redaktion@example.org", "editor")
    login(client, "redaktion@example.org")
    idea = idea_by_title("Gemeinsamer Online-Kalender der Vereine")
    assert act(client, idea.id, "antwort", status="accepted", answer="Kommt.").status_code == 302
    assert act(client, idea.id, "ablehnen", reason="other").status_code == 403


def test_an_editor_switches_a_board_to_post_moderation(client, boards, make_staff, login):
    make_staff("redaktion@example.org", "editor")
    login(client, "redaktion@example.org")
    board = boards["elbeu"]
    url = f"/verwaltung/ideen/boersen/{board.id}"
    data = {"csrf_token": csrf_token(client, url), "title": "Ideen für Elbeu", "slug": "elbeu", "description": "",
            "locality": str(board.locality_id), "process_step": "", "moderation": "post", "is_open": "y"}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(board), board.id).moderation == "post"
    taken = {**data, "slug": "mose"}
    assert client.post(url, data=taken).status_code == 422
    reserved = {**data, "slug": "verfolgen"}
    assert client.post(url, data=reserved).status_code == 422
    assert "idea_board.update" in audit_actions()


def test_a_new_board_can_be_created(client, boards, make_staff, login):
    make_staff("redaktion@example.org", "editor")
    login(client, "redaktion@example.org")
    url = "/verwaltung/ideen/boersen"
    data = {"csrf_token": csrf_token(client, url), "title": "Ideen aus der Schule", "slug": "schule", "description": "Für Schülerinnen und Schüler",
            "locality": "", "process_step": "", "moderation": "pre", "is_open": "y"}
    assert client.post(url, data=data).status_code == 302
    assert "Ideen aus der Schule" in client.get("/ideen/schule").get_data(as_text=True)
