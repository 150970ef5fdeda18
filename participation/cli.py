"""Flask commands: `flask --app wsgi demo load`, `flask --app wsgi translations compile`, ..."""

import subprocess
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from participation.core import PROJECT_ROOT

demo = AppGroup("demo", help="Demo data for trying the platform out.")
translations = AppGroup("translations", help="Extract, update and compile the message catalogues.")


@demo.command("load")
def demo_load() -> None:
    """Load localities, life areas, process steps and the open demo survey (idempotent)."""
    from participation.core.clock import town_today
    from participation.demo.load import load_demo_survey, load_reference_data
    from participation.extensions import db

    load_reference_data()
    created = load_demo_survey(town_today())
    db.session.commit()
    click.echo("Demo survey created." if created else "Demo data already present; nothing changed.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=PROJECT_ROOT)


@translations.command("extract")
def translations_extract() -> None:
    """Collect all texts into translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-o", "translations/messages.pot", ".")


@translations.command("update")
def translations_update() -> None:
    """Extract, then merge new texts into every language's catalogue."""
    translations_extract.callback()
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching")


@translations.command("compile")
def translations_compile() -> None:
    """Compile the catalogues (.po to .mo) so the app can use them."""
    _pybabel("compile", "-d", "translations", "--statistics")


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(translations)
