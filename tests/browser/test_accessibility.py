"""axe-core finds no WCAG 2.1 A/AA violation on the resident's way, in German and English;
pages reflow at 320 CSS px without horizontal scrolling (QUALITY.md: accessibility, reflow).
"""

import pytest

SURVEY_INTRO = "/umfragen/digitales-wolmirstedt"
START = 'form[action$="/beginnen"] button.primary'
NEXT = 'button[value="next"]'
SUBMIT = 'button[value="submit"]'
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
INFO_PAGES = ["/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache"]


def press(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


class Checker:
    """Runs axe on each page shown and collects what it finds."""

    def __init__(self, page, axe, language: str):
        self.page = page
        self.axe = axe
        self.language = language
        self.checked: list[str] = []
        self.reports: list[str] = []

    def check(self, label: str) -> None:
        assert self.page.locator("html").get_attribute("lang") == self.language, label
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        self.checked.append(label)
        if results.violations_count:
            self.reports.append(f"--- {label} ({self.page.url}):\n{results.generate_report()}")


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_axe_violations_on_the_residents_way(new_context, axe, fill_survey_page, survey_errors, language):
    page = new_context().new_page()  # a German browser; English is chosen on the site
    checker = Checker(page, axe, language)

    page.goto("/")
    if language == "en":
        press(page, 'header a[hreflang="en"]')
    checker.check("home")
    page.goto("/?ortschaft=elbeu")
    checker.check("home for one locality")
    page.goto("/?ortschaft=unbekannt")
    checker.check("home for an unknown locality")

    page.goto(SURVEY_INTRO)
    checker.check("survey intro")
    press(page, START)
    provoke_error, clear_error = survey_errors
    for number in range(1, 5):
        checker.check(f"survey page {number}")
        provoke_error(page, number)
        press(page, NEXT)
        assert page.locator(".error-summary").count() == 1
        checker.check(f"survey page {number} with an error")
        clear_error(page, number)
        fill_survey_page(page, number)
        press(page, NEXT)
    checker.check("survey page 5")
    fill_survey_page(page, 5)
    press(page, SUBMIT)
    assert page.url.endswith("/danke")
    checker.check("thank-you page")
    page.goto(SURVEY_INTRO)
    checker.check("survey intro after answering")

    for path in INFO_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        checker.check(path)
    response = page.goto("/gibt-es-nicht")
    assert response.status == 404
    checker.check("404 page")

    assert not checker.reports, "\n".join(checker.reports)


def test_english_browser_gets_english_pages_without_violations(page_en, axe):
    """Accept-Language alone (no choice on the site) selects English."""
    checker = Checker(page_en, axe, "en")
    page_en.goto("/")
    checker.check("home")
    page_en.goto(SURVEY_INTRO)
    checker.check("survey intro")
    assert not checker.reports, "\n".join(checker.reports)


def test_pages_reflow_at_320_css_pixels(new_context, fill_survey_page, survey_errors):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    too_wide = {}

    def measure(label: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[label] = width

    page.goto("/")
    measure("home")
    page.goto(SURVEY_INTRO)
    measure("survey intro")
    press(page, START)
    provoke_error, clear_error = survey_errors
    for number in range(1, 6):
        measure(f"survey page {number}")
        if number < 5:
            provoke_error(page, number)
            press(page, NEXT)
            measure(f"survey page {number} with an error")
            clear_error(page, number)
        fill_survey_page(page, number)
        press(page, SUBMIT if number == 5 else NEXT)
    assert page.url.endswith("/danke")
    measure("thank-you page")
    assert not too_wide, f"horizontal scrolling at 320 px (scrollWidth): {too_wide}"


def test_axe_finds_violations_where_there_are_some(page, axe):
    """Guards the checks above: zero violations must mean axe ran with these rules, not nothing."""
    page.set_content(
        '<html lang="de"><head><title>Kaputt</title></head><body><main>'
        '<img src="data:,"><input type="text"></main></body></html>'
    )
    found = {violation["id"] for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]}
    assert {"image-alt", "label"} <= found
