"""Libraries a web worker never needs, loaded on first use (QUALITY.md: at most 100 MB per worker).

A gunicorn worker serves pages from stored snapshots; it keeps whatever it imported for its whole
life. numpy and HiGHS (about 18 MB) are needed only by the privacy gate, which runs when results
are previewed or published; Alembic (about 11 MB) only by `flask db` and the tests. Measured with
`python -m benchmarks.memory`.
"""

import importlib.util
import sys
from types import ModuleType

import click
from flask import Flask


def lazy_module(name: str) -> ModuleType:
    """The module `name`, whose code runs when one of its attributes is first used (the standard
    library's LazyLoader); at once if it was imported already."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


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
