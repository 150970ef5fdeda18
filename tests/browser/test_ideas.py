"""Idea boards in a real browser: a resident posts an idea and supports one with the keyboard alone;
axe finds nothing on the board, an idea, the form (also with errors), the follow page and the
moderation queue; the pages stay within the byte budgets."""

import re

import pytest

from tests.browser.staff import PASSWORD, create_staff
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.browser.test_page_weight import FIRST_VISIT_BUDGET, FOLLOWING_PAGE_BUDGET, Transfer, report

MODERATOR = "ideen-moderation@example.org"
BOARD = "/ideen/ganze-stadt"
#: A demo idea with an official answer (participation/demo/ideas.py).
ANSWERED = "Termine im Bürgerbüro online buchen"


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]


@pytest.fixture(scope="module")
def moderator_account(live_server_database):
    return create_staff(live_server_database, MODERATOR, "moderator")


def idea_path(page, title: str) -> str:
    page.goto(BOARD + "?sortierung=neu")
    return page.locator(f'h3 a:text-is("{title}")').get_attribute("href")


def test_a_resident_posts_and_supports_an_idea_with_the_keyboard_alone(page, keyboard_user, axe):
    kb = keyboard_user(page)
    page.goto("/")
    kb.activate('main a[href="/ideen/"]')
    kb.activate(f'a[href="{BOARD}"]')
    kb.activate(f'a[href="{BOARD}/neu"]')

    kb.tab_to("#title")
    kb.type("Sitzbänke mit Steckdosen am Marktplatz")
    kb.tab_to("#body")
    kb.type("Solarbänke, an denen man das Handy laden kann, wären für Jugendliche und Gäste praktisch.")
    kb.tab_to("#life_area")
    kb.press("ArrowDown", "ArrowDown")  # the second life area
    kb.tab_to("#locality")
    kb.press("ArrowDown")  # the first locality
    kb.tab_to("#display_name")
    kb.type("Tom")
    kb.activate('button[type="submit"].primary')

    assert page.url.split("?")[0].endswith("/ideen/danke"), page.url
    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Idee!"
    kb.activate('a[href*="/ideen/verfolgen?schluessel="]')
    assert "wartet noch auf die Moderation" in page.content()
    assert "Sitzbänke mit Steckdosen am Marktplatz" in page.content()
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()

    page.goto(BOARD + "?sortierung=unterstuetzt")
    target = page.locator(f'h3 a:text-is("{ANSWERED}")').get_attribute("href")
    kb.activate(f'a[href="{target}"]')
    supports = page.locator("#support-title").inner_text()
    kb.activate('form[action$="/unterstuetzen"] button')
    assert "Ihre Unterstützung wurde gezählt" in page.content()
    count = lambda text: int(re.match(r"\d+", text).group(0))  # noqa: E731
    assert count(page.locator("#support-title").inner_text()) == count(supports) + 1
    assert page.locator('form[action$="/unterstuetzen"]').count() == 0


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_axe_violations_on_the_idea_pages(new_context, axe, moderator_account, language):
    page = new_context(locale="de-DE" if language == "de" else "en-US").new_page()
    reports = []

    def check(label: str) -> None:
        assert page.locator("html").get_attribute("lang") == language, label
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            reports.append(f"--- {label} ({page.url}):\n{results.generate_report()}")

    page.goto("/ideen/")
    check("index")
    page.goto(BOARD)
    check("board")
    page.goto(idea_path(page, ANSWERED))
    check("idea with an official answer")
    page.locator('a[href$="/melden"]').last.click()
    page.wait_for_load_state()
    check("report form")
    page.goto(BOARD + "/neu")
    check("post form")
    page.fill("#body", "Zu kurz")
    with page.expect_navigation():
        page.click('button[type="submit"].primary')
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#body").input_value() == "Zu kurz"
    check("post form with errors")

    page.goto("/verwaltung/anmelden?next=/verwaltung/ideen/")
    page.fill("#email", MODERATOR)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("form button.primary")
    assert path_of(page) == "/verwaltung/ideen/"
    check("moderation queue")
    page.locator('main a[href^="/verwaltung/ideen/"]').filter(has_text=re.compile(r"\d+:")).first.click()
    page.wait_for_load_state()
    check("moderation of one idea")
    assert not reports, "\n".join(reports)


def test_idea_pages_stay_within_the_byte_budget(new_context, live_server):
    first_visits = []
    for label, path in (("index", "/ideen/"), ("board", BOARD), ("form", BOARD + "/neu"), ("unknown follow link", "/ideen/verfolgen?schluessel=" + "x" * 43)):
        context = new_context()
        page = context.new_page()
        transfer = Transfer(context, page, live_server)
        size, requests = transfer.measure(lambda: page.goto(path))
        first_visits.append((label, size, requests))
        assert not transfer.foreign, transfer.foreign
        context.close()
    report("Idea pages, first visit", first_visits, FIRST_VISIT_BUDGET)
    assert all(size <= FIRST_VISIT_BUDGET for _, size, _ in first_visits), first_visits

    context = new_context()
    page = context.new_page()
    transfer = Transfer(context, page, live_server)
    rows = [("board", *transfer.measure(lambda: page.goto(BOARD)))]
    rows.append(("idea", *transfer.measure(lambda: page.locator("main h3 a").first.click())))
    rows.append(("board again", *transfer.measure(lambda: page.goto(BOARD + "?sortierung=unterstuetzt"))))
    rows.append(("form", *transfer.measure(lambda: page.goto(BOARD + "/neu"))))
    rows.append(("form with errors", *transfer.measure(lambda: page.click('button[type="submit"].primary'))))
    context.close()
    report("Idea pages as they happen (CSS cached)", rows, FOLLOWING_PAGE_BUDGET)
    assert rows[0][1] <= FIRST_VISIT_BUDGET
    assert all(requests == 1 for _, _, requests in rows[1:]), rows
    assert all(size <= FOLLOWING_PAGE_BUDGET for _, size, _ in rows[1:]), rows


def test_idea_pages_reflow_at_320_css_pixels(new_context):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    too_wide = {}

    def measure(label: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[label] = width

    for label, path in (("index", "/ideen/"), ("board", BOARD), ("form", BOARD + "/neu")):
        page.goto(path)
        measure(label)
    page.fill("#body", "Schreibt an langer.name@beispiel-adresse.example.org wegen https://eine.sehr-lange-adresse.example.org/pfad")
    with page.expect_navigation():
        page.click('button[type="submit"].primary')
    measure("form with errors and hints")
    page.goto(idea_path(page, ANSWERED))
    measure("idea")
    assert not too_wide, f"horizontal scrolling at 320 px (scrollWidth): {too_wide}"
