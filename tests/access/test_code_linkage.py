"""PRIVACY.md §6.6: right after a resident submits with a known access code, nothing stored ties
the code to the response, system columns and physical order included (PostgreSQL).

The attacker below knows everything but the answer: the resident's plain code, the app secret
(so it would find the code's row), the resident's submission key, and when they submitted (it
looks right afterwards, so the latest change of the survey's count of used codes is theirs). It
reads every table of the database with `xmin`, `xmax` and `ctid`, and never imports the
protection. It links the code to every response or answer whose `xmin` or `xmax` is within two
transactions of a row the code's use wrote (the same transaction, or adjacent ones), narrows them
by the participation counters and submission keys written then (their locality) and by the
options and questions locked then (an answer's foreign key check leaves its transaction in the
`xmax` of the rows it references), and finally guesses by physical order.

"Fails" means: the response stays among at least K+1 = STORAGE_MIX + 1 responses that the
attacker cannot tell apart, and the physical-order guesses hit no more often than chance allows
(1 in K+1; the bound below is loose enough to fail once in thousands of runs). With
STORAGE_MIX = 0 (the protection off) the same attacker finds the one response.
"""

import secrets
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from participation.access import codes as code_format
from participation.extensions import db
from participation.surveys.services import hash_submission_key
from tests.access.steps import start_with_code
from tests.helpers import DEMO_PATH, demo_answers, demo_questions, form_fields

EARLIER = {"mose": 10, "elbeu": 2, "farsleben": 2}
ROUNDS = 12
ADJACENT = 2


@pytest.fixture(autouse=True)
def postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("system columns exist on PostgreSQL only (SQLite: tests/surveys/test_privacy_storage.py)")


def submit_with_code(app, code: str, locality: str, text_answer: str) -> str:
    """A resident answers the demo survey with `code`; returns their submission key."""
    client = app.test_client()
    response, resident = start_with_code(client, code)
    assert response.status_code == 302, response.status_code
    pages = demo_answers(locality)
    pages[4][f"q{demo_questions()['vision'].id}"] = text_answer
    for number, answers in enumerate(pages[:4], 1):
        assert resident.post_page(number, answers).status_code == 302
    last = {**form_fields(resident.html), **pages[4], "action": "submit"}
    response = client.post(DEMO_PATH + "/seite/5", data=last)
    assert response.status_code == 302 and response.location.endswith("/danke"), response.location
    return last["submission_key"]


# --- the attacker: SQL over every table, nothing imported from the application's protection ---


def rows_of(table: str, columns: str = "") -> list[dict]:
    extra = f", {columns}" if columns else ""
    result = db.session.execute(
        text(f"SELECT xmin::text::bigint AS xmin, xmax::text::bigint AS xmax, ctid::text AS ctid{extra} FROM {table}")
    )
    return [dict(row) for row in result.mappings()]


def position(ctid: str) -> tuple[int, int]:
    page, item = ctid.strip("()").split(",")
    return int(page), int(item)


@dataclass
class Verdict:
    candidates: set
    first_by_position: object
    last_by_position: object
    last_answer_owner: object
    joined_on_xmin: set
    code_left: bool


def attack(secret: str, survey_id: int, code: str, submission_key: str) -> Verdict:
    db.session.commit()  # a fresh snapshot: what is stored right after the request
    code_hash = code_format.hash_code(secret, survey_id, code_format.normalise(code))
    key_hash = hash_submission_key(secret, submission_key)
    # Where the code's use left a stamp: its own row (if any is left), the survey's count of
    # used codes (changed by the latest use, which is the resident's), the submission key's row.
    written = [row for row in rows_of("access_codes", "code_hash") if row["code_hash"] == code_hash]
    written += [row for row in rows_of("access_code_counts", "survey_id") if row["survey_id"] == survey_id]
    written += [row for row in rows_of("submission_keys", "key_hash") if row["key_hash"] == key_hash]
    stamps = {row[column] for row in written for column in ("xmin", "xmax")} - {0}
    near = {stamp + step for stamp in stamps for step in range(-ADJACENT, ADJACENT + 1)}

    responses = {row["id"]: row for row in rows_of("responses", "id, locality_id, channel")}
    answers = rows_of("answers", "response_id, question_id, option_id")
    linked = {rid for rid, row in responses.items() if row["xmin"] in near or row["xmax"] in near}
    linked |= {row["response_id"] for row in answers if row["xmin"] in near or row["xmax"] in near}
    candidates = set(linked)

    # What else was written or locked then: counters tell the locality, locks the options chosen.
    localities = {row["locality_id"] for row in rows_of("participation_counts", "locality_id") if row["xmin"] in near}
    if localities and {rid for rid in candidates if responses[rid]["locality_id"] in localities}:
        candidates = {rid for rid in candidates if responses[rid]["locality_id"] in localities}
    locked_options = {row["id"] for row in rows_of("options", "id") if row["xmax"] in near}
    locked_questions = {row["id"] for row in rows_of("questions", "id") if row["xmax"] in near}
    if locked_options or locked_questions:
        consistent = {
            rid for rid in candidates
            if all((a["option_id"] is None or a["option_id"] in locked_options) and a["question_id"] in locked_questions
                   for a in answers if a["response_id"] == rid)
        }
        candidates = consistent or candidates

    def by_position(rid):
        return position(responses[rid]["ctid"])

    ordered = sorted(candidates, key=by_position) or [None]
    answer_owners = [a["response_id"] for a in sorted(answers, key=lambda a: position(a["ctid"])) if a["response_id"] in candidates]
    joined = set(db.session.scalars(  # the query from the issue, through the count of used codes
        text("SELECT r.id FROM access_code_counts c JOIN responses r ON r.xmin = c.xmin WHERE c.survey_id = :survey"),
        {"survey": survey_id},
    ))
    return Verdict(
        candidates=candidates,
        first_by_position=ordered[0],
        last_by_position=ordered[-1],
        last_answer_owner=answer_owners[-1] if answer_owners else None,
        joined_on_xmin=joined,
        code_left=bool(written) and any("code_hash" in row for row in written),
    )


def response_with_text(marker: str):
    return db.session.scalar(text("SELECT response_id FROM answers WHERE text_value = :marker"), {"marker": marker})


# --- the tests --------------------------------------------------------------------------------


def residents_answered_before(app, make_codes) -> None:
    for locality, count in EARLIER.items():
        for code in make_codes(count):
            submit_with_code(app, code, locality, f"Eine Antwort aus {locality}.")


def test_right_after_a_submission_the_code_does_not_single_out_its_response(app, make_codes, codes_survey):
    mix = app.config["STORAGE_MIX"]
    assert mix >= 8
    residents_answered_before(app, make_codes)
    hits = {"first": 0, "last": 0, "last answer": 0}
    for _ in range(ROUNDS):
        [code] = make_codes(1)
        marker = "Nur ich weiß das: " + secrets.token_hex(8)
        key = submit_with_code(app, code, "mose", marker)
        verdict = attack(app.config["SECRET_KEY"], codes_survey.id, code, key)
        truth = response_with_text(marker)

        assert not verdict.code_left  # a used code leaves no row of its own
        assert truth in verdict.candidates
        assert len(verdict.candidates) >= mix + 1, len(verdict.candidates)
        assert truth in verdict.joined_on_xmin and len(verdict.joined_on_xmin) >= mix + 1  # the query
        hits["first"] += verdict.first_by_position == truth
        hits["last"] += verdict.last_by_position == truth
        hits["last answer"] += verdict.last_answer_owner == truth
    # Chance is ROUNDS / (mix + 1), about 1.3 hits; 7 or more of 12 happens about once in 10,000 runs.
    assert all(count <= ROUNDS // 2 for count in hits.values()), hits


def test_without_the_protection_the_attacker_finds_the_response(app, make_codes, codes_survey):
    mix, app.config["STORAGE_MIX"] = app.config["STORAGE_MIX"], 0
    try:
        residents_answered_before(app, make_codes)
        [code] = make_codes(1)
        marker = "Nur ich weiß das: " + secrets.token_hex(8)
        key = submit_with_code(app, code, "mose", marker)
        verdict = attack(app.config["SECRET_KEY"], codes_survey.id, code, key)
    finally:
        app.config["STORAGE_MIX"] = mix
    truth = response_with_text(marker)
    assert verdict.candidates == {truth}
    assert verdict.joined_on_xmin == {truth}
