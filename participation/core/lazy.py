"""Alembic, loaded on first use (QUALITY.md: at most 100 MB per worker).

A gunicorn worker serves pages from stored snapshots; it keeps whatever it imported for its whole
life. Alembic (about 11 MB) is needed only by `flask db` and the tests; numpy and HiGHS (about
18 MB) only by the privacy gate, which loads them the same way (participation/disclosure/lazy.py).
Measured with `python -m benchmarks.memory`.
"""

import click
from flask import Flask



class _Migrations:
    """Stands in for Flask-Migrate's entry in `app.extensions` until something asks for it
    (`flask db upgrade`, flask_migrate.upgrade() in tests); then sets Flask-Migrate up for real."""

    def __init__(self, app: Flask, db, **options):
        self._app, self._db, self._options = app, db, options

    def __getattr__(self, name: str):
        from flask_migrate import Migrate

        Migrate(self._app, self._db, **self._options)  # replaces this stand-in in app.extensions
        return getattr(self._app.extensions["migrate"], name)


def init_migrations(app: Flask, db, **options) -> None:
    """Flask-Migrate for `app`: at once when the app is made for a `flask` command (which brings
    the `flask db` commands), otherwise (a web worker, the tests) imported only when first used."""
    if click.get_current_context(silent=True) is not None:
        from flask_migrate import Migrate

        Migrate(app, db, **options)
    else:
        app.extensions["migrate"] = _Migrations(app, db, **options)
