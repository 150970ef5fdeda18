"""`make bench`: the app against a bare Flask endpoint, under the same gunicorn settings, side by side.

Prints requests per second of each and their ratio (QUALITY.md). Absolute numbers are context only:
machines here are shared and noisy, the ratio is what is compared with the targets.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import measure  # noqa: E402

BIN = Path(sys.executable).parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app_path: str, env: dict, port: int) -> subprocess.Popen:
    env = {**env, "PARTICIPATION_BIND": f"127.0.0.1:{port}", "PARTICIPATION_WORKERS": "2"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null", app_path],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app_path} did not start")


def prepared_submission(env: dict) -> tuple[str, dict]:
    """Walk the demo survey once with the test client; return the final form body and headers."""
    os.environ.update(env)
    from participation import create_app
    from tests.helpers import Resident, demo_answers, form_fields

    app = create_app()
    with app.app_context():
        client = app.test_client()
        resident = Resident(client)
        resident.start()
        pages = demo_answers()
        for number, answers in enumerate(pages[:4], 1):
            resident.post_page(number, answers)
        fields = {**form_fields(resident.html), **pages[4], "action": "submit", "submission_key": "{unique}"}
        cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
    body = urlencode(fields, doseq=True).replace("%7Bunique%7D", "{unique}")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    return body, headers


def setup_database(env: dict) -> None:
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def count_responses(env: dict) -> int:
    from sqlalchemy import func, select

    from participation import create_app
    from participation.extensions import db
    from participation.surveys.records import Response

    with create_app().app_context():
        return db.session.scalar(select(func.count()).select_from(Response))


def bench_submission(label: str, database_url: str) -> float:
    env = {**os.environ, "PARTICIPATION_DATABASE_URL": database_url,
           "PARTICIPATION_SECRET_KEY": secrets.token_hex(16), "PARTICIPATION_SESSION_COOKIE_SECURE": "false",
           "PARTICIPATION_RATELIMIT_ENABLED": "false"}
    setup_database(env)
    body, headers = prepared_submission(env)

    port = free_port()
    bare = serve("benchmarks.bare:app", env, port)
    try:
        bare_rps, _ = measure("127.0.0.1", port, "POST", "/", body, headers, SECONDS)
    finally:
        bare.terminate()
        bare.wait()

    port = free_port()
    server = serve("wsgi:app", env, port)
    try:
        before = count_responses(env)
        app_rps, failed = measure("127.0.0.1", port, "POST", "/umfragen/digitales-wolmirstedt/seite/5", body, headers, SECONDS)
        stored = count_responses(env) - before
    finally:
        server.terminate()
        server.wait()
    ratio = app_rps / bare_rps
    print(f"{label:<32} bare {bare_rps:8.0f}/s   app {app_rps:8.0f}/s   ratio {ratio:6.1%}   "
          f"(target ≥ 35 %; {stored} responses stored, {failed} failed)")
    return ratio


def main() -> None:
    print(f"Benchmarks, {SECONDS:.0f} s each, gunicorn with 2 workers, 4 client processes")
    with tempfile.TemporaryDirectory() as tmp:
        bench_submission("survey submission (SQLite)", f"sqlite:///{tmp}/bench.sqlite")
    postgres = os.environ.get("PARTICIPATION_TEST_POSTGRES_URL")
    if postgres:
        from sqlalchemy import create_engine, text

        engine = create_engine(postgres)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        bench_submission("survey submission (PostgreSQL)", postgres)
    else:
        print("survey submission (PostgreSQL)   skipped: set PARTICIPATION_TEST_POSTGRES_URL")
    from benchmarks import gate, publication

    gate.main()
    outcomes = publication.main()
    if not all(outcome.ok for outcome in outcomes):
        sys.exit("publishing missed a target or its check (see above)")


if __name__ == "__main__":
    main()
