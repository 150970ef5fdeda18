"""The real server's log after a malformed request and an error: no client address, no time stamp,
no resident's path next to the traceback (PRIVACY.md §1; participation/core/logs.py)."""

import re
import socket
import sqlite3
import time
import urllib.error
import urllib.request

import pytest

from tests.live import running_server

IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{1,2}/\w{3}/\d{4}\b")
SLUG = "digitales-wolmirstedt"
LOG_WAIT_SECONDS = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("log-privacy")) as server:
        yield server


def _send_raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(data)
        return connection.recv(1024)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _log_when(server, text: str) -> str:
    deadline = time.monotonic() + LOG_WAIT_SECONDS
    while time.monotonic() < deadline:
        log = server.log_path.read_text()
        if text in log:
            return log
        time.sleep(0.1)
    pytest.fail(f"{text!r} did not reach the log:\n{server.log_path.read_text()}")


def test_log_has_no_client_address_time_stamp_or_resident_path(server):
    answer = _send_raw(server.app_port, b"NOT A REQUEST LINE\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400"), answer
    # A real failure: the survey's stored translations were damaged (as by a broken disk or a bad
    # manual edit), so loading it raises in the middle of a resident's request.
    connection = sqlite3.connect(server.database_path)
    with connection:
        connection.execute("UPDATE surveys SET translations = '{broken' WHERE slug = ?", (SLUG,))
    connection.close()
    assert _status(f"{server.app_url}/umfragen/{SLUG}/seite/3?schluessel=geheim") == 500

    log = _log_when(server, "Exception on /umfragen/<slug>/seite/<int:number> [GET]")
    log = _log_when(server, "Invalid request")
    assert "Traceback" in log and "JSONDecodeError" in log, "the traceback is what an operator needs"
    for line in log.splitlines():
        if IPV4.search(line) or "::1" in line:  # the server's own address, from the arbiter
            assert "Listening at" in line or "Serving on" in line, line
        assert not TIME_OF_DAY.search(line), line
        assert not DATE.search(line), line
        assert "geheim" not in line, line
        if not line.startswith('"'):  # the access log names paths, by design without time or address
            assert SLUG not in line, line
    assert "Invalid request: " in log


def test_a_rate_limit_breach_logged_by_flask_limiter_names_no_address(app, caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="flask-limiter"):
        logging.getLogger("flask-limiter").info("ratelimit %s (%s) exceeded at endpoint: %s", "20 per 1 minute", "192.0.2.7", "x")
    assert caplog.messages == ["ratelimit 20 per 1 minute ([Adresse entfernt]) exceeded at endpoint: x"]
