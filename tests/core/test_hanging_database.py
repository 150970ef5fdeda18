"""A PostgreSQL server that stops answering (as under `kill -STOP`): the resident gets the
localised 503 within seconds, the answers of earlier pages stay in the browser, and once the
server answers again everything works.

CI's PostgreSQL serves the whole suite, so it is not stopped: the real server (gunicorn) reaches
it through a relay that can freeze. Frozen, the relay keeps every connection open and accepts new
ones, but forwards nothing: the kernel acknowledges, nobody answers, which is what a stopped
server looks like from the client.
"""

import http.cookiejar
import json
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url

from tests.helpers import DEMO_PATH, demo_answers, form_fields
from tests.live import BIN, PROJECT_ROOT, compile_translations, free_port, server_environment, wait_until_answering

#: What the issue promises a resident; the client waits at most DATABASE_TIMEOUT (4 s).
PROMISED_SECONDS = 5
RECOVERY_SECONDS = 30


class FreezableRelay:
    """127.0.0.1:<port> → the database server, forwarding both ways until frozen."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.flowing = threading.Event()
        self.flowing.set()
        self.sockets: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self) -> None:
        self.flowing.clear()

    def thaw(self) -> None:
        self.flowing.set()

    def close(self) -> None:
        self.closed = True
        self.flowing.set()
        for sock in [self.listener, *self.sockets]:
            try:
                sock.close()
            except OSError:
                pass

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.flowing.wait()  # frozen: what arrived is held, as in a stopped server's buffers
                if self.closed:
                    return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Browser:
    """A resident's browser: cookies, redirects, and the status of every answer."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.html = ""

    def request(self, path: str, data: dict | None = None, timeout: float = 60):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=timeout) as response:
                status, self.html, mimetype = response.status, response.read().decode(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            status, self.html, mimetype = error.code, error.read().decode(), error.headers.get_content_type()
        return status, mimetype

    def timed(self, path: str, data: dict | None = None):
        started = time.monotonic()
        status, mimetype = self.request(path, data)
        return status, mimetype, time.monotonic() - started


@contextmanager
def gunicorn_through(relay: FreezableRelay, database_url: str, folder):
    url = make_url(database_url).set(host="127.0.0.1", port=relay.port)
    port = free_port()
    env = server_environment(folder / "unused.sqlite", port)
    env.update(PARTICIPATION_DATABASE_URL=url.render_as_string(hide_password=False), PARTICIPATION_WORKERS="1")
    compile_translations()
    log_path = folder / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=PROJECT_ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_answering(f"http://127.0.0.1:{port}", process, log_path)
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def relay(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("a server that stops answering is PostgreSQL's case; SQLite is a file")
    url = make_url(database_url)
    relay = FreezableRelay((url.host or "127.0.0.1", url.port or 5432))
    yield relay
    relay.close()


def _until_healthy(browser: Browser) -> None:
    deadline = time.monotonic() + RECOVERY_SECONDS
    while time.monotonic() < deadline:
        if browser.request("/healthz", timeout=10)[0] == 200:
            return
        time.sleep(0.5)
    pytest.fail(f"not healthy again within {RECOVERY_SECONDS} s of the database answering")


def test_a_frozen_database_gives_a_prompt_503_and_keeps_the_answers(app, demo, database_url, relay, tmp_path):
    pages = demo_answers()
    with gunicorn_through(relay, database_url, tmp_path) as (base, log_path):
        resident = Browser(base)
        assert resident.request(DEMO_PATH)[0] == 200
        assert resident.request(DEMO_PATH + "/beginnen", form_fields(resident.html))[0] == 200
        assert resident.request(DEMO_PATH + "/seite/1", {**form_fields(resident.html), **pages[0], "action": "next"})[0] == 200
        assert "Seite 2 von 5" in resident.html
        page_two = form_fields(resident.html)

        relay.freeze()
        status, _mimetype, seconds = resident.timed(DEMO_PATH + "/seite/2", {**page_two, **pages[1], "action": "next"})
        assert status == 503, resident.html[:500]
        assert "Vorübergehend nicht erreichbar" in resident.html and "Antworten bleiben in Ihrem Browser" in resident.html
        assert seconds < PROMISED_SECONDS, seconds

        # The next ones (a new connection to the silent server, the load balancer's check) too.
        balancer = Browser(base)
        status, mimetype, seconds = balancer.timed("/healthz")
        assert (status, mimetype) == (503, "application/json") and seconds < PROMISED_SECONDS, (status, seconds)
        assert json.loads(balancer.html) == {"status": "unavailable", "database": "unavailable"}
        status, _mimetype, seconds = Browser(base).timed(DEMO_PATH)
        assert status == 503 and seconds < PROMISED_SECONDS, (status, seconds)

        relay.thaw()
        _until_healthy(resident)
        assert resident.request(DEMO_PATH + "/seite/1")[0] == 200
        for value in pages[0].values():
            assert f'value="{value}" checked' in resident.html
        assert resident.request(DEMO_PATH + "/seite/2")[0] == 200
        assert resident.request(DEMO_PATH + "/seite/2", {**form_fields(resident.html), **pages[1], "action": "next"})[0] == 200
        assert "Seite 3 von 5" in resident.html
    log = log_path.read_text()
    assert "WORKER TIMEOUT" not in log and "Traceback" not in log, log[-2000:]
