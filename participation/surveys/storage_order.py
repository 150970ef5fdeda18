"""Forgetting the order in which responses arrived (PRIVACY.md §6.6, linkage).

PostgreSQL stamps every row with the inserting transaction (`xmin`) and stores rows roughly in
arrival order (`ctid`): both put responses in time order. Rewriting the tables in random order
in one transaction gives all rows the same `xmin` and a random position. Run it at least daily
(`flask --app wsgi maintenance shuffle-responses`): the day is all the per-day counter keeps
anyway. On SQLite the tables are WITHOUT ROWID, ordered by random UUIDs; rewriting them is
harmless there and keeps the command the same everywhere.
"""

from sqlalchemy import text

from participation.extensions import db

#: Supports of ideas too: the order in which one browser supported several ideas would link them.
TABLES = ("responses", "answers", "submission_keys", "access_codes", "idea_supports")


def shuffle_stored_order() -> dict[str, int]:
    """Rewrite the resident tables in random order; returns the number of rows per table. Flushes only."""
    connection = db.session.connection()
    counts = {}
    if connection.dialect.name == "postgresql":
        # A response submitted meanwhile would be deleted below without being copied: wait for it.
        connection.execute(text(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE"))
    for table in TABLES:
        connection.execute(text(f"CREATE TEMPORARY TABLE shuffled_{table} AS SELECT * FROM {table} ORDER BY random()"))
    # Children first on the way out, parents first on the way in (answers reference responses).
    for table in ("answers", "submission_keys", "access_codes", "idea_supports", "responses"):
        connection.execute(text(f"DELETE FROM {table}"))
    for table in ("responses", "answers", "submission_keys", "access_codes", "idea_supports"):
        counts[table] = connection.execute(text(f"INSERT INTO {table} SELECT * FROM shuffled_{table}")).rowcount
        connection.execute(text(f"DROP TABLE shuffled_{table}"))
    return counts


def vacuum() -> None:
    """Remove the old row versions that still carry their arrival stamps (outside a transaction)."""
    engine = db.engine
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            for table in TABLES:
                connection.execute(text(f"VACUUM (FULL) {table}"))
        else:
            connection.execute(text("VACUUM"))
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
