"""What every page shares: extensions, locale, security headers, sessions, templates, errors."""

from pathlib import Path

from flask import Flask

from participation.extensions import babel, compress, csrf, db, limiter

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def register_core(app: Flask) -> None:
    from participation.core import database, errors, health, inputs, lazy, locale, logs, security, sessions, templating
    from participation.staff import auth

    inputs.init_app(app)  # before any route is added: rules bind their converters then
    database.configure_engine(app)
    db.init_app(app)
    lazy.init_migrations(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    babel.init_app(
        app,
        locale_selector=locale.select_locale,
        default_translation_directories=str(PROJECT_ROOT / "translations"),
    )
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    app.session_interface = sessions.ChunkedCookieSessionInterface()
    auth.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    app.register_blueprint(health.bp)
    logs.init_app(app)
    _import_models()


def _import_models() -> None:
    # Every model must be known to the metadata for Flask-Migrate; they are imported here once.
    from participation.access import models as _access  # noqa: F401
    from participation.builder import models as _builder  # noqa: F401
    from participation.groups import models as _groups  # noqa: F401
    from participation.groups import workshop_models as _workshops  # noqa: F401
    from participation.ideas import models as _ideas  # noqa: F401
    from participation.localities import models as _localities  # noqa: F401
    from participation.pages import models as _pages  # noqa: F401
    from participation.results import models as _results  # noqa: F401
    from participation.staff import models as _staff  # noqa: F401
    from participation.surveys import models as _surveys  # noqa: F401
    from participation.surveys import records as _records  # noqa: F401
