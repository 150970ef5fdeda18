"""gunicorn settings for `make run` and production (override with GUNICORN_CMD_ARGS)."""

import os

bind = os.environ.get("PARTICIPATION_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("PARTICIPATION_WORKERS", "2"))
# Access log without the client address (%(h)s), time stamp (%(t)s) or user agent: PRIVACY.md §1.
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s'
errorlog = "-"
# No time stamps in any line, no client address in a worker's lines, 500s logged by route: core/logs.py.
logger_class = "participation.core.logs.PrivateLogger"
# Unsent answers of a long survey travel in a session cookie that may span a few cookies.
limit_request_field_size = 16380
timeout = 30
# A worker keeps what it imported: one that ran the privacy gate (a preview or publishing on the web)
# holds numpy and HiGHS, about 18 MB, until it is replaced (README: memory of a worker).
max_requests = 20000
max_requests_jitter = 2000
# One fixed control socket per user would clash when several servers run (tests, benchmarks).
control_socket_disable = True


def when_ready(server):
    """Say where to open the app, from the sockets actually bound (so it is right for any
    PARTICIPATION_BIND, and only said once the port could be had)."""
    for listener in server.LISTENERS:
        server.log.info("Serving on %s (Ctrl+C stops)", _browser_url(str(listener)))


def _browser_url(address: str) -> str:
    """gunicorn's "http://0.0.0.0:5000" as an address a browser on this machine can open."""
    for wildcard, loopback in (("http://0.0.0.0:", "http://127.0.0.1:"), ("http://[::]:", "http://[::1]:")):
        if address.startswith(wildcard):
            return address.replace(wildcard, loopback, 1) + " and every other address of this machine"
    return address
