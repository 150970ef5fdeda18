"""Engine settings: SQLite in WAL mode with durable commits; PostgreSQL with time limits
(core/deadlines.py).

SQLite keeps its 15 s busy timeout, longer than PostgreSQL's limits on purpose: its only wait is
for another writer on the same machine (a burst of submissions, a maintenance command), which
always finishes, and waiting is better than a 503 that makes the resident send again. A SQLite
file cannot hang the way a server across the network can.
"""

import sqlite3

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from participation.core import deadlines

SQLITE_BUSY_TIMEOUT_MS = 15_000


def configure_engine(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        options.pop("pool_pre_ping", None)
    elif make_url(uri).get_driver_name() == "psycopg" and app.config.get("DATABASE_TIMEOUT"):
        options["connect_args"] = deadlines.connect_args(float(app.config["DATABASE_TIMEOUT"]), options.get("connect_args"))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets readers work during a write; FULL makes an acknowledged response survive a crash.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "connect")
def _sqlite_manual_transactions(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Let SQLAlchemy emit BEGIN itself (below): pysqlite's own handling breaks SAVEPOINTs.
        dbapi_connection.isolation_level = None


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    if connection.dialect.name != "sqlite" or connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    # A request that changes data takes SQLite's write lock up front. Upgrading a read transaction
    # later fails at once with "database is locked" when another worker committed meanwhile;
    # waiting for the lock (busy timeout) instead is what a resident's submission needs.
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _request_may_write() else "BEGIN")


def _request_may_write() -> bool:
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
