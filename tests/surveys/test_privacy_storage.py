"""PRIVACY.md §1–2: what a stored response holds, and what it must never hold."""

import datetime as dt
import logging
import re
import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from participation.extensions import db
from participation.surveys.records import Answer, Response, SubmissionKey
from tests.helpers import complete_demo_survey

CLIENT_ADDRESS = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) TestBrowser/1.0"
REFERRER = "https://referrer.example/some/page"


def submit_as_identifiable_visitor(client):
    client.environ_base.update(
        {"REMOTE_ADDR": CLIENT_ADDRESS, "HTTP_USER_AGENT": USER_AGENT, "HTTP_REFERER": REFERRER}
    )
    return complete_demo_survey(client)


def all_stored_text() -> str:
    """Every value of every row of every table, as text."""
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_no_client_data_in_any_table(client, demo):
    submit_as_identifiable_visitor(client)
    stored = all_stored_text()
    for secret in (CLIENT_ADDRESS, "203.0.113", USER_AGENT, "TestBrowser", REFERRER, "referrer.example"):
        assert secret not in stored


def test_responses_and_answers_have_no_time_columns():
    for model in (Response, Answer, SubmissionKey):
        for column in model.__table__.columns:
            assert column.type.python_type not in (dt.datetime, dt.date, dt.time), (model.__name__, column.name)
        names = {column.name for column in model.__table__.columns}
        assert not names & {"created", "created_at", "submitted_at", "timestamp", "ip", "user_agent", "code"}


def test_response_ids_are_random_uuids(client, demo):
    complete_demo_survey(client)
    complete_demo_survey(client, "elbeu")
    ids = db.session.scalars(select(Response.id)).all()
    assert len(ids) == 2
    assert all(isinstance(value, uuid.UUID) and value.version == 4 for value in ids)


def test_submission_key_is_not_linked_to_the_response():
    key_columns = {fk.column.table.name for fk in SubmissionKey.__table__.foreign_keys}
    assert key_columns == {"surveys"}
    response_refs = {fk.column.table.name for fk in Response.__table__.foreign_keys}
    assert "submission_keys" not in response_refs


def test_sqlite_stores_responses_without_insertion_order(app):
    """SQLite has no transaction stamps; a rowid would number rows in the order they came."""
    if db.engine.dialect.name != "sqlite":
        return
    for table in ("responses", "answers", "submission_keys", "access_codes"):
        sql = db.session.execute(text("SELECT sql FROM sqlite_master WHERE name = :name"), {"name": table}).scalar()
        assert "WITHOUT ROWID" in sql.upper(), table
        with pytest.raises(OperationalError):  # not even a hidden rowid to order by
            db.session.execute(text(f"SELECT rowid FROM {table}"))
        db.session.rollback()


def test_codes_lie_in_hash_order_and_a_used_one_leaves_no_row(app, demo):
    """Codes are stored by their keyed hash, not in the order made (on SQLite, WITHOUT ROWID), and
    a used code is deleted: no row of it is left whose place or stamp could tell anything."""
    from participation.access import codes, services as access
    from participation.surveys.models import Survey

    survey = db.session.scalars(select(Survey).where(Survey.slug == demo)).one()
    secret = "s" * 32
    plain = access.create_batch(secret, survey.id, 5)
    db.session.commit()
    order = list(db.session.scalars(text("SELECT code_hash FROM access_codes")))
    if db.engine.dialect.name == "sqlite":
        assert order == sorted(order)
    assert access.use_code(secret, survey.id, plain[3])
    db.session.commit()
    used = codes.hash_code(secret, survey.id, plain[3])
    assert list(db.session.scalars(text("SELECT code_hash FROM access_codes"))) == [h for h in order if h != used]
    assert used not in all_stored_text()
    assert access.count_codes(survey.id) == (5, 1)


def test_logs_hold_no_client_address(client, demo, caplog):
    caplog.set_level(logging.DEBUG)
    submit_as_identifiable_visitor(client)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert CLIENT_ADDRESS not in logged
    assert USER_AGENT not in logged


def test_gunicorn_access_log_format_has_no_address_or_time():
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "gunicorn.conf.py").read_text()
    log_format = re.search(r"access_log_format = '([^']*)'", source).group(1)
    for field in ("%(h)s", "%(t)s", "%(a)s", "%(f)s", "{x-forwarded-for}i", "%(T)s", "%(D)s", "%(L)s"):
        assert field not in log_format


def test_answer_table_columns_are_as_documented():
    columns = {column.name for column in Answer.__table__.columns}
    assert columns == {
        "id",
        "response_id",
        "question_id",
        "option_id",
        "locality_id",
        "number_value",
        "text_value",
        "abstained",
    }
