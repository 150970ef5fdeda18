"""What the other browser tests leave out of the forms a resident or clerk sends, and what only the
production setting (the shipped nginx with TLS in front, PROXY_COUNT=1) can show: secure
cookies, exactly one HSTS header, a redirect from plain http, and logs of the proxy that hold no
client address, time or user agent.

Like every browser test these run twice (see `_live_server`); the checks of the proxy itself only
in the https run.
"""

import re
import urllib.error
import urllib.request

import pytest

from tests.browser.staff import create_staff, log_in

BOARD = "/ideen/ganze-stadt"
#: A demo idea (participation/demo/ideas.py), published on the town-wide board.
DEMO_IDEA = "Termine im Bürgerbüro online buchen"
CLERK = "sachbearbeitung@example.org"


@pytest.fixture(scope="module")
def clerk(live_server_database):
    return create_staff(live_server_database, CLERK, "moderator")


def test_a_resident_reports_an_idea(page):
    page.goto(BOARD + "?sortierung=unterstuetzt")
    with page.expect_navigation():
        page.click(f'h3 a:text-is("{DEMO_IDEA}")')
    with page.expect_navigation():
        page.click('a[href$="/melden"]')
    page.locator("#reason input").first.check()
    with page.expect_navigation():
        page.click("form button.primary")
    assert "Danke für Ihre Meldung" in page.content()
    assert page.locator("h1").inner_text() != "Die Anfrage war fehlerhaft"


def test_staff_log_in_and_out_and_the_old_cookie_is_refused(page, clerk):
    log_in(page, clerk)
    assert page.url.endswith("/verwaltung/"), page.url
    with page.expect_navigation():
        page.click(".staff-bar form button.link")
    assert re.search(r"/$", page.url), page.url
    page.goto("/verwaltung/")
    assert "/verwaltung/anmelden" in page.url


def test_cookies_are_secure_and_http_only_behind_the_proxy(page, _live_server):
    page.goto("/umfragen/digitales-wolmirstedt")
    with page.expect_navigation():
        page.click("form[action$='/beginnen'] button.primary")
    cookies = page.context.cookies()
    assert cookies, "starting a survey keeps its answers in a session cookie"
    for cookie in cookies:
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax", cookie["name"]
        assert cookie["secure"] is (_live_server.setting == "https"), cookie["name"]
        assert cookie["expires"] == -1, f"{cookie['name']} outlives the browser session"


def _https_only(_live_server):
    if _live_server.setting != "https":
        pytest.skip("a check of the proxy itself; runs in the https setting")
    return _live_server.proxy


def test_the_proxy_sends_one_hsts_header_and_redirects_plain_http(_live_server):
    proxy = _https_only(_live_server)
    with urllib.request.urlopen(proxy.url + "/", context=proxy.client_context()) as response:
        assert response.headers.get_all("Strict-Transport-Security") == ["max-age=31536000"]
        assert response.headers["Referrer-Policy"] == "same-origin"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"http://localhost:{proxy.http_port}/umfragen/x?y=1")
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request)
    with answer.value:
        assert answer.value.code == 301
        assert answer.value.headers["Location"] == "https://localhost/umfragen/x?y=1"


def test_the_proxy_forwards_the_residents_address_and_drops_forged_ones(_live_server):
    """A forged X-Forwarded-For never reaches the app: nginx sends the address it saw instead."""
    proxy = _https_only(_live_server)
    request = urllib.request.Request(proxy.url + "/?gefaelscht", headers={"X-Forwarded-For": "203.0.113.7"})
    with urllib.request.urlopen(request, context=proxy.client_context()) as response:
        assert response.status == 200
    text = proxy.access_log.read_text()
    assert "203.0.113.7" not in text


def test_the_proxys_logs_hold_no_address_time_or_user_agent(page, fill_survey_page, _live_server):
    proxy = _https_only(_live_server)
    page.goto("/umfragen/digitales-wolmirstedt")
    with page.expect_navigation():
        page.click("form[action$='/beginnen'] button.primary")
    fill_survey_page(page, 1)
    with page.expect_navigation():
        page.click("button[value='next']")
    page.goto("/verwaltung/passwort?token=geheimes-token-im-link")
    lines = proxy.access_log.read_text().splitlines()
    assert lines, "the proxy wrote no access log"
    user_agent = page.evaluate("navigator.userAgent")
    for line in lines:
        assert re.fullmatch(r'"[A-Z]+ /\S*" \d{3} \d+', line), line
    text = "\n".join(lines)
    assert "127.0.0.1" not in text and user_agent not in text and "Chrome" not in text
    assert "geheimes-token-im-link" not in text, "query strings (one-time links) stay out of the log"
    assert '"POST /umfragen/digitales-wolmirstedt/seite/1" 302' in text
    for log in proxy.error_logs:
        assert log.read_text() == "", f"{log.name} is not empty"
