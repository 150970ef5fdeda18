"""Staff login attempts are limited per e-mail address in the database, for real and unknown accounts alike."""

import re

from sqlalchemy import func, select

from participation.extensions import db
from participation.staff.models import StaffLoginAttempts
from tests.conftest import STAFF_PASSWORD
from tests.helpers import form_fields

LOCKED = "Zu viele Anmeldeversuche mit dieser E-Mail-Adresse"


def attempt(client, email: str, password: str):
    form = form_fields(client.get("/verwaltung/anmelden").get_data(as_text=True))
    return client.post("/verwaltung/anmelden", data={**form, "email": email, "password": password})


def limited_app(other_app, database_url, **settings):
    return other_app(database_url, **{"STAFF_LOGIN_ATTEMPTS": 3, "STAFF_LOGIN_WINDOW_SECONDS": 600, **settings})


def test_after_the_limit_even_the_right_password_waits_and_says_why(app, database_url, other_app, make_staff):
    make_staff("editor@example.org", "editor")
    client = limited_app(other_app, database_url).test_client()
    statuses = [attempt(client, "editor@example.org", "falsch").status_code for _ in range(3)]
    locked = attempt(client, "Editor@Example.org ", STAFF_PASSWORD)  # the same account, typed differently
    assert statuses == [401, 401, 401]
    assert locked.status_code == 429
    html = locked.get_data(as_text=True)
    assert LOCKED in html and "höchstens 10 Minuten gesperrt" in html
    assert 'value="Editor@Example.org' in html  # what was typed is kept
    assert client.get("/verwaltung/").status_code == 302  # not logged in
    # Another account is not affected.
    make_staff("moderator@example.org", "moderator")
    assert attempt(client, "moderator@example.org", STAFF_PASSWORD).status_code == 302


def test_unknown_addresses_behave_exactly_like_accounts(app, database_url, other_app, make_staff):
    make_staff("editor@example.org", "editor")
    client = limited_app(other_app, database_url).test_client()
    known = [attempt(client, "editor@example.org", "falsch") for _ in range(4)]
    unknown = [attempt(client, "niemand@example.org", "falsch") for _ in range(4)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [401, 401, 401, 429]

    def page(response):
        html = response.get_data(as_text=True).replace("niemand@example.org", "editor@example.org")
        return re.sub(r'(value|nonce)="[^"]*"', "", html)  # CSRF token and CSP nonce differ per page

    assert [page(r) for r in known] == [page(r) for r in unknown]
    # Only keyed hashes are stored: no address typed, no account id, nothing about the client.
    rows = db.session.execute(select(StaffLoginAttempts.key_hash, StaffLoginAttempts.attempts)).all()
    assert sorted(count for _, count in rows) == [3, 3]
    assert all(len(key) == 64 and "@" not in key for key, _ in rows)


def test_a_successful_login_starts_the_count_afresh(app, database_url, other_app, make_staff):
    make_staff("editor@example.org", "editor")
    limited = limited_app(other_app, database_url)
    client = limited.test_client()
    assert [attempt(client, "editor@example.org", "falsch").status_code for _ in range(2)] == [401, 401]
    assert attempt(client, "editor@example.org", STAFF_PASSWORD).status_code == 302
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(StaffLoginAttempts)) == 0
    other = limited.test_client()
    assert [attempt(other, "editor@example.org", "falsch").status_code for _ in range(4)] == [401, 401, 401, 429]


def test_the_window_passes(app, database_url, other_app, make_staff):
    make_staff("editor@example.org", "editor")
    client = limited_app(other_app, database_url, STAFF_LOGIN_WINDOW_SECONDS=0).test_client()
    # With a window of no length every attempt finds the last one's window over.
    assert [attempt(client, "editor@example.org", "falsch").status_code for _ in range(5)] == [401] * 5
    assert attempt(client, "editor@example.org", STAFF_PASSWORD).status_code == 302
