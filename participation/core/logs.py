"""Log lines without client addresses and without time stamps (PRIVACY.md §1).

A time stamp next to a resident's path, or a client address anywhere, would let a log tie a
response to a person or to the moment it was sent. So neither gunicorn's error log nor the app's
log writes times (the process manager or journal may add its own; see the README), client
addresses are removed from every line a worker writes, and an unhandled exception is logged with
the route's rule ("/umfragen/<slug>/seite/<int:number>") instead of the concrete path.

gunicorn.conf.py sets `logger_class = "participation.core.logs.PrivateLogger"`;
`init_app` configures the Flask side.
"""

import logging
import os
import re
import types

from flask import Flask, request
from flask.logging import default_handler, wsgi_errors_stream
from gunicorn import glogging

APP_FORMAT = "[%(levelname)s] %(name)s: %(message)s"
#: gunicorn's own format without `%(asctime)s`.
SERVER_FORMAT = "[%(process)d] [%(levelname)s] %(message)s"
REDACTED = "[Adresse entfernt]"

_IPV4 = r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
# Also compressed forms ("::1", "fe80::1%eth0"); a time of day "12:30:45" matches too, and goes as well.
_IPV6 = r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|" + _IPV4 + r")?(?:%\w+)?(?![\w:])"
ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")
# gunicorn's workers: "Invalid request from ip=127.0.0.1: Invalid HTTP request line: ''".
INVALID_REQUEST = re.compile(r"Invalid request from ip=\S*?: ")


def redact(text: str) -> str:
    """The text with every IPv4 or IPv6 address replaced."""
    return ADDRESS.sub(REDACTED, INVALID_REQUEST.sub("Invalid request: ", text))


class RedactingFormatter(logging.Formatter):
    """Formats with the wrapped formatter (message, arguments and traceback), then redacts."""

    def __init__(self, inner: logging.Formatter, applies=lambda: True):
        super().__init__()
        self.inner = inner
        self.applies = applies

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        return redact(text) if self.applies() else text


class PrivateLogger(glogging.Logger):
    """gunicorn's logger without time stamps and, in the workers, without any address.

    The arbiter (the process that sets the logger up) only speaks of its own sockets and
    workers, so "Listening at: http://127.0.0.1:5000" keeps the address an operator needs.
    Every worker line is about requests: there an address can only be a client's.
    """

    error_fmt = SERVER_FORMAT

    def setup(self, cfg) -> None:
        super().setup(cfg)
        arbiter = os.getpid()
        in_worker = lambda: os.getpid() != arbiter  # noqa: E731
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if handler.formatter is not None and not isinstance(handler.formatter, RedactingFormatter):
                    handler.setFormatter(RedactingFormatter(handler.formatter, in_worker))

    def exception(self, msg, *args, **kwargs) -> None:
        # "Error handling request GET /ideen/verfolgen?schluessel=…": a query string can carry a token.
        super().exception(msg, *(_without_query(arg) for arg in args), **kwargs)


class RedactingFilter(logging.Filter):
    """Redacts a record where it is made, before any handler (an operator's too) formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), ()
        return True


#: Libraries whose log lines can carry a client address: Flask-Limiter names the limit's key
#: ("ratelimit 20 per 1 minute (127.0.0.1) exceeded"), at INFO, shown wherever INFO is logged.
LIBRARY_LOGGERS = ("flask-limiter",)


def _without_query(value):
    return value.split("?", 1)[0] if isinstance(value, str) and value.startswith("/") else value


def _log_exception(app: Flask, exc_info) -> None:
    """Flask's log_exception, with the route's rule instead of the requested path."""
    rule = request.url_rule.rule if request.url_rule is not None else "(keine Route)"
    app.logger.error("Exception on %s [%s]", rule, request.method, exc_info=exc_info)


def init_app(app: Flask) -> None:
    """The app's log (logger "participation", which every module's logger feeds) without times or addresses."""
    logger = app.logger
    logger.removeHandler(default_handler)
    if not any(getattr(handler, "_participation", False) for handler in logger.handlers):
        handler = logging.StreamHandler(wsgi_errors_stream)
        handler.setFormatter(RedactingFormatter(logging.Formatter(APP_FORMAT)))
        handler._participation = True
        logger.addHandler(handler)
    app.log_exception = types.MethodType(_log_exception, app)
    for name in LIBRARY_LOGGERS:
        library = logging.getLogger(name)
        if not any(isinstance(each, RedactingFilter) for each in library.filters):
            library.addFilter(RedactingFilter())
