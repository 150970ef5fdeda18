"""After residents have used the real server, neither its log nor its database holds a client address."""

import re
import sqlite3

IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IP_ADDRESS = re.compile(IPV4.pattern + r"|\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){2,7}\b", re.I)


def test_access_log_has_no_client_address_time_or_user_agent(page, live_server, live_server_log, fill_survey_page):
    page.goto(live_server + "/")
    page.goto(live_server + "/umfragen/digitales-wolmirstedt")
    lines = live_server_log.read_text().splitlines()
    requests = [line for line in lines if line.startswith('"GET') or line.startswith('"POST')]
    assert requests, "the access log is empty: nothing was checked"
    for line in requests:
        assert not IP_ADDRESS.search(line), line
        assert "Mozilla" not in line and "Chrome" not in line, line
        assert not re.search(r"\d{2}:\d{2}:\d{2}", line), line
    # The only address anywhere in the log is the one gunicorn listens on (and says where it serves).
    for line in lines:
        if IPV4.search(line) or "::1" in line:
            assert "Listening at" in line or "Serving on" in line, line


def test_database_holds_no_client_address(page, live_server, live_server_database):
    page.goto(live_server + "/")
    connection = sqlite3.connect(f"file:{live_server_database}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    assert "127.0.0.1" not in str(value), (table, row)
                    assert "HeadlessChrome" not in str(value), (table, row)
    finally:
        connection.close()
