"""Fixtures of the attacker tests: the five localities, and the switch of the whole-publication audit."""

import itertools

import pytest

from participation.extensions import db
_slugs = itertools.count(1)

@pytest.fixture
def town(app):
    """The demo installation's localities (Mose the smallest), nothing else."""
    from participation.api import views as api
    from participation.demo.load import load_reference_data

    # The API keeps encoded snapshots by snapshot id; ids start again in each test's emptied
    # database, so an earlier test's body would be served.
    api._BODIES.clear()

    load_reference_data()
    db.session.commit()


@pytest.fixture
def sqlite_only(app):
    """For the long runs: past the SQL counts the publication path is the same on every
    database, and the fixed examples run on PostgreSQL too."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("long attacker runs on SQLite only; the fixed examples cover PostgreSQL")


@pytest.fixture
def audit_off(monkeypatch):
    """Publish as before issue 10: every table gated alone, no earlier version withdrawn."""
    monkeypatch.setattr("participation.disclosure.WHOLE_PUBLICATION", False)


def new_slug(prefix: str) -> str:
    return f"{prefix}-{next(_slugs)}"
