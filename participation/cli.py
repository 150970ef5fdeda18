"""Flask commands: `flask --app wsgi demo load`, `flask --app wsgi translations compile`, ..."""

import subprocess
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from participation.core import PROJECT_ROOT
from participation.staff.models import ROLES

demo = AppGroup("demo", help="Demo data for trying the platform out.")
staff = AppGroup("staff", help="Staff accounts.")
maintenance = AppGroup("maintenance", help="Housekeeping for privacy and storage.")
translations = AppGroup("translations", help="Extract, update and compile the message catalogues.")


@demo.command("load")
def demo_load() -> None:
    """Load localities, life areas, process steps and the open demo survey (idempotent)."""
    from participation.core.clock import town_today
    from flask import current_app

    from participation.demo.ideas import load_demo_ideas
    from participation.demo.load import load_demo_staff, load_demo_survey, load_reference_data
    from participation.extensions import db

    load_reference_data()
    created = load_demo_survey(town_today())
    load_demo_ideas(town_today())
    from participation.demo.results import load_demo_results

    if load_demo_results(town_today()):
        click.echo("Finished demo survey with invented answers published at /ergebnisse.")
    email, password = load_demo_staff(current_app.instance_path, current_app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.commit()
    click.echo("Demo survey created." if created else "Demo data already present; nothing changed.")
    click.echo(f"Demo staff login (demo data only): {email} / {password}  at /verwaltung/anmelden")


@staff.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="May be repeated.")
@click.option("--name", default="", help="Display name.")
@click.password_option(help="Asked for when not given (at least 12 characters).")
def staff_create(email: str, roles: tuple[str, ...], name: str, password: str) -> None:
    """Create a staff account, e.g. the first admin: flask --app wsgi staff create a@b.de --role admin."""
    from participation.extensions import db
    from participation.staff import queries, services
    from participation.staff.passwords import MIN_LENGTH

    if len(password) < MIN_LENGTH:
        raise click.UsageError(f"The password needs at least {MIN_LENGTH} characters.")
    if queries.get_user_by_email(email):
        raise click.UsageError(f"There is already an account for {email}.")
    services.create_user(email, set(roles), name, password)
    db.session.commit()
    click.echo(f"Created {services.normalise_email(email)} with roles {', '.join(sorted(roles))}.")


@maintenance.command("shuffle-responses")
def maintenance_shuffle_responses() -> None:
    """Rewrite every survey and the idea supports in random order, then vacuum (an extra; see README)."""
    from participation.extensions import db
    from participation.surveys.storage_order import shuffle_stored_order, vacuum

    counts = shuffle_stored_order()
    db.session.commit()
    vacuum()
    click.echo("Rewritten in random order: " + ", ".join(f"{table} {count}" for table, count in counts.items()))


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
    app.cli.add_command(staff)
    app.cli.add_command(maintenance)
    app.cli.add_command(translations)
    from participation.results.cli import results, surveys

    app.cli.add_command(surveys)
    app.cli.add_command(results)
