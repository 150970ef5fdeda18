"""The application's foundations: configuration, secret key, schema through migrations, sessions."""

import os
import random
import stat
import warnings

import pytest
from sqlalchemy import select

from participation import create_app
from participation.config import database_uri, load_or_create_secret_key
from participation.extensions import db


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    first = load_or_create_secret_key(str(tmp_path))
    second = load_or_create_secret_key(str(tmp_path))
    assert first == second and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_sqlite_in_instance_folder_is_the_default():
    assert database_uri({}, "/srv/instance") == "sqlite:////srv/instance/participation.sqlite"
    assert database_uri({"DATABASE_URL": "postgres://u@h/db"}, "/x") == "postgresql+psycopg://u@h/db"


def test_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTICIPATION_DATABASE_URL", "sqlite:///" + str(tmp_path / "env.sqlite"))
    monkeypatch.setenv("PARTICIPATION_SITE_NAME", "Beteiligung Musterstadt")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    assert app.config["SITE_NAME"] == "Beteiligung Musterstadt"


def test_sqlite_runs_in_wal_mode_with_full_sync(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_factory_creates_no_tables(tmp_path):
    path = tmp_path / "fresh.sqlite"
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite:///" + str(path)})
    with app.app_context():
        tables = db.session.execute(db.text("SELECT name FROM sqlite_master WHERE type='table'")).all()
    assert tables == []


def test_migrations_match_the_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection, warnings.catch_warnings():
        # Alembic cannot reflect the expression index on SQLite; it is created by the migration.
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_demo_load_is_idempotent_and_uses_every_question_kind(app, demo):
    from participation.core.clock import town_today
    from participation.demo.load import load_demo_survey, load_reference_data
    from participation.localities.models import LifeArea, Locality
    from participation.surveys.models import QUESTION_KINDS, Question

    with app.test_request_context():
        load_reference_data()
        assert load_demo_survey(town_today()) is None
        db.session.commit()
    assert len(db.session.scalars(select(Locality)).all()) == 5
    assert len(db.session.scalars(select(LifeArea)).all()) == 12
    kinds = set(db.session.scalars(select(Question.kind)))
    assert kinds == set(QUESTION_KINDS)
    conditional = db.session.scalars(select(Question).where(Question.show_if_question_id.is_not(None))).all()
    assert conditional and all(question.show_if_options for question in conditional)


def test_demo_load_command(app, demo):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0
    assert "nothing changed" in result.output


def test_long_answers_fit_in_a_session_spread_over_several_cookies(client, demo):
    from tests.helpers import Resident, demo_answers, demo_questions

    resident = Resident(client)
    resident.start()
    for number, answers in enumerate(demo_answers()[:4], 1):
        resident.post_page(number, answers)
    q = demo_questions()
    # Random characters from a large alphabet compress badly: the worst case for the cookie size.
    letters = random.Random(7)
    text = "".join(chr(letters.randrange(0x4E00, 0x9FFF)) for _ in range(2000))
    resident.post_page(5, {f"q{q['vision'].id}": text, f"q{q['first_service'].id}": "x" * 150}, action="back")
    names = sorted(cookie.key for cookie in client._cookies.values())
    assert len(names) >= 2 and all(name.startswith("beteiligung") for name in names)
    resident.open("/umfragen/digitales-wolmirstedt/seite/5")
    assert text in resident.html


def test_behind_a_proxy_rate_limits_see_each_resident(tmp_path):
    from participation.extensions import _client_address

    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite:///" + str(tmp_path / "p.sqlite"), "PROXY_COUNT": 1})

    @app.get("/whoami")
    def whoami():
        from flask import request

        return f"{_client_address()} {request.scheme}"

    response = app.test_client().get(
        "/whoami", headers={"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}
    )
    assert response.get_data(as_text=True) == "198.51.100.7 https"
