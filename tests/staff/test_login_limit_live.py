"""The per-account login limit holds in the real server: gunicorn with 2 workers, each with its own
memory, so only what the database counts can stop 20 guesses a minute (SQLite and PostgreSQL)."""

import http.client
import re
import threading
import time
import urllib.parse

import pytest

from tests.live import BIN, run_command, running_server

EMAIL = "editor@example.org"
PASSWORD = "ein langes Live-Test-Passwort"
ATTEMPTS = 5
WINDOW_SECONDS = 15
GUESSES = 20


class Visitor:
    """One browser: a session cookie and the login form's CSRF token."""

    def __init__(self, port: int):
        self.port = port
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/verwaltung/anmelden")
        response = connection.getresponse()
        html = response.read().decode()
        self.cookie = "; ".join(value.split(";", 1)[0] for name, value in response.getheaders() if name == "Set-Cookie")
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        connection.close()

    def log_in(self, password: str) -> int:
        body = urllib.parse.urlencode({"csrf_token": self.token, "email": EMAIL, "password": password})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("POST", "/verwaltung/anmelden", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie,
        })
        status = connection.getresponse().status
        connection.close()
        return status


@pytest.fixture
def live_staff_server(database_url, app, tmp_path):
    """gunicorn (2 workers, per-address limit out of the way) with one staff account.

    On PostgreSQL the server uses the test database (the `app` fixture empties it afterwards).
    """
    settings = {
        "RATELIMIT_LOGIN": "1000 per minute",
        "STAFF_LOGIN_ATTEMPTS": str(ATTEMPTS),
        "STAFF_LOGIN_WINDOW_SECONDS": str(WINDOW_SECONDS),
    }
    if database_url.startswith("postgresql"):
        settings["DATABASE_URL"] = database_url
    with running_server(tmp_path, **settings) as server:
        env = {"PARTICIPATION_DATABASE_URL": settings.get("DATABASE_URL", f"sqlite:///{server.database_path}"),
               "PARTICIPATION_SECRET_KEY": "unused-here", "PATH": str(BIN)}
        run_command([str(BIN / "flask"), "--app", "wsgi", "staff", "create", EMAIL, "--role", "editor",
                     "--password", PASSWORD], env=env)
        yield server


def test_twenty_guesses_in_two_workers_check_only_five_and_then_the_right_password_waits(live_staff_server):
    port = live_staff_server.app_port
    visitor = Visitor(port)
    statuses = []
    barrier = threading.Barrier(GUESSES)

    def guess(number: int) -> None:
        barrier.wait()
        statuses.append(visitor.log_in(f"falsches Passwort {number}"))

    started = time.monotonic()
    threads = [threading.Thread(target=guess, args=(number,)) for number in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    right_password_too_early = visitor.log_in(PASSWORD)
    assert time.monotonic() - started < WINDOW_SECONDS, "the guesses took longer than the window; the check means nothing"

    # Exactly ATTEMPTS passwords were checked (401); all other guesses were refused unchecked (429).
    assert sorted(statuses) == [401] * ATTEMPTS + [429] * (GUESSES - ATTEMPTS), statuses
    assert right_password_too_early == 429

    time.sleep(max(0.0, started + WINDOW_SECONDS + 0.5 - time.monotonic()))
    assert visitor.log_in(PASSWORD) == 302
