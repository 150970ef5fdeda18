"""Staff accounts for browser tests: created in the live server's database with the real command,
and a login through the real form."""

import subprocess

from tests.live import BIN, PROJECT_ROOT
from tests.live import free_port as _free_port
from tests.live import run_command as _run
from tests.live import server_environment as _server_environment

PASSWORD = "ein langes Browser-Test-Passwort"


def create_staff(database_path, email: str, *roles: str) -> str:
    """`flask staff create` against the live server's database; returns the e-mail."""
    env = _server_environment(database_path, _free_port())
    role_options = [option for role in roles for option in ("--role", role)]
    _run([str(BIN / "flask"), "--app", "wsgi", "staff", "create", email, *role_options, "--password", PASSWORD], env=env)
    return email


def run_in_server_database(database_path, script: str) -> str:
    """Run a Python script against the live server's database (setup data); returns its output."""
    env = _server_environment(database_path, _free_port())
    result = subprocess.run([str(BIN / "python"), "-c", script], cwd=PROJECT_ROOT, env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout


def log_in(page, email: str, next_path: str = "") -> None:
    page.goto("/verwaltung/anmelden" + (f"?next={next_path}" if next_path else ""))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("form button.primary")
