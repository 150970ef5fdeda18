"""Staff accounts: first admin from the command line, login, invitations, roles, audit log."""

import re

from sqlalchemy import select

from participation.extensions import db
from participation.staff.models import AuditEvent, StaffUser
from tests.conftest import STAFF_PASSWORD
from tests.helpers import form_fields


def csrf(client, url):
    return form_fields(client.get(url).get_data(as_text=True))["csrf_token"]


def test_first_admin_from_the_command_line(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["staff", "create", "Chefin@Wolmirstedt.example", "--role", "admin", "--password", STAFF_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(StaffUser)).one()
    assert user.email == "chefin@wolmirstedt.example"
    assert user.roles == {"admin"}
    assert user.password_hash.startswith("$argon2id$")
    again = runner.invoke(args=["staff", "create", "chefin@wolmirstedt.example", "--role", "admin", "--password", STAFF_PASSWORD])
    assert again.exit_code != 0 and "already" in again.output
    short = runner.invoke(args=["staff", "create", "b@example.org", "--role", "editor", "--password", "kurz"])
    assert short.exit_code != 0


def test_login_and_logout(client, make_staff, login):
    make_staff("editor@example.org", "editor")
    login(client, "Editor@Example.org")
    assert "Angemeldet als editor@example.org" in client.get("/verwaltung/").get_data(as_text=True)
    response = client.post("/verwaltung/abmelden", data={"csrf_token": csrf(client, "/verwaltung/")})
    assert response.status_code == 302
    assert client.get("/verwaltung/").status_code == 302


def test_wrong_password_gets_a_clear_message_and_keeps_the_email(client, make_staff):
    make_staff("editor@example.org", "editor")
    token = csrf(client, "/verwaltung/anmelden")
    response = client.post(
        "/verwaltung/anmelden", data={"email": "editor@example.org", "password": "falsch", "csrf_token": token}
    )
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in html
    assert 'value="editor@example.org"' in html
    assert "falsch" not in html


def test_login_is_rate_limited(database_url, migrated_app, other_app):
    from participation.extensions import limiter

    app = other_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute")
    try:
        client = app.test_client()
        with app.app_context():
            token = csrf(client, "/verwaltung/anmelden")
            data = {"email": "x@example.org", "password": "falsch", "csrf_token": token}
            statuses = [client.post("/verwaltung/anmelden", data=data).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]
    finally:
        limiter.reset()
        limiter.enabled = False


def test_invitation_link_sets_a_password_once(client, make_staff, login):
    make_staff("admin@example.org", "admin")
    login(client, "admin@example.org")
    token = csrf(client, "/verwaltung/personen")
    response = client.post(
        "/verwaltung/personen",
        data={"email": "neu@example.org", "display_name": "Neue Kollegin", "roles": ["editor", "analyst"], "csrf_token": token},
    )
    html = response.get_data(as_text=True)
    link = re.search(r'<p class="copy">([^<]+)</p>', html).group(1)
    assert "/verwaltung/passwort?token=" in link
    invited = db.session.scalars(select(StaffUser).where(StaffUser.email == "neu@example.org")).one()
    assert invited.roles == {"editor", "analyst"} and invited.password_hash is None

    guest = client.application.test_client()
    path = link.split("localhost", 1)[1]
    form = form_fields(guest.get(path).get_data(as_text=True))
    response = guest.post("/verwaltung/passwort", data={**form, "password": "ein sicheres Passwort", "confirm": "ein sicheres Passwort"})
    assert response.status_code == 302
    assert "Angemeldet als neu@example.org" in guest.get("/verwaltung/").get_data(as_text=True)

    third = client.application.test_client()
    form = form_fields(third.get(path).get_data(as_text=True))
    reused = third.post("/verwaltung/passwort", data={**form, "password": "noch ein Passwort!!", "confirm": "noch ein Passwort!!"})
    assert reused.status_code == 400
    assert "ungültig, abgelaufen oder wurde schon benutzt" in reused.get_data(as_text=True)


def test_password_rules_are_explained(client):
    form = form_fields(client.get("/verwaltung/passwort?token=abc").get_data(as_text=True))
    response = client.post("/verwaltung/passwort", data={**form, "password": "kurz", "confirm": "anders"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "mindestens 12 Zeichen" in html
    assert "stimmen nicht überein" in html


def test_roles_change_deactivation_and_audit_log(client, make_staff, login):
    make_staff("admin@example.org", "admin")
    colleague = make_staff("kollege@example.org", "editor")
    login(client, "admin@example.org")
    url = f"/verwaltung/personen/{colleague.id}"
    token = csrf(client, url)
    client.post(url, data={"action": "roles", "roles": ["moderator"], "csrf_token": token})
    db.session.expire_all()
    assert db.session.get(StaffUser, colleague.id).roles == {"moderator"}

    other = client.application.test_client()
    from tests.conftest import STAFF_PASSWORD as password

    other_form = form_fields(other.get("/verwaltung/anmelden").get_data(as_text=True))
    other.post("/verwaltung/anmelden", data={**other_form, "email": "kollege@example.org", "password": password})
    assert other.get("/verwaltung/").status_code == 200
    client.post(url, data={"action": "deactivate", "csrf_token": token})
    assert other.get("/verwaltung/").status_code == 302  # logged out everywhere

    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"staff.create", "staff.roles", "staff.deactivate", "staff.login"} <= actions
    html = client.get("/verwaltung/protokoll?action=staff.roles").get_data(as_text=True)
    assert "staff.roles" in html and "staff.deactivate</td>" not in html


def test_admin_cannot_lock_themselves_out(client, make_staff, login):
    admin = make_staff("admin@example.org", "admin")
    login(client, "admin@example.org")
    url = f"/verwaltung/personen/{admin.id}"
    token = csrf(client, url)
    response = client.post(url, data={"action": "roles", "roles": ["editor"], "csrf_token": token}, follow_redirects=True)
    assert "nicht selbst nehmen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert "admin" in db.session.get(StaffUser, admin.id).roles
