"""Time limits for PostgreSQL in web requests: a resident gets the localised 503, with their
answers kept in the browser, within DATABASE_TIMEOUT seconds (4 by default), also when the
database hangs, instead of a worker timeout after half a minute.

- Connecting: psycopg's `connect_timeout`, 2 s (libpq's smallest).
- On the server: `statement_timeout` and `lock_timeout` (libpq `options`), below the client's
  deadline, so that a slow statement or a long lock wait of a live server ends with a clean error
  and the connection stays usable.
- On the client: a server that stopped answering (SIGSTOPped, or a network that drops packets
  while the kernel still acknowledges them) never sends that error, and libpq has no client-side
  query timeout. psycopg 3 waits for the server in Python (`Connection.wait`, through which every
  execute, commit, rollback and pool_pre_ping ping goes), so `AnsweringConnection` gives each
  wait the deadline and closes the connection when it passes. SQLAlchemy then sees a closed
  connection (`is_disconnect`) and drops it from the pool.
- After a deadline passed, the server is taken for silent for as long again: connecting fails at
  once instead of adding 2 s. Without that, a pooled connection's ping (4 s) plus reconnecting
  (2 s) would keep a resident waiting 6 s.

Commands (migrations, maintenance, demo data) run without these limits: nobody waits at a
browser, and rewriting or vacuuming a large table takes longer than any web request should.
A connection switches to the limits of each use when it is checked out (one SET, only when its
use changes, which in a web worker is never).
"""

import functools
import time

from flask import has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

#: Our own connect argument, taken out again before psycopg sees the others.
TIMEOUT_ARGUMENT = "participation_answer_timeout"
CONNECT_TIMEOUT = 2

#: Until when (time.monotonic()) this process takes the server for silent.
_silent_until = 0.0


def connect_args(timeout: float, configured: dict | None = None) -> dict:
    args = dict(configured or {})
    args.setdefault("connect_timeout", CONNECT_TIMEOUT)
    args[TIMEOUT_ARGUMENT] = timeout
    return args


def server_limits(timeout: float | None) -> dict[str, int]:
    """PostgreSQL settings (milliseconds) for a client that waits `timeout` s; None: no limits."""
    if not timeout:
        return {"statement_timeout": 0, "lock_timeout": 0}
    # A live server's cancel arrives before the client gives up; a lock wait gives up earlier still.
    return {"statement_timeout": round(timeout * 875), "lock_timeout": round(timeout * 750)}


def _take_for_silent(seconds: float) -> None:
    global _silent_until
    _silent_until = time.monotonic() + seconds


@functools.cache
def answering_connection_class():
    """psycopg's Connection that gives up on a server that does not answer (imported when used)."""
    import psycopg

    class AnsweringConnection(psycopg.Connection):
        #: Seconds to wait for the server in one operation; None waits as long as it takes.
        answer_timeout: float | None = None

        def wait(self, gen, interval=0.1, timeout=None):
            if timeout is not None or self.answer_timeout is None:
                return super().wait(gen, interval=interval, timeout=timeout)
            try:
                return super().wait(gen, interval=interval, timeout=self.answer_timeout)
            except psycopg.OperationalError as error:
                if type(error).__name__ != "_WaitTimeout":  # psycopg's own "wait timeout expired"
                    raise
                # Halfway through the protocol the connection is of no use: close it, as psycopg
                # itself does when a cancelled query does not end.
                self.pgconn.finish()
                _take_for_silent(self.answer_timeout)
                raise psycopg.OperationalError(f"no answer from the database within {self.answer_timeout:g} s") from None

    return AnsweringConnection


@event.listens_for(Engine, "do_connect")
def _connect(dialect, record, cargs, cparams):
    timeout = cparams.pop(TIMEOUT_ARGUMENT, None)
    if timeout is None:
        return None  # SQLite, or no limits configured: the dialect connects as usual
    import psycopg

    limited = has_request_context()
    if limited:
        if time.monotonic() < _silent_until:
            raise psycopg.OperationalError("the database did not answer a moment ago")
        settings = " ".join(f"-c {name}={value}" for name, value in server_limits(timeout).items())
        cparams["options"] = f"{cparams.get('options', '')} {settings}".strip()
    try:
        connection = answering_connection_class().connect(*cargs, **cparams)
    except psycopg.errors.ConnectionTimeout:
        if limited:
            _take_for_silent(timeout)
        raise
    connection.answer_timeout = timeout if limited else None
    record.info[TIMEOUT_ARGUMENT] = timeout
    record.info["limited"] = limited
    return connection


@event.listens_for(Pool, "checkout")
def _limits_for_this_use(dbapi_connection, record, _proxy) -> None:
    timeout = record.info.get(TIMEOUT_ARGUMENT)
    if timeout is None:
        return
    limited = has_request_context()
    if record.info.get("limited") != limited:
        dbapi_connection.answer_timeout = timeout
        with dbapi_connection.cursor() as cursor:
            for name, value in server_limits(timeout if limited else None).items():
                cursor.execute(f"SET {name} = {int(value)}")
        dbapi_connection.commit()
        record.info["limited"] = limited
    dbapi_connection.answer_timeout = timeout if limited else None
