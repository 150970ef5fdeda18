"""Slow clients against the shipped nginx configuration: 200 connections that drip their request
headers for 30 s do not keep residents from being answered (QUALITY.md, the production setting).

gunicorn's sync workers would each be held by one such connection (two of them stop the app),
which is why the README says the app must never face the internet without this proxy.
"""

import socket
import ssl
import threading
import time
import urllib.request

import pytest

from tests.live import running_server
from tests.proxy import HOST, skip_or_fail_without_proxy

DRIPPERS = 200
DRIP_SECONDS = 30
#: A normal request must be answered within this bound while the drippers are connected.
ANSWER_BOUND_SECONDS = 5


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    skip_or_fail_without_proxy()
    with running_server(tmp_path_factory.mktemp("slow-clients"), "https") as server:
        yield server.proxy.proxy


class Dripper(threading.Thread):
    """Keeps one connection open that sends a header line every two seconds and never ends it.

    nginx's client_header_timeout counts from the last byte received, so a steady dripper stays
    connected; what protects the app is that nginx hands a request over only once it is complete,
    and holding a waiting connection costs nginx a few kilobytes, not a worker. Should nginx close
    a connection anyway, the dripper connects again, as an attacker would.
    """

    def __init__(self, port: int, context: ssl.SSLContext, until: float):
        super().__init__(daemon=True)
        self.port, self.context, self.until = port, context, until
        self.connections = 0
        self.connected = False

    def run(self) -> None:
        while time.monotonic() < self.until:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as raw:
                    with self.context.wrap_socket(raw, server_hostname=HOST) as sock:
                        self.connections += 1
                        self.connected = True
                        sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
                        while time.monotonic() < self.until:
                            sock.sendall(b"X-Langsam: a\r\n")
                            time.sleep(2)
            except OSError:
                time.sleep(0.2)
            finally:
                self.connected = False


def test_dripping_connections_do_not_stop_normal_requests(proxied):
    context = proxied.client_context()
    until = time.monotonic() + DRIP_SECONDS
    drippers = [Dripper(proxied.https_port, context, until) for _ in range(DRIPPERS)]
    for dripper in drippers:
        dripper.start()
    time.sleep(2)  # let them all connect before residents come

    answered, slowest, dripping = 0, 0.0, []
    paths = ["/", "/umfragen/digitales-wolmirstedt", "/ideen/", "/ergebnisse"]
    while time.monotonic() < until - 1:
        dripping.append(sum(dripper.connected for dripper in drippers))
        path = paths[answered % len(paths)]
        started = time.monotonic()
        with urllib.request.urlopen(proxied.url + path, context=context, timeout=ANSWER_BOUND_SECONDS) as response:
            assert response.status == 200, path
            response.read()
        slowest = max(slowest, time.monotonic() - started)
        answered += 1
        time.sleep(0.5)

    for dripper in drippers:
        dripper.join(timeout=10)
    # Most of the time nearly all 200 were connected while the residents' requests were answered.
    assert sorted(dripping)[len(dripping) // 2] >= 0.9 * DRIPPERS, dripping
    assert answered >= 20, f"only {answered} normal requests in {DRIP_SECONDS} s (slowest {slowest:.1f} s)"
