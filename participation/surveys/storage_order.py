"""Nothing stored says when a response arrived, or which code it came with (PRIVACY.md §6.6).

PostgreSQL stamps every row version with the transaction that wrote it (`xmin`), marks rows that
a transaction locked or deleted with its id (`xmax`), numbers transactions in the order they
start, and appends new row versions roughly in write order (`ctid`). Stored naively, the access
code a resident used and their response carry the same `xmin`, and `xmin` or `ctid` put all
responses in time order. So (PostgreSQL only):

- A used code is deleted (access/services.py `use_code`): no row of it is left to carry a stamp.
- `mix_in`, in the transaction that stores a response: the new response is inserted together
  with `STORAGE_MIX` (K) earlier responses of the same survey, which are deleted and inserted
  again unchanged with their answers, all in one random order. The newest transaction's rows
  are then K+1 responses that look alike, and an earlier response's `xmin` and position tell
  only the last time it was picked, not when it came in. Earlier responses of the same locality
  and channel are picked first, so neither column tells the new one apart. Submissions of one
  survey run side by side: each picks with SKIP LOCKED, so no response is rewritten by two
  transactions at once.
- `shuffle_survey_later`, when a survey closes and when its results are published: all its rows
  are rewritten in random order in one transaction, so the final state holds one `xmin` and a
  random order.

What the newest transaction also writes ties nothing to a person: its participation counter row
says the day and locality (which the counter keeps anyway, and which the K others share), its
submission key row is a keyed hash of a random key from the form.

SQLite has none of these stamps: responses, answers, submission keys and codes are WITHOUT ROWID
tables ordered by random keys. Nothing needs doing there.

`shuffle_stored_order` (`flask --app wsgi maintenance shuffle-responses`) remains as an extra: it
rewrites every survey's rows and the idea supports at once and vacuums the old row versions.
"""

import logging
import random

from flask import after_this_request, current_app, has_request_context
from sqlalchemy import and_, case, func, insert, select, text

from participation.extensions import db
from participation.surveys.records import Answer, Response

#: First key of the advisory locks taken here (the second is the survey id), so other advisory
#: locks of the database cannot collide with them.
LOCK_NAMESPACE = 0x5057  # "PW"
DEFAULT_MIX = 8

_shuffle = random.SystemRandom().shuffle
logger = logging.getLogger(__name__)


def protects() -> bool:
    """True on PostgreSQL unless STORAGE_MIX is 0 (only tests switch it off, to show the attack)."""
    return db.session.get_bind().dialect.name == "postgresql" and mix_size() > 0


def mix_size() -> int:
    return int(current_app.config.get("STORAGE_MIX", DEFAULT_MIX))


def lock_survey(survey_id: int, shared: bool = False) -> None:
    """Hold the survey's lock until the transaction ends (PostgreSQL; a no-op elsewhere).

    Shared for mixing in a response, exclusive for rewriting the whole survey: submissions run
    side by side, a rewrite waits for those under way and holds back new ones.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        db.session.execute(text(f"SELECT {function}(:space, :survey)"), {"space": LOCK_NAMESPACE, "survey": survey_id})


def insert_response(response: dict, answers: list[dict], mix: bool = True) -> None:
    """Insert one response and its answers, mixed in among earlier ones where that is needed."""
    if mix and protects():
        mix_in(response, answers, mix_size())
        return
    db.session.execute(insert(Response.__table__), [response])
    if answers:
        db.session.execute(insert(Answer.__table__), answers)


RESPONSE_COLUMNS = ("id", "survey_id", "locality_id", "channel")
ANSWER_COLUMNS = ("id", "response_id", "question_id", "option_id", "locality_id", "number_value", "text_value", "abstained")
_TYPES = {"id": "uuid", "survey_id": "integer", "locality_id": "integer", "channel": "text", "response_id": "uuid",
          "question_id": "integer", "option_id": "integer", "number_value": "double precision", "text_value": "text",
          "abstained": "boolean"}


def mix_in(response: dict, answers: list[dict], size: int) -> None:
    """Insert `response` and its `answers` together with `size` earlier responses, in random order.

    The earlier ones are deleted and inserted again unchanged (same ids, same values), so every
    row this transaction writes is an INSERT, placed the same way, and every answer's foreign key
    check locks the question and option rows it refers to (`xmax`) for all of them alike: no
    system column and no position tells the new response from the others.
    """
    lock_survey(response["survey_id"], shared=True)
    responses = Response.__table__
    same_group = and_(
        responses.c.channel == response["channel"],
        responses.c.locality_id.is_not_distinct_from(response["locality_id"]),
    )
    picked = list(
        db.session.scalars(
            select(responses.c.id)
            .where(responses.c.survey_id == response["survey_id"])
            .order_by(case((same_group, 0), else_=1), func.random())
            .limit(size)
            # Another submission mixing at the same moment skips the rows this one picked (and
            # this one skips its): no response is ever rewritten by two transactions at once.
            .with_for_update(skip_locked=True)
        )
    )
    all_responses, all_answers = [response], list(answers)
    if picked:
        # Answers first: deleting a response would delete its answers by cascade.
        all_answers += _delete_returning("answers", ANSWER_COLUMNS, "response_id", picked)
        all_responses += _delete_returning("responses", RESPONSE_COLUMNS, "id", picked)
    _shuffle(all_responses)
    _shuffle(all_answers)
    _insert_in_order("responses", RESPONSE_COLUMNS, all_responses)
    _insert_in_order("answers", ANSWER_COLUMNS, all_answers)


def _delete_returning(table: str, columns: tuple[str, ...], key: str, values: list) -> list[dict]:
    result = db.session.execute(
        text(f"DELETE FROM {table} WHERE {key} = ANY(CAST(:values AS uuid[])) RETURNING {', '.join(columns)}"),
        {"values": values},
    )
    return [dict(row) for row in result.mappings()]


def _plain(name: str, value):
    # An array holds one type: a whole number of a number answer goes in as a float.
    return float(value) if value is not None and _TYPES[name] == "double precision" else value


def _insert_in_order(table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    """One INSERT of all `rows`, stored in the order given (an INSERT per row costs ten times more)."""
    if not rows:
        return
    arrays = ", ".join(f"CAST(:{name} AS {_TYPES[name]}[])" for name in columns)
    names = ", ".join(columns)
    db.session.execute(
        text(f"INSERT INTO {table} ({names}) SELECT {names} FROM unnest({arrays}) WITH ORDINALITY"
             f" AS given({names}, position) ORDER BY position"),
        {name: [_plain(name, row[name]) for row in rows] for name in columns},
    )


#: Rows of one survey, children after parents; (table, condition on the survey).
_SURVEY_ROWS = (
    ("responses", "survey_id = :survey"),
    ("answers", "response_id IN (SELECT id FROM responses WHERE survey_id = :survey)"),
    ("submission_keys", "survey_id = :survey"),
    ("access_codes", "survey_id = :survey"),
)


def shuffle_survey_later(survey_id: int) -> None:
    """Rewrite the survey's rows in random order: at once, or after the response of a web request.

    Closing a survey and publishing its results call this. A survey of a few thousand responses
    takes seconds to rewrite, longer than the time limits of a web request allow
    (core/deadlines.py), so in a request it runs once the response is sent, in a transaction of
    its own and without those limits. If that fails, the survey stays as the mixing left it; the
    next publication, or `flask --app wsgi maintenance shuffle-responses`, rewrites it.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    if not has_request_context():
        shuffle_survey(survey_id)
        return
    app = current_app._get_current_object()

    @after_this_request
    def _after_sending(response):
        response.call_on_close(lambda: _shuffle_in_own_transaction(app, survey_id))
        return response


def _shuffle_in_own_transaction(app, survey_id: int) -> None:
    with app.app_context():
        try:
            shuffle_survey(survey_id)
            db.session.commit()
        except Exception:
            db.session.rollback()
            logger.exception("survey %d could not be rewritten in random order", survey_id)
        finally:
            db.session.remove()


def shuffle_survey(survey_id: int) -> None:
    """Rewrite all stored rows of one survey in random order in this transaction (PostgreSQL only).

    From then on all its rows carry the same `xmin` and lie in random order. Flushes only.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    # Waits for submissions of this survey still under way (a response one of them mixes in
    # meanwhile would be copied and inserted twice) and holds back new ones; other surveys go on.
    lock_survey(survey_id)
    connection = db.session.connection()
    params = {"survey": survey_id}
    for table, condition in _SURVEY_ROWS:
        connection.execute(
            text(f"CREATE TEMPORARY TABLE shuffled_{table} ON COMMIT DROP AS SELECT * FROM {table} WHERE {condition} ORDER BY random()"),
            params,
        )
    for table, condition in reversed(_SURVEY_ROWS):
        connection.execute(text(f"DELETE FROM {table} WHERE {condition}"), params)
    for table, _ in _SURVEY_ROWS:
        connection.execute(text(f"INSERT INTO {table} SELECT * FROM shuffled_{table}"))
        connection.execute(text(f"DROP TABLE shuffled_{table}"))


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
