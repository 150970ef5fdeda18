"""Result pages in Chromium at phone size: axe-core in German and English, page weight, reflow at
390 px, keyboard, and the charts themselves. Run with -s to see the sizes."""

import urllib.request

import pytest

from tests.browser.test_accessibility import AXE_OPTIONS
from tests.browser.test_page_weight import FIRST_VISIT_BUDGET, Transfer, report

SLUG = "digitales-wolmirstedt"
PAGE = f"/ergebnisse/{SLUG}"
PAGES = ["/ergebnisse", PAGE, f"{PAGE}/elbeu", f"{PAGE}/mose", f"{PAGE}/v1"]
#: A chart is a separate request; each must stay small (compressed, as sent).
CHART_BUDGET = 4 * 1024


@pytest.fixture(scope="module")
def published_results(_live_server):
    """The demo survey on the live server, published twice (hand-made snapshots), for this module
    only: afterwards it is open again and the snapshots are gone, as the other tests expect."""
    from sqlalchemy import delete, select

    from participation.extensions import db
    from participation.results.models import ResultSnapshot
    from participation.surveys.models import Survey
    from tests.conftest import make_app
    from tests.results.conftest import SnapshotMaker, insert_snapshot

    app = make_app(f"sqlite:///{_live_server.database_path}")
    with app.app_context():
        insert_snapshot(SnapshotMaker().data())
        insert_snapshot(SnapshotMaker(seed=5).data(version=2, published_on="2026-11-24", reason="Papierbögen nachgetragen"))
    try:
        yield SLUG
    finally:
        with app.app_context():
            survey = db.session.scalars(select(Survey).where(Survey.slug == SLUG)).one()
            db.session.execute(delete(ResultSnapshot).where(ResultSnapshot.survey_id == survey.id))
            survey.status = "open"
            db.session.commit()
            db.engine.dispose()


@pytest.fixture(scope="module")
def result_pages(live_server, live_tls, published_results) -> list[str]:
    """Our pages, plus the whole-town and first-locality page of every other published survey
    (the demo data publishes one with invented answers: real output of the gate)."""
    import json

    pages = list(PAGES)
    with urllib.request.urlopen(f"{live_server}/api/v1/surveys", context=live_tls) as response:
        listing = json.load(response)
    for entry in listing["surveys"]:
        if entry["slug"] != SLUG:
            with urllib.request.urlopen(entry["results_url"], context=live_tls) as response:
                data = json.load(response)
            localities = next(d["levels"] for d in data["dimensions"] if d["key"] == "locality")
            path = f"/ergebnisse/{entry['slug']}"
            pages += [path, f"{path}/{localities[0]['slug']}"]
    return pages


def open_everything(page) -> None:
    """Open every <details>, so that axe and the reflow check see the breakdown tables too."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


@pytest.mark.parametrize("language", ["de", "en"])
def test_result_pages_have_no_axe_violations(new_context, axe, result_pages, language):
    page = new_context(locale="de-DE" if language == "de" else "en-US").new_page()
    reports = []
    for path in result_pages:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        open_everything(page)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            reports.append(f"--- {path}:\n{results.generate_report()}")
    assert not reports, "\n".join(reports)


def test_result_pages_reflow_at_phone_width(page, result_pages):
    for path in result_pages:
        page.goto(path)
        open_everything(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)  # wide tables scroll inside their own box


def test_first_visit_fits_the_budget_and_charts_stay_lean(new_context, live_server, live_tls, result_pages):
    rows, charts = [], []
    for path in result_pages:
        context = new_context()
        page = context.new_page()
        transfer = Transfer(context, page, live_server)
        transfer.measure(lambda: page.goto(path))
        html_and_css = sum(size for url, size in transfer.details if not url.endswith(".svg"))
        rows.append((path, html_and_css, len([u for u, _ in transfer.details if not u.endswith(".svg")])))
        assert not transfer.foreign, transfer.foreign
        if path.count("/") == 2 and path != "/ergebnisse":  # a whole-town page: every chart
            sources = page.eval_on_selector_all("img.chart", "images => images.map(i => i.src)")
            assert sources
            for source in sources:
                request = urllib.request.Request(source, headers={"Accept-Encoding": "br, gzip"})
                with urllib.request.urlopen(request, context=live_tls) as response:
                    assert response.headers["Content-Encoding"] in ("br", "gzip")
                    assert "immutable" in response.headers["Cache-Control"]
                    charts.append((source.split("/ergebnisse/")[1], len(response.read()), 1))
        context.close()
    report("Result pages, first visit: HTML and CSS (charts load separately)", rows, FIRST_VISIT_BUDGET)
    report("Charts of the town page, compressed", charts, CHART_BUDGET)
    assert all(size <= FIRST_VISIT_BUDGET for _, size, _ in rows), rows
    assert all(size <= CHART_BUDGET for _, size, _ in charts), charts


def test_charts_load_as_images_with_text_alternatives(page, published_results):
    page.goto(PAGE)
    images = page.locator("img.chart")
    assert images.count() >= 10
    first = images.first
    first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
    box = first.bounding_box()
    assert 300 <= box["width"] <= 390 - 16  # fills the phone's column, never wider
    assert first.get_attribute("alt").startswith("Balkendiagramm zu Frage 1.")


def test_keyboard_reaches_the_explanation_breakdowns_and_wide_tables(page, keyboard_user, published_results):
    page.goto(PAGE)
    user = keyboard_user(page, max_presses=800)
    user.tab_to('a[href="#fehlende-zahlen"]')
    user.press("Enter")
    assert page.url.endswith("#fehlende-zahlen")
    assert page.locator("#fehlende-zahlen").is_visible()
    page.goto(PAGE)
    user.tab_to("details.more > summary")
    user.press("Enter")
    assert page.locator("details.more").first.evaluate("d => d.open")
    matrix = page.locator("h2", has_text="Wie wichtig ist Ihnen Digitalisierung").get_attribute("id")[1:]
    user.tab_to(f'div.table-scroll[aria-labelledby="t{matrix}"]')  # a wide table scrolls with the arrows
    before = page.evaluate("document.activeElement.scrollLeft")
    user.press("ArrowRight", "ArrowRight", "ArrowRight")
    # (scrolling by keyboard is animated: wait for it)
    # (a function, not an expression: the page's CSP forbids eval)
    page.wait_for_function("before => document.activeElement.scrollLeft > before", arg=before, timeout=3000)


def test_the_home_page_and_the_navigation_lead_to_the_results(page, published_results):
    page.goto("/")
    with page.expect_navigation():
        page.locator(f'#results-title ~ ul a[href="{PAGE}"]').click()
    assert page.url.endswith(PAGE), page.url
    with page.expect_navigation():
        page.locator('footer a[href="/ergebnisse"]').click()
    assert page.locator("h1").inner_text() == "Ergebnisse der Umfragen"


def test_a_chart_opened_on_its_own_renders_under_its_csp_without_inline_styles(page, published_results):
    """The chart's own CSP allows no styles at all: colours, fonts and the hatch must come from
    presentation attributes, and Chromium must report no refused style."""
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    response = page.goto(f"{PAGE}/v1/diagramme/de/1.svg")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    bar = page.locator('path[fill="#0072b2"]').first
    assert bar.evaluate("path => getComputedStyle(path).fill") == "rgb(0, 114, 178)"
    label = page.locator("text").first
    assert label.evaluate("text => getComputedStyle(text).fontFamily") == "system-ui, sans-serif"
    assert refused == []
