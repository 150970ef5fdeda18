"""`python -m benchmarks.memory`: resident memory of each gunicorn worker after boot and after
10,000 mixed requests (QUALITY.md: at most 100 MB per worker).

The real server (gunicorn.conf.py, 2 workers) on a scratch SQLite database with the demo data (or
the database in BENCH_DATABASE_URL, whose tables it fills with the demo data);
the requests are what residents and readers send: the home page, the survey's intro and pages
(walked with a session, as a browser does), the published results and their charts, the API, the
idea boards and ideas. Exits non-zero when a worker is over the budget or a request failed.
"""

import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import free_port, serve  # noqa: E402

BIN = Path(sys.executable).parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10000"))
BUDGET_MB = 100
SURVEY = "/umfragen/digitales-wolmirstedt"
RESULTS = "/ergebnisse/vorbefragung-digitales-wolmirstedt"
READS = [
    "/", SURVEY, RESULTS, f"{RESULTS}/elbeu", f"{RESULTS}/v1/diagramme/de/1.svg", f"{RESULTS}/v1/diagramme/de/3.svg",
    "/api/v1/surveys", "/api/v1/surveys/vorbefragung-digitales-wolmirstedt/results", "/ideen", "/ideen/ganze-stadt",
    "/ergebnisse", "/datenschutz",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def workers_of(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)


def settled(master: int, timeout: float = 60) -> dict[int, float]:
    """Each worker's RSS once both have booted: two readings a second apart within 0.5 MB (while a
    worker imports, its RSS passes through peaks the finished worker gives back)."""
    deadline, before = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        time.sleep(1)
        now = {pid: rss_mb(pid) for pid in workers_of(master)}
        if len(now) == 2 and now.keys() == before.keys() and all(abs(now[pid] - before[pid]) < 0.5 for pid in now):
            return now
        before = now
    raise RuntimeError("the workers did not settle")


class Browser:
    """One resident: a cookie jar, and the survey walked page by page without answering."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode(errors="replace")

    def walk_survey(self) -> int:
        html = self.get(SURVEY)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
            r'name="csrf_token" value="([^"]+)"', html
        )
        body = urllib.parse.urlencode({"csrf_token": token.group(1)}).encode()
        request = urllib.request.Request(self.base + SURVEY + "/beginnen", data=body, headers={"Origin": self.base})
        with self.opener.open(request, timeout=30) as response:
            response.read()
        for number in (1, 2, 3):
            self.get(f"{SURVEY}/seite/{number}")
        return 5


def load(base: str, total: int) -> int:
    """Send about `total` mixed requests from 4 browsers; return how many failed."""
    board = Browser(base).get("/ideen/ganze-stadt")
    reads = [*READS, re.search(r'href="(/ideen/idee/\d+)"', board).group(1)]

    def one_browser(count: int) -> int:
        browser, sent, failed = Browser(base), 0, 0
        while sent < count:
            try:
                if sent % 50 == 0:
                    sent += browser.walk_survey()
                    continue
                browser.get(reads[sent % len(reads)])
            except (urllib.error.URLError, OSError) as error:
                failed += 1
                print("failed:", error, file=sys.stderr)
            sent += 1
        return failed

    with ThreadPoolExecutor(4) as pool:
        failures = sum(pool.map(one_browser, [total // 4] * 4))
    return failures


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("PARTICIPATION_")}
    env.update(
        PARTICIPATION_DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'db.sqlite'}",
        PARTICIPATION_SECRET_KEY=secrets.token_hex(32),
        PARTICIPATION_SESSION_COOKIE_SECURE="false",
        PARTICIPATION_RATELIMIT_ENABLED="false",
    )
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = serve("wsgi:app", env, port)
    try:
        booted = settled(server.pid)
        failures = load(f"http://127.0.0.1:{port}", REQUESTS)
        after = {pid: rss_mb(pid) for pid in workers_of(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=15)
    print(f"worker RSS after boot: {', '.join(f'{mb:.1f} MB' for mb in booted.values())}")
    print(f"worker RSS after {REQUESTS} mixed requests: {', '.join(f'{mb:.1f} MB' for mb in after.values())}")
    if set(after) != set(booted):
        sys.exit("a worker was replaced during the run (crash or timeout)")
    if failures:
        sys.exit(f"{failures} requests failed")
    if max(after.values()) > BUDGET_MB:
        sys.exit(f"a worker is over the budget of {BUDGET_MB} MB")


if __name__ == "__main__":
    main()
