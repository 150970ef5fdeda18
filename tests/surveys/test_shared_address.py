"""Many residents behind one address answer the demo survey with the default rate limits, while a
script is stopped; on in-memory counters and on Redis (tests/rate_limits.py).

Every test client here sends from the same address (127.0.0.1), as a school's or a carrier's NAT
does; each Resident has a client of its own, that is a browser with its own cookie.
"""

import pytest
from sqlalchemy import select

from participation.access import codes
from participation.access import services as access
from participation.extensions import db
from participation.surveys.models import Survey
from participation.surveys.records import Response
from tests.access.steps import start_with_code
from tests.helpers import DEMO_PATH, Resident, demo_answers, form_fields, summary_links
from tests.rate_limits import count_rows, limited_app, limiter_clock  # noqa: F401 (fixtures)

PAGES = 5
#: Long runs whose outcome depends on the limits alone run on SQLite only (with both storages);
#: the class of 30, access codes and the 429 page also run on PostgreSQL.
ONE_DATABASE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def send_page(resident: Resident, number: int, answers: dict, hidden: dict | None = None):
    """Send page `number` as a browser does; with `hidden` (the page's CSRF token and key, the same
    on every page) without reading the next page: reading is never rate-limited, only slower."""
    action = "submit" if number == PAGES else "next"
    if hidden is None:
        return resident.post_page(number, answers, action)
    return resident.client.post(f"{DEMO_PATH}/seite/{number}", data={**hidden, **answers, "action": action})


def answer_together(app, clock, size: int, seconds_per_page: float = 10, read_pages: bool = True) -> None:
    """A group that starts together and sends each page at the same moment, `seconds_per_page`
    apart; everyone at the same moment is harder on the limits than a real class, which spreads."""
    residents = [Resident(app.test_client()) for _ in range(size)]
    for resident in residents:
        resident.start()
    hidden = [None if read_pages else form_fields(resident.html) for resident in residents]
    for number, answers in enumerate(demo_answers(), 1):
        clock.advance(seconds_per_page)
        for index, resident in enumerate(residents):
            response = send_page(resident, number, answers, hidden[index])
            assert response.status_code == 302, (index, number, response.status_code, summary_links(resident.html))
            if number == PAGES:
                assert response.location.endswith("/danke")


def test_a_class_of_30_behind_one_address_all_finish(limited_app, limiter_clock, demo):
    answer_together(limited_app, limiter_clock, 30, seconds_per_page=10)
    assert count_rows(Response) == 30


@ONE_DATABASE
def test_200_residents_behind_one_address_within_an_hour_all_finish(limited_app, limiter_clock, demo):
    # Seven groups 8 minutes apart (the first six whole classes of 30 at once), so the minute
    # ceilings see classes and the hour ceilings all 200 within 49 minutes: harder than 200 people
    # arriving one by one over the hour. The hour passes on the limiter's clock, not the wall's.
    for size in (30, 30, 30, 30, 30, 30, 20):
        answer_together(limited_app, limiter_clock, size, seconds_per_page=10, read_pages=False)
        limiter_clock.advance(8 * 60 - PAGES * 10)
    assert limiter_clock.elapsed < 60 * 60
    assert count_rows(Response) == 200


def run_script(client, clock, seconds: float, seconds_per_request: float = 0.5) -> tuple[int, int]:
    """A script answering the demo survey again and again as fast as the server lets it, keeping its
    cookie; it waits five minutes after each refusal. Returns (responses stored, refusals)."""
    resident = Resident(client)
    pages = demo_answers()
    stored = refused = 0
    while clock.elapsed < seconds:
        resident.open(DEMO_PATH)
        steps = [lambda: client.post(DEMO_PATH + "/beginnen", data=form_fields(resident.html))]
        steps += [
            (lambda number=number, answers=answers: resident.post_page(number, answers, "submit" if number == PAGES else "next"))
            for number, answers in enumerate(pages, 1)
        ]
        for step in steps:
            clock.advance(seconds_per_request)
            response = step()
            if response.status_code == 429:
                refused += 1
                clock.advance(5 * 60)
                break
            if response.status_code == 302 and "/seite/1" in response.location:
                resident.open(response.location)
            if response.status_code == 302 and response.location.endswith("/danke"):
                stored += 1
    return stored, refused


@ONE_DATABASE
def test_a_script_that_keeps_its_cookie_stores_10_responses_an_hour(limited_app, limiter_clock, demo):
    stored, refused = run_script(limited_app.test_client(), limiter_clock, seconds=59 * 60)
    assert refused > 0
    assert stored == 10 == count_rows(Response)  # RATELIMIT_RESPONSE, not the address's 500


@ONE_DATABASE
def test_a_script_without_cookies_stores_nothing_and_is_stopped_but_not_other_addresses(limited_app, demo):
    # Without a cookie there is no session, so no CSRF token can be valid: the page comes back
    # with the answers (400), and the address ceiling ends the flood.
    script = limited_app.test_client(use_cookies=False)
    hidden = form_fields(limited_app.test_client().get(DEMO_PATH).get_data(as_text=True))
    answers = {key: value for page in demo_answers() for key, value in page.items()}
    statuses = []
    while 429 not in statuses and len(statuses) < 1300:
        statuses.append(script.post(f"{DEMO_PATH}/seite/{PAGES}", data={**hidden, **answers, "action": "submit"}).status_code)
    assert statuses[-1] == 429 and set(statuses[:-1]) == {400}
    # RATELIMIT_SUBMIT_ADDRESS: the 601st within a minute is refused (more only if this machine
    # took longer than a minute for 600 requests, which lets a new window begin).
    assert 601 <= len(statuses) <= 1201
    assert count_rows(Response) == 0

    elsewhere = limited_app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    resident = Resident(elsewhere)
    resident.start()
    for number, answers in enumerate(demo_answers(), 1):
        assert send_page(resident, number, answers).status_code == 302
    assert count_rows(Response) == 1


@ONE_DATABASE
def test_a_script_that_takes_a_new_cookie_per_response_is_stopped_at_the_address_ceiling(limited_app, demo):
    # It looks like residents behind one address, one after the other: only the address can count.
    stored = 0
    for _ in range(70):
        resident = Resident(limited_app.test_client())
        resident.start()
        hidden = form_fields(resident.html)
        statuses = [send_page(resident, number, answers, hidden).status_code for number, answers in enumerate(demo_answers(), 1)]
        if 429 in statuses:
            break
        stored += 1
    assert statuses == [302] * (PAGES - 1) + [429]  # only the submission waits (a class's would, too)
    assert stored == 60 == count_rows(Response)  # RATELIMIT_RESPONSE_ADDRESS: 60 a minute


def test_the_429_page_says_what_happened_and_the_answers_wait(limited_app, limiter_clock, demo):
    resident = Resident(limited_app.test_client())
    resident.start()
    pages = demo_answers()
    assert resident.post_page(1, pages[0]).status_code == 302
    statuses = [resident.post_page(2, {}, "back").status_code for _ in range(40)]  # a script would
    assert 429 in statuses
    for language, expected in (("de", "von diesem Browser oder von Ihrem Internetanschluss"),
                               ("en", "from this browser or from your internet connection")):
        refused = resident.client.post(f"{DEMO_PATH}/seite/2", data={"action": "next"}, headers={"Accept-Language": language})
        assert refused.status_code == 429
        assert expected in refused.get_data(as_text=True)
    limiter_clock.advance(61)
    resident.open(f"{DEMO_PATH}/seite/1")
    for value in pages[0].values():
        assert f'value="{value}" checked' in resident.html
    for number, answers in enumerate(pages, 1):
        response = resident.post_page(number, answers, "submit" if number == PAGES else "next")
        assert response.status_code == 302, (number, response.status_code)
    assert response.location.endswith("/danke") and count_rows(Response) == 1


@ONE_DATABASE
def test_a_kiosk_tablet_serves_more_people_than_one_browser_may_be(limited_app, limiter_clock, demo, make_staff, login):
    # One tablet, one cookie, many residents: only the address limits count for it.
    tablet = limited_app.test_client()
    make_staff("redaktion@example.org", "editor")
    login(tablet, "redaktion@example.org")
    token = form_fields(tablet.get("/verwaltung/erfassung/").get_data(as_text=True))["csrf_token"]
    slug = DEMO_PATH.rsplit("/", 1)[1]
    assert tablet.post(f"/verwaltung/erfassung/{slug}/kiosk", data={"csrf_token": token}).location == DEMO_PATH
    for _ in range(15):  # RATELIMIT_RESPONSE is 10 an hour per browser
        resident = Resident(tablet)
        resident.start()
        for number, answers in enumerate(demo_answers(), 1):
            assert send_page(resident, number, answers).status_code == 302
        assert tablet.get("/kiosk/neu").location == DEMO_PATH
        limiter_clock.advance(3 * 60)
    assert set(db.session.scalars(select(Response.channel))) == {"kiosk"} and count_rows(Response) == 15


def test_a_class_typing_its_codes_all_start_and_guessers_are_stopped(limited_app, limiter_clock, demo):
    survey = db.session.scalars(select(Survey).where(Survey.slug == DEMO_PATH.rsplit("/", 1)[1])).one()
    survey.access_mode = "codes"
    db.session.commit()
    right = access.create_batch(limited_app.config["SECRET_KEY"], survey.id, 32)
    db.session.commit()

    def start(client, typed):
        return start_with_code(client, typed)[0].status_code

    # 30 pupils within a minute, every third mistyping the code first: right codes count nothing.
    for index, code in enumerate(right[:30]):
        pupil = limited_app.test_client()
        if index % 3 == 0:
            assert start(pupil, codes.new_code()) == 422
        assert start(pupil, code) == 302

    guesser = limited_app.test_client()
    statuses = [start(guesser, codes.new_code()) for _ in range(11)]
    assert statuses == [422] * 10 + [429]  # RATELIMIT_CODE: 10 wrong a minute per browser
    assert start(guesser, right[30]) == 429  # a guesser waits even with a right code

    # A guesser taking a new cookie each time uses up the address: 10 typos + 10 + 10 = 30 a minute.
    statuses = [start(limited_app.test_client(), codes.new_code()) for _ in range(11)]
    assert statuses == [422] * 10 + [429]
    assert start(limited_app.test_client(), right[30]) == 429  # ... and the class waits a minute with it
    limiter_clock.advance(61)
    assert start(limited_app.test_client(), right[30]) == 302
