"""The analyst's result pages in Chromium: axe-core finds no WCAG 2.1 A/AA violation in German and
English, and a survey is closed, previewed and published with the keyboard alone."""

import pytest

from tests.browser.staff import create_staff, log_in, run_in_server_database
from tests.browser.test_accessibility import Checker, press

#: Runs inside the live server's database: the compact test survey, open, with 60 responses.
SETUP = """
from sqlalchemy import select
from wsgi import app
from participation.extensions import db
from participation.surveys.models import Survey
from tests.publication.survey import SLUG, answer_many, make_survey

with app.app_context():
    if db.session.scalars(select(Survey).where(Survey.slug == SLUG)).first() is None:
        survey = make_survey()
        answer_many(survey, 35, "wolmirstedt", single=0, scale=4, multiple=[0, 1], demographic=0)
        answer_many(survey, 25, "elbeu", single=1, scale=2, multiple=[2], demographic=1)
"""


@pytest.fixture(scope="module")
def analyst(_live_server):
    run_in_server_database(_live_server.database_path, SETUP)
    return create_staff(_live_server.database_path, "analyse@example.org", "analyst")


def keyboard(page, selector: str) -> None:
    """Focus a link or button and press Enter, as someone without a mouse does."""
    page.locator(selector).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["de", "en"])
def test_analyst_pages_have_no_axe_violations_and_work_by_keyboard(new_context, axe, analyst, language):
    page = new_context().new_page()
    checker = Checker(page, axe, language)
    if language == "en":
        page.goto("/")
        press(page, 'header a[hreflang="en"]')
    log_in(page, analyst)
    keyboard(page, 'a[href="/verwaltung/ergebnisse"]')
    checker.check("results index")
    if page.locator('form[action="/verwaltung/ergebnisse/kompakt/beenden"]').count():
        keyboard(page, 'form[action="/verwaltung/ergebnisse/kompakt/beenden"] button')
    else:
        keyboard(page, 'a[href="/verwaltung/ergebnisse/kompakt"]')
    assert page.url.endswith("/verwaltung/ergebnisse/kompakt")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    checker.check("preview")
    if language == "en":  # the second run publishes a new version: a reason is needed
        keyboard(page, "form button.primary")
        assert page.locator(".error-summary").count() == 1
        checker.check("preview with error")
        page.fill("#reason", "Checked again")
    keyboard(page, "form button.primary")
    assert "/ergebnisse/kompakt" in page.url and "/verwaltung/" not in page.url
    assert page.locator("h1").count() == 1
    checker.check("published page")
    assert not checker.reports, "\n".join(checker.reports)
