"""Rate limits switched on with their default settings, on memory and on Redis, and a clock for them.

Import the fixtures into a test module: `from tests.rate_limits import limited_app, limiter_clock`.
"""

import os

import pytest
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import FixedWindowRateLimiter

from participation.extensions import db, limiter

REDIS_URL = os.environ.get("PARTICIPATION_TEST_REDIS_URL")
REQUIRE_REDIS = os.environ.get("PARTICIPATION_REQUIRE_REDIS") == "1"
#: What every test client sends as its address, unless a test says otherwise.
SHARED_ADDRESS = "127.0.0.1"


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, database_url, migrated_app, other_app):
    """An app on the test database with the default rate limits on; the demo survey is loaded by
    the `demo` fixture into the same database. Counters are empty at the start and at the end."""
    if request.param == "redis" and not REDIS_URL:
        if REQUIRE_REDIS:
            pytest.fail("PARTICIPATION_REQUIRE_REDIS=1 but PARTICIPATION_TEST_REDIS_URL is not set")
        pytest.skip("Redis not configured (PARTICIPATION_TEST_REDIS_URL)")
    storage = REDIS_URL if request.param == "redis" else "memory://"
    app = other_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage)
    limiter.reset()
    yield app
    # The limiter is one object shared by all apps: switch it off again as the test settings say.
    limiter.reset()
    limiter.enabled = False


class LimiterClock:
    """Lets time pass for the rate limiter's counters, on memory and on Redis alike.

    With fixed windows (RATELIMIT_STRATEGY) a counter is a number and the moment it expires, and
    the passing of time does nothing else to it: advancing the clock by s seconds is bringing every
    expiry s seconds closer and dropping the counters whose window has ended. That is what Redis
    and the memory storage do by themselves when one really waits, so a simulated hour is an hour
    for the limits; the app's own clock (town_today) is left alone.
    """

    def __init__(self):
        assert isinstance(limiter.limiter, FixedWindowRateLimiter), "the clock only knows fixed windows"
        self.storage = limiter.storage
        self.elapsed = 0.0

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds
        if isinstance(self.storage, MemoryStorage):
            for key in list(self.storage.expirations):
                self.storage.expirations[key] -= seconds
        elif isinstance(self.storage, RedisStorage):
            client = self.storage.storage
            for key in client.scan_iter(match=self.storage.prefixed_key("*")):
                left = client.pttl(key)
                if 0 <= left <= seconds * 1000:
                    client.delete(key)
                elif left > 0:
                    client.pexpire(key, left - int(seconds * 1000))
        else:  # pragma: no cover - a new storage needs its own way of ageing
            raise AssertionError(f"no clock for {type(self.storage).__name__}")


@pytest.fixture
def limiter_clock(limited_app):
    return LimiterClock()


def count_rows(model) -> int:
    from sqlalchemy import func, select

    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))
