"""Citizen participation platform: anonymous surveys, idea boards and protected results."""

import os
from pathlib import Path

# The privacy gate's matrices are small: BLAS threads only fight over the cores the web workers
# already use (measured: the same gate ran three times slower with OpenBLAS threads on 2 cores).
# Set before anything imports numpy; an explicit setting in the environment wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from flask import Flask

from participation.config import Config, database_uri, load_or_create_secret_key


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error handlers and commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PARTICIPATION")
    if test_config:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", database_uri(app.config, app.instance_path))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)

    from participation.core import register_core

    register_core(app)
    if app.config["PROXY_COUNT"]:
        from participation.core.proxy import TrustedProxyFix

        app.wsgi_app = TrustedProxyFix(app.wsgi_app, int(app.config["PROXY_COUNT"]), app.config["PROXY_ADDRESSES"])

    from participation.access.views import bp as access_bp
    from participation.pages.views import bp as pages_bp
    from participation.paper.views import bp as paper_bp
    from participation.staff.views import bp as staff_bp
    from participation.surveys.views import bp as surveys_bp
    from participation.builder.views import bp as builder_bp
    from participation.quotes.views import bp as quotes_bp
    from participation.ideas import register_blueprints as register_ideas

    app.register_blueprint(pages_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(builder_bp)
    app.register_blueprint(paper_bp)
    app.register_blueprint(access_bp)
    from participation.results.views import bp as results_bp
    from participation.api.views import bp as api_bp

    app.register_blueprint(results_bp)
    app.register_blueprint(api_bp)
    from participation.disclosure.policy import Policy
    from participation.results.staff_views import bp as results_staff_bp

    Policy.from_config(app.config)  # refuse to start with thresholds that would publish single people

    app.register_blueprint(results_staff_bp)
    app.register_blueprint(quotes_bp)
    register_ideas(app)
    from participation.groups import register_blueprints as register_groups

    register_groups(app)

    from participation.cli import register_commands

    register_commands(app)
    return app
