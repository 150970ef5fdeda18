"""When things go wrong: database down, too many requests, server errors, bad requests."""

import os

import pytest

from tests.helpers import DEMO_PATH, Resident, demo_answers


@pytest.fixture
def unreachable_database_app(tmp_path, other_app):
    return other_app("sqlite:///" + str(tmp_path / "missing" / "folder" / "db.sqlite"))


def test_database_down_gives_localised_503(unreachable_database_app):
    client = unreachable_database_app.test_client()
    response = client.get("/")
    assert response.status_code == 503
    assert "Vorübergehend nicht erreichbar" in response.get_data(as_text=True)
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.get_data(as_text=True)


def test_database_down_keeps_the_answers_already_given(client, demo, migrated_app, tmp_path, other_app):
    resident = Resident(client)
    resident.start()
    resident.post_page(1, demo_answers()[0])
    assert "Seite 2 von 5" in resident.html
    cookies = {cookie.key: cookie.value for cookie in client._cookies.values()}

    broken = other_app("sqlite:///" + str(tmp_path / "gone" / "db.sqlite"), SECRET_KEY=migrated_app.config["SECRET_KEY"])
    outage = broken.test_client()
    for key, value in cookies.items():
        outage.set_cookie(key, value)
    response = outage.post(DEMO_PATH + "/seite/2", data={"action": "next"})
    assert response.status_code == 503

    resident.open(DEMO_PATH + "/seite/1")
    first = demo_answers()[0]
    for value in first.values():
        assert f'value="{value}" checked' in resident.html


REDIS_URL = os.environ.get("PARTICIPATION_TEST_REDIS_URL")


@pytest.fixture(params=["memory", "redis"])
def rate_limited_app(request, database_url, migrated_app, other_app):
    from participation.extensions import limiter

    if request.param == "redis" and not REDIS_URL:
        if os.environ.get("PARTICIPATION_REQUIRE_REDIS") == "1":
            pytest.fail("PARTICIPATION_REQUIRE_REDIS=1 but PARTICIPATION_TEST_REDIS_URL is not set")
        pytest.skip("Redis not configured (PARTICIPATION_TEST_REDIS_URL)")
    storage = REDIS_URL if request.param == "redis" else "memory://"
    yield other_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="3 per minute",
                    RATELIMIT_SUBMIT_ADDRESS="3 per minute", RATELIMIT_STORAGE_URI=storage)
    # The limiter is one object shared by all apps: switch it off again as the test settings say.
    limiter.reset()
    limiter.enabled = False


def test_rate_limit_on_submissions_gives_localised_429(rate_limited_app):
    app = rate_limited_app
    client = app.test_client()
    with app.app_context():
        statuses = [client.post(DEMO_PATH + "/seite/1", data={}).status_code for _ in range(4)]
    assert statuses[-1] == 429
    response = client.post(DEMO_PATH + "/seite/1", data={}, headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert "Too many requests" in response.get_data(as_text=True)


def test_unexpected_error_gives_localised_500_without_details(tmp_path, other_app):
    app = other_app("sqlite:///" + str(tmp_path / "db.sqlite"), TESTING=False)

    @app.get("/kaputt")
    def broken():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/kaputt")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Ein Fehler ist aufgetreten" in html
    assert "secret internal detail" not in html and "Traceback" not in html
