"""The real server for tests: gunicorn with gunicorn.conf.py on a scratch SQLite database with the
demo data, optionally behind the shipped nginx (tests/proxy.py). Used by the browser tests and by
tests that need real connections (slow clients, logs)."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.proxy import RunningProxy

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVER_START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_path: Path, port: int, setting: str = "direct") -> dict[str, str]:
    """Environment of the server (and of commands run against its database)."""
    # Settings of the calling shell (a developer's database, say) must not leak into the server.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PARTICIPATION_")}
    env.update(
        PARTICIPATION_DATABASE_URL=f"sqlite:///{database_path}",
        PARTICIPATION_SECRET_KEY=secrets.token_hex(32),
        PARTICIPATION_BIND=f"127.0.0.1:{port}",
        PARTICIPATION_WORKERS="2",
        # All requests come from 127.0.0.1: the tests send more pages a minute than one resident.
        PARTICIPATION_RATELIMIT_SUBMIT="1000 per minute",
    )
    if setting == "https":
        # Production: secure cookies (the default) and one trusted proxy in front.
        env.update(PARTICIPATION_PROXY_COUNT="1")
    else:
        env.update(PARTICIPATION_SESSION_COOKIE_SECURE="false")
    return env


def run_command(command: list[str], **options) -> None:
    try:
        subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True, **options)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"{' '.join(command)} failed ({error.returncode}):\n{error.stdout}{error.stderr}", pytrace=False)


def compile_translations() -> None:
    """Compile the catalogues when a .mo file is missing or older than its .po file."""
    catalogues = (PROJECT_ROOT / "translations").glob("*/LC_MESSAGES/messages.po")
    for po in catalogues:
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            run_command([str(BIN / "pybabel"), "compile", "-d", "translations", "--use-fuzzy"])
            return


def wait_until_answering(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within {SERVER_START_TIMEOUT} s:\n{log_path.read_text()}")


@dataclass(frozen=True)
class Server:
    app_url: str
    app_port: int
    log_path: Path
    database_path: Path
    proxy: RunningProxy | None


@contextlib.contextmanager
def running_server(folder: Path, setting: str = "direct", **settings: str) -> Iterator[Server]:
    """gunicorn (2 workers) with the demo data; with setting="https" also nginx in front.

    `settings` are extra PARTICIPATION_* variables, e.g. RATELIMIT_SUBMIT="5 per minute".
    """
    database_path = folder / "db.sqlite"
    log_path = folder / "gunicorn.log"
    port = free_port()
    env = server_environment(database_path, port, setting)
    env.update({f"PARTICIPATION_{name}": value for name, value in settings.items()})
    compile_translations()
    for command in (["db", "upgrade"], ["demo", "load"]):
        run_command([str(BIN / "flask"), "--app", "wsgi", *command], env=env)
    app_url = f"http://127.0.0.1:{port}"
    proxy = None
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_answering(app_url, process, log_path)
            if setting == "https":
                proxy = RunningProxy(folder / "nginx", port)
            yield Server(app_url=app_url, app_port=port, log_path=log_path, database_path=database_path, proxy=proxy)
        finally:
            if proxy:
                proxy.stop()
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
