"""In Chromium (direct and through the proxy): cookies copied from a staff browser before logging out
are worth nothing afterwards, and no cookie outlives the browser session."""

import pytest

from tests.browser.staff import create_staff, log_in

EMAIL = "kopie@example.org"


@pytest.fixture(scope="module")
def editor(live_server_database):
    return create_staff(live_server_database, EMAIL, "editor")


def test_cookies_copied_before_logout_lead_to_the_login_afterwards(new_context, editor):
    office = new_context().new_page()
    log_in(office, editor)
    assert office.url.endswith("/verwaltung/"), office.url
    copied = office.context.cookies()
    assert copied and all(cookie["expires"] == -1 for cookie in copied), "a staff cookie outlives the browser"

    thief = new_context()
    thief.add_cookies(copied)
    stolen = thief.new_page()
    stolen.goto("/verwaltung/")
    assert stolen.url.endswith("/verwaltung/"), "the copy works while the session is open"

    with office.expect_navigation():
        office.click(".staff-bar form button.link")
    replay = new_context()
    replay.add_cookies(copied)
    page = replay.new_page()
    page.goto("/verwaltung/")
    assert "/verwaltung/anmelden" in page.url
    stolen.goto("/verwaltung/")
    assert "/verwaltung/anmelden" in stolen.url
