"""Bytes a resident's phone downloads, as the server sends them (compressed, headers included).

QUALITY.md: ≤ 14 KB for the first visit of any resident page (one round trip), ≤ 8 KB for a
following page with the CSS cached, and no request to any other host. Run with -s to see the
figures.
"""

from urllib.parse import urlsplit

import pytest

SURVEY_INTRO = "/umfragen/digitales-wolmirstedt"
START = 'form[action$="/beginnen"] button.primary'
NEXT = 'button[value="next"]'
SUBMIT = 'button[value="submit"]'
FIRST_VISIT_BUDGET = 14 * 1024
FOLLOWING_PAGE_BUDGET = 8 * 1024
#: Pages a resident may open first, straight from a link in the newspaper or a message.
ENTRY_PAGES = [
    "/",
    "/?ortschaft=elbeu",
    SURVEY_INTRO,
    f"{SURVEY_INTRO}/seite/1",
    f"{SURVEY_INTRO}/danke",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/leichte-sprache",
    "/gibt-es-nicht",
]


class Transfer:
    """Counts the bytes received for a page and everything it loads (Chrome DevTools Protocol).

    encodedDataLength of Network.loadingFinished is what came over the wire for a response,
    headers included; a redirect's own response is counted from Network.requestWillBeSent.
    """

    def __init__(self, context, page, server: str):
        self.page = page
        self.server = urlsplit(server).netloc
        self.foreign: list[str] = []
        self.session = context.new_cdp_session(page)
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.loadingFinished", self._finished)
        self.session.on("Network.loadingFailed", self._failed)
        self.session.on("Network.requestServedFromCache", self._cached)
        self.session.on("Network.responseReceived", self._received)
        self.session.send("Network.enable")
        context.on("request", self._check_host)
        self.reset()

    def reset(self) -> None:
        self.bytes = 0
        self.urls: dict[str, str] = {}
        self.open: set[str] = set()
        self.from_cache: set[str] = set()
        self.details: list[tuple[str, int]] = []

    def _check_host(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme != "data" and parts.netloc != self.server:
            self.foreign.append(request.url)

    def _sent(self, event: dict) -> None:
        if event.get("redirectResponse"):
            self.bytes += event["redirectResponse"].get("encodedDataLength", 0)
        self.urls[event["requestId"]] = event["request"]["url"]
        self.open.add(event["requestId"])

    def _cached(self, event: dict) -> None:
        self.from_cache.add(event["requestId"])

    def _received(self, event: dict) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self.from_cache.add(event["requestId"])

    def _finished(self, event: dict) -> None:
        self.bytes += int(event["encodedDataLength"])
        self.details.append((self.urls.get(event["requestId"], "?"), int(event["encodedDataLength"])))
        self.open.discard(event["requestId"])

    def _failed(self, event: dict) -> None:
        self.open.discard(event["requestId"])

    def measure(self, navigate) -> tuple[int, int]:
        """Bytes and requests for one navigation, once everything it started has finished."""
        self.reset()
        with self.page.expect_navigation(wait_until="load"):
            navigate()
        for _ in range(100):
            if not self.open:
                break
            self.page.wait_for_timeout(20)
        assert not self.open, [self.urls[request] for request in self.open]
        return self.bytes, len(set(self.urls) - self.from_cache)


def report(title: str, rows: list[tuple[str, int, int]], budget: int) -> None:
    print(f"\n{title} (budget {budget} bytes)")
    for label, size, requests in rows:
        print(f"  {size:6d} B  {requests} request{'s' if requests > 1 else ''}  {label}")


def test_first_visit_of_each_page_fits_in_one_round_trip(new_context, live_server):
    rows = []
    foreign = []
    for path in ENTRY_PAGES:
        context = new_context()
        page = context.new_page()
        transfer = Transfer(context, page, live_server)
        size, requests = transfer.measure(lambda: page.goto(path))
        assert requests >= 2, f"{path}: the CSS was not loaded"
        rows.append((path, size, requests))
        foreign += transfer.foreign
        context.close()
    report("First visit, empty cache", rows, FIRST_VISIT_BUDGET)
    assert not foreign, f"requests to other hosts: {foreign}"
    assert all(size <= FIRST_VISIT_BUDGET for _, size, _ in rows), rows


def walk(new_context, live_server, fill_survey_page, survey_errors=None) -> dict[bool, list]:
    """The resident's way, once with the cache disabled (every page a first visit), once with it.

    With survey_errors, each survey page is first sent with an invalid answer.
    """
    results = {}
    for cache in (False, True):
        context = new_context()
        page = context.new_page()
        transfer = Transfer(context, page, live_server)
        transfer.session.send("Network.setCacheDisabled", {"cacheDisabled": not cache})
        rows = []

        def step(label: str, navigate) -> None:
            rows.append((label, *transfer.measure(navigate)))

        def press(selector: str):
            return lambda: page.locator(selector).click()

        step("home", lambda: page.goto("/"))
        step("home for one locality", lambda: page.goto("/?ortschaft=elbeu"))
        step("survey intro", lambda: page.goto(SURVEY_INTRO))
        step("survey page 1", press(START))
        for number in range(1, 5):
            if survey_errors:
                provoke_error, clear_error = survey_errors
                provoke_error(page, number)
                step(f"survey page {number} with an error", press(NEXT))
                assert page.locator(".error-summary").count() == 1
                clear_error(page, number)
            fill_survey_page(page, number)
            step(f"survey page {number + 1}", press(NEXT))
        fill_survey_page(page, 5)
        step("thank-you page", press(SUBMIT))
        assert page.url.endswith("/danke")
        if not survey_errors:
            for path in ("/datenschutz", "/barrierefreiheit", "/leichte-sprache", "/impressum", "/gibt-es-nicht"):
                step(path, lambda: page.goto(path))
        assert not transfer.foreign, f"requests to other hosts: {transfer.foreign}"
        results[cache] = rows
        context.close()
    return results


def test_the_residents_way_stays_light(new_context, live_server, fill_survey_page):
    results = walk(new_context, live_server, fill_survey_page)
    report("Every page of the way as a first visit (cache disabled)", results[False], FIRST_VISIT_BUDGET)
    report("The way as it happens (CSS cached after the first page)", results[True], FOLLOWING_PAGE_BUDGET)
    assert all(size <= FIRST_VISIT_BUDGET for _, size, _ in results[False]), results[False]
    first, *following = results[True]
    assert first[1] <= FIRST_VISIT_BUDGET, first
    assert all(requests == 1 for _, _, requests in following), following  # the CSS came from the cache
    assert all(size <= FOLLOWING_PAGE_BUDGET for _, size, _ in following), following


def test_pages_with_errors_stay_light(new_context, live_server, fill_survey_page, survey_errors):
    results = walk(new_context, live_server, fill_survey_page, survey_errors)
    with_errors = {cache: [row for row in rows if "error" in row[0]] for cache, rows in results.items()}
    report("Pages with errors as a first visit (cache disabled)", with_errors[False], FIRST_VISIT_BUDGET)
    report("Pages with errors, CSS cached", with_errors[True], FOLLOWING_PAGE_BUDGET)
    assert all(size <= FIRST_VISIT_BUDGET for _, size, _ in with_errors[False]), with_errors[False]
    assert all(size <= FOLLOWING_PAGE_BUDGET for _, size, _ in with_errors[True]), with_errors[True]
