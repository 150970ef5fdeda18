"""Shared fixtures: the app on SQLite and, when configured, on PostgreSQL; a client; the demo survey."""

import os
import secrets

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from participation import create_app
from participation.extensions import db

POSTGRES_URL = os.environ.get("PARTICIPATION_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("PARTICIPATION_REQUIRE_POSTGRES") == "1"


def pytest_report_header(config):
    if POSTGRES_URL:
        return "PostgreSQL tests: on"
    return "PostgreSQL tests: skipped (set PARTICIPATION_TEST_POSTGRES_URL to run them)"


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context, as in production: `g` and the database session
    are not shared with the test's own context (which Flask would otherwise reuse)."""

    def open(self, *args, **kwargs):
        if has_app_context():
            # End the test's own transaction, so the test and the request see each other's writes.
            db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(database_url: str, **overrides):
    settings = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SQLALCHEMY_DATABASE_URI": None,
        "SECRET_KEY": secrets.token_hex(16),
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": False,
    }
    settings.update(overrides)
    config = {key: value for key, value in settings.items() if value is not None}
    app = create_app(config)
    app.test_client_class = FreshContextClient
    return app


def _postgres_url_or_skip() -> str:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("PARTICIPATION_REQUIRE_POSTGRES=1 but PARTICIPATION_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured (PARTICIPATION_TEST_POSTGRES_URL)")
    return POSTGRES_URL


def _migrate_fresh(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()


@pytest.fixture
def other_app():
    """Factory for an extra app with other settings; its database connections are closed afterwards."""
    made = []

    def make(database_url: str, **overrides):
        made.append(make_app(database_url, **overrides))
        return made[-1]

    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(request, tmp_path_factory):
    if request.param == "postgres":
        return _postgres_url_or_skip()
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def migrated_app(database_url):
    app = make_app(database_url)
    _migrate_fresh(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def _empty_all_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(migrated_app):
    with migrated_app.app_context():
        yield migrated_app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo(app):
    """The demo installation: localities, life areas, process steps and the open demo survey."""
    from participation.core.clock import town_today
    from participation.demo.load import load_demo_survey, load_reference_data

    with app.test_request_context():
        load_reference_data()
        survey = load_demo_survey(town_today())
        db.session.commit()
        return survey.slug


STAFF_PASSWORD = "ein langes Test-Passwort"


@pytest.fixture
def make_staff(app):
    """Factory: make_staff("a@b.de", "editor", ...) creates an active staff account."""
    from participation.staff import services

    def make(email: str = "staff@example.org", *roles: str, password: str = STAFF_PASSWORD):
        user = services.create_user(email, set(roles), password=password)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login():
    """Log a client in through the real login form."""
    import re

    def log_in(client, email: str, password: str = STAFF_PASSWORD):
        html = client.get("/verwaltung/anmelden").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        response = client.post("/verwaltung/anmelden", data={"email": email, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.status_code
        return response

    return log_in
