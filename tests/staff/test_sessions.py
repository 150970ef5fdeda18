"""Staff sessions live on the server: logging out, idling and "log out everywhere" end them for every
copy of the cookie, and a replayed cookie cannot keep a session alive."""

import datetime as dt

from sqlalchemy import func, select, update

from participation.extensions import db
from participation.staff import services
from participation.staff.models import StaffSession, StaffUser, utcnow
from tests.helpers import DEMO_PATH, form_fields

DASHBOARD = "/verwaltung/"
EXPIRED_NOTE = "Sie wurden nach längerer Pause abgemeldet"


def cookie_jar(client) -> dict[str, str]:
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def browser_with(app, cookies: dict[str, str]):
    """Another browser holding a copy of `cookies` (what an attacker copied from a shared computer)."""
    twin = app.test_client()
    for key, value in cookies.items():
        twin.set_cookie(key, value)
    return twin


def is_sent_to_login(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/verwaltung/anmelden")


def sessions_on_server() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(StaffSession))


def log_out(client):
    token = form_fields(client.get(DASHBOARD).get_data(as_text=True))["csrf_token"]
    return client.post("/verwaltung/abmelden", data={"csrf_token": token})


def test_a_cookie_copied_before_logout_gets_the_login_page_afterwards(app, client, make_staff, login):
    make_staff("editor@example.org", "editor")
    login(client, "editor@example.org")
    assert sessions_on_server() == 1
    copy = cookie_jar(client)
    assert browser_with(app, copy).get(DASHBOARD).status_code == 200  # the copy works while logged in

    assert log_out(client).status_code == 302
    assert sessions_on_server() == 0
    replay = browser_with(app, copy)
    for _ in range(3):
        assert is_sent_to_login(replay.get(DASHBOARD))
    assert sessions_on_server() == 0


def test_idle_sessions_end_on_the_server_whatever_the_cookie_says(app, client, make_staff, login):
    make_staff("editor@example.org", "editor")
    login(client, "editor@example.org")
    copy = cookie_jar(client)
    idle = dt.timedelta(minutes=app.config["STAFF_IDLE_MINUTES"], seconds=30)
    db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - idle))
    db.session.commit()

    response = client.get(DASHBOARD)
    assert is_sent_to_login(response)
    assert EXPIRED_NOTE in client.get(response.location).get_data(as_text=True)
    assert sessions_on_server() == 0
    # The copy, replayed, finds no session to refresh.
    assert is_sent_to_login(browser_with(app, copy).get(DASHBOARD))


def test_activity_keeps_the_session_and_replays_cannot_revive_it(app, client, make_staff, login):
    make_staff("editor@example.org", "editor")
    login(client, "editor@example.org")
    copy = cookie_jar(client)
    # 50 of 60 minutes have passed: a request within the timeout moves the server's record.
    almost = dt.timedelta(minutes=app.config["STAFF_IDLE_MINUTES"] - 10)
    db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - almost))
    db.session.commit()
    assert client.get(DASHBOARD).status_code == 200
    last_seen = db.session.scalars(select(StaffSession.last_seen_at)).one()
    assert utcnow() - last_seen < dt.timedelta(minutes=1)

    assert log_out(client).status_code == 302
    assert is_sent_to_login(browser_with(app, copy).get(DASHBOARD))


def test_two_browsers_are_two_sessions_and_logging_out_ends_only_one(app, make_staff, login):
    make_staff("editor@example.org", "editor")
    office, laptop = app.test_client(), app.test_client()
    login(office, "editor@example.org")
    login(laptop, "editor@example.org")
    assert sessions_on_server() == 2
    log_out(office)
    assert is_sent_to_login(office.get(DASHBOARD))
    assert laptop.get(DASHBOARD).status_code == 200


def test_a_new_password_and_deactivation_end_every_session(app, make_staff, login):
    user = make_staff("editor@example.org", "editor")
    admin = make_staff("admin@example.org", "admin")
    office, laptop = app.test_client(), app.test_client()
    login(office, "editor@example.org")
    login(laptop, "editor@example.org")

    token = services.issue_token(app.config["SECRET_KEY"], db.session.get(StaffUser, user.id), "reset")
    db.session.commit()
    phone = app.test_client()
    form = form_fields(phone.get(f"/verwaltung/passwort?token={token}").get_data(as_text=True))
    phone.post("/verwaltung/passwort", data={**form, "password": "ein neues Passwort!", "confirm": "ein neues Passwort!"})
    assert phone.get(DASHBOARD).status_code == 200
    assert is_sent_to_login(office.get(DASHBOARD)) and is_sent_to_login(laptop.get(DASHBOARD))
    assert sessions_on_server() == 1

    services.set_active(db.session.get(StaffUser, user.id), False, db.session.get(StaffUser, admin.id))
    db.session.commit()
    assert is_sent_to_login(phone.get(DASHBOARD))
    assert sessions_on_server() == 0


def test_a_login_cookie_without_a_server_session_is_not_logged_in(app, client, make_staff, login):
    """A cookie from before server-side sessions, or one whose session id was changed."""
    make_staff("editor@example.org", "editor")
    login(client, "editor@example.org")
    with client.session_transaction() as session:
        session["staff_session"] = "made-up"
    assert is_sent_to_login(client.get(DASHBOARD))
    login(client, "editor@example.org")
    with client.session_transaction() as session:
        del session["staff_session"]
    assert is_sent_to_login(client.get(DASHBOARD))


def test_starting_kiosk_mode_ends_the_staff_session_on_the_server(client, demo, make_staff, login):
    make_staff("redaktion@example.org", "editor")
    login(client, "redaktion@example.org")
    copy = cookie_jar(client)
    token = form_fields(client.get("/verwaltung/erfassung/").get_data(as_text=True))["csrf_token"]
    response = client.post(f"/verwaltung/erfassung/{DEMO_PATH.rsplit('/', 1)[1]}/kiosk", data={"csrf_token": token})
    assert response.location == DEMO_PATH
    assert sessions_on_server() == 0
    assert is_sent_to_login(browser_with(client.application, copy).get(DASHBOARD))
