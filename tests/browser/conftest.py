"""Fixtures for the browser tests: the real server (gunicorn) on a scratch database, and Chromium.

Every test in this folder is marked `browser`. Without Playwright or Debian's Chromium they are
skipped with a one-line reason, unless PARTICIPATION_REQUIRE_BROWSER=1 (CI): then they fail.
Playwright's own browser download is never used (QUALITY.md): only /usr/bin/chromium.
"""

import os
import secrets
import sqlite3
import ssl
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live import BIN, running_server
from tests.live import free_port as _free_port
from tests.live import run_command as _run
from tests.live import server_environment as _server_environment
from tests.proxy import Proxy, skip_or_fail_without_proxy

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
SURVEY_SLUG = "digitales-wolmirstedt"
#: Residents' way through the demo survey (paths relative to the live server).
SURVEY_INTRO = f"/umfragen/{SURVEY_SLUG}"
#: Browser actions wait at most this long, so a broken page fails fast instead of after 30 s.
ACTION_TIMEOUT_MS = 10_000

try:
    from playwright.sync_api import sync_playwright
except ImportError as error:  # pragma: no cover - depends on the machine
    sync_playwright = None
    _IMPORT_ERROR: str | None = f"playwright cannot be imported ({error})"
else:
    _IMPORT_ERROR = None


def browser_unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if _IMPORT_ERROR:
        return _IMPORT_ERROR
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} does not exist (apt-get install chromium)"
    return None


def browser_required() -> bool:
    return os.environ.get("PARTICIPATION_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    reason = browser_unavailable_reason()
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not browser_required():
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


# --- the live server -------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    url: str
    log_path: Path
    database_path: Path
    #: "direct" (gunicorn on plain http) or "https" (the shipped nginx in front, PROXY_COUNT=1)
    setting: str = "direct"
    proxy: Proxy | None = None

    def tls_context(self) -> ssl.SSLContext | None:
        """For urllib: trusts this run's certificate; None on plain http."""
        return self.proxy.client_context() if self.proxy else None


@pytest.fixture(scope="session", params=["direct", "https"])
def _live_server(request, tmp_path_factory) -> LiveServer:
    """Every browser test runs twice: against gunicorn on plain http, and the way production
    runs, through the shipped nginx configuration with TLS and PROXY_COUNT=1 (QUALITY.md)."""
    setting = request.param
    if setting == "https":
        skip_or_fail_without_proxy()
    with running_server(tmp_path_factory.mktemp(f"live-server-{setting}"), setting) as server:
        proxy = server.proxy.proxy if server.proxy else None
        yield LiveServer(
            url=proxy.url if proxy else server.app_url, log_path=server.log_path,
            database_path=server.database_path, setting=setting, proxy=proxy,
        )


@pytest.fixture(scope="session")
def live_server(_live_server) -> str:
    """Base URL of the real server (gunicorn, 2 workers) with the demo data, for the whole run."""
    return _live_server.url


@pytest.fixture(scope="session")
def live_server_log(_live_server) -> Path:
    """The server's log file (access log and error log of gunicorn and the app)."""
    return _live_server.log_path


@pytest.fixture(scope="session")
def live_tls(_live_server) -> ssl.SSLContext | None:
    """Pass as `context=` to urllib's urlopen: trusts the proxy's certificate (None on plain http)."""
    return _live_server.tls_context()


@pytest.fixture(scope="session")
def live_server_database(_live_server) -> Path:
    """The live server's SQLite file (read it only)."""
    return _live_server.database_path


@pytest.fixture
def count_responses(live_server_database):
    """A function returning how many responses the live server has stored."""

    def count() -> int:
        connection = sqlite3.connect(f"file:{live_server_database}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT count(*) FROM responses").fetchone()[0]
        finally:
            connection.close()

    return count


# --- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    reason = browser_unavailable_reason()
    if reason:
        # Only reached when PARTICIPATION_REQUIRE_BROWSER=1; otherwise the tests were skipped.
        pytest.fail(f"PARTICIPATION_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    """Debian's Chromium, headless, for the whole run."""
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Make a fresh browser context (closed after the test); defaults: phone, German.

    `new_context(locale="en-US")` gives an English-speaking browser,
    `new_context(java_script_enabled=False)` one without JavaScript.
    """
    contexts = []

    def make(locale: str = "de-DE", viewport: dict | None = None, **options):
        # The proxy's certificate is made for this run; nothing else about TLS is relaxed.
        options.setdefault("ignore_https_errors", live_server.startswith("https:"))
        context = browser.new_context(
            base_url=live_server, viewport=viewport or PHONE, locale=locale, **options
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    """A fresh context: phone viewport (390 × 844), German browser."""
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def context_en(new_context):
    """A fresh context: phone viewport, English browser (Accept-Language en-US)."""
    return new_context(locale="en-US")


@pytest.fixture
def page_en(context_en):
    return context_en.new_page()


# --- a resident with a keyboard ----------------------------------------------------------------


class KeyboardUser:
    """Drives a page with the keyboard alone: Tab/Shift+Tab to move, Space/Enter/arrows to act."""

    def __init__(self, page, max_presses: int = 120):
        self.page = page
        self.max_presses = max_presses

    def focused(self) -> str:
        """A short description of the focused element, for messages."""
        return self.page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return "<body>";
                const id = el.id ? "#" + el.id : "";
                const text = (el.value || el.textContent || "").trim().slice(0, 30);
                return `<${el.tagName.toLowerCase()}${id}> ${text}`;
            }"""
        )

    def is_focused(self, selector: str) -> bool:
        return self.page.evaluate(
            "selector => !!document.activeElement && document.activeElement.matches(selector)", selector
        )

    def tab_to(self, selector: str, backwards: bool = False) -> None:
        """Press Tab (or Shift+Tab) until the focused element matches the CSS selector."""
        key = "Shift+Tab" if backwards else "Tab"
        visited = []
        for _ in range(self.max_presses):
            self.page.keyboard.press(key)
            if self.is_focused(selector):
                return
            visited.append(self.focused())
        raise AssertionError(f"{key} never reached {selector}; focus went: {' → '.join(visited)}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def activate(self, selector: str, backwards: bool = False) -> None:
        """Tab to a link or button and press Enter, waiting for the page it leads to."""
        self.tab_to(selector, backwards=backwards)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


@pytest.fixture
def keyboard_user():
    """`keyboard_user(page)` gives a KeyboardUser for that page."""
    return KeyboardUser


# --- shared steps ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe():
    """axe-core, injected into a page by axe-playwright-python."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _fill_survey_page(page, number: int) -> None:
    """Give valid answers on one page of the demo survey (quickly, not as a keyboard user)."""
    if number == 1:
        page.check("#q1-1")
        page.check("#q2-1")  # DSL: the satisfaction and outage questions follow on page 2
    elif number == 2:
        page.check("#q3-4")
        page.check("#q4-2")
        page.check("#q5-3")
        page.fill("#q6-1", "2")
    elif number == 3:
        page.check("#q7-1")
        page.check("#q8-3")
        page.check("#q9-1")
        page.check("#q9-4")
        page.check("#q10-1")
    elif number == 4:
        page.select_option("#q11_place1-1", index=1)
        page.select_option("#q11_place2-1", index=2)
        for row in range(page.locator(".matrix fieldset.row").count()):
            page.locator(".matrix fieldset.row").nth(row).locator("input").nth(row % 6).check()
        page.select_option("#q13_place1-1", index=1)
        page.select_option("#q13_place2-1", index=2)
        page.select_option("#q13_place3-1", index=3)
    elif number == 5:
        page.fill("#q14-1", "Termine im Bürgerbüro online buchen")
        page.fill("#q15-1", "Schnelles Internet in allen Ortschaften und ein Rathaus, das auch abends erreichbar ist. " * 5)
        page.check("#q16-2")


@pytest.fixture
def fill_survey_page():
    """`fill_survey_page(page, number)` answers that page of the demo survey validly."""
    return _fill_survey_page


def _provoke_survey_error(page, number: int) -> None:
    """Enter something invalid on that page of the demo survey (sending it is left to the caller)."""
    if number == 1:
        pass  # the two required questions stay unanswered
    elif number == 2:
        page.fill("#q6-1", "viele")  # not a number
    elif number == 3:
        for box in range(1, 5):
            page.check(f"#q10-{box}")  # one more than allowed
    elif number == 4:
        page.select_option("#q11_place2-1", index=1)  # the 2nd place without a 1st
    else:
        raise ValueError(f"no error prepared for page {number}")


def _clear_survey_error(page, number: int) -> None:
    if number == 3:
        for box in range(1, 5):
            page.uncheck(f"#q10-{box}")
    elif number == 4:
        page.select_option("#q11_place2-1", index=0)


@pytest.fixture
def survey_errors():
    """`provoke, clear = survey_errors`: make a page of the demo survey invalid, and undo it."""
    return _provoke_survey_error, _clear_survey_error


# --- access codes ------------------------------------------------------------------------------


@pytest.fixture
def codes_survey(live_server, live_server_database):
    """The demo survey on the live server asks for an access code during this test only."""
    def set_mode(mode: str) -> None:
        connection = sqlite3.connect(live_server_database, timeout=15)
        try:
            with connection:
                connection.execute("UPDATE surveys SET access_mode = ? WHERE slug = ?", (mode, SURVEY_SLUG))
        finally:
            connection.close()

    set_mode("codes")
    try:
        yield SURVEY_SLUG
    finally:
        set_mode("open")


@pytest.fixture(scope="session")
def live_editor(_live_server) -> tuple[str, str]:
    """(e-mail, password) of an editor account on the live server."""
    email, password = "redaktion@example.org", secrets.token_urlsafe(16)
    env = _server_environment(_live_server.database_path, _free_port())
    _run([str(BIN / "flask"), "--app", "wsgi", "staff", "create", email, "--role", "editor", "--password", password], env=env)
    return email, password
