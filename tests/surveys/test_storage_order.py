"""Storage order (PRIVACY.md §6.6): each response is stored among earlier ones, without losing or
changing any; a survey's rows are rewritten in random order when it closes and when its results
are published; `shuffle-responses` still rewrites everything at once."""

import datetime as dt

from sqlalchemy import func, select, text

from participation.extensions import db
from participation.surveys.models import Survey
from participation.surveys.records import Answer, Response
from tests.helpers import complete_demo_survey
from tests.surveys.test_concurrency import post_all_at_once, prepare_final_page

EARLIER = 20


def stored_rows() -> dict:
    """Every response with its answers, as values: what must survive any rewriting unchanged."""
    db.session.commit()
    answers = {}
    for row in db.session.execute(select(Answer.__table__)).mappings():
        answers.setdefault(row["response_id"], set()).add(tuple(sorted(row.items())))
    return {
        row.id: (row.survey_id, row.locality_id, row.channel, frozenset(answers.get(row.id, ())))
        for row in db.session.execute(select(Response.__table__))
    }


def stamps(table: str, condition: str = "true") -> set[str]:
    db.session.commit()
    return set(db.session.scalars(text(f"SELECT xmin::text FROM {table} WHERE {condition}")))


def add_earlier_responses(app, survey_id: int, count: int) -> None:
    from participation.demo.responses import add_random_responses
    from participation.localities.models import Locality
    from participation.surveys.queries import get_plan

    survey = db.session.get(Survey, survey_id)
    weights = {locality.id: 1 for locality in db.session.scalars(select(Locality))}
    with app.test_request_context():
        add_random_responses(get_plan(survey), count, seed=7, locality_weights=weights, day=dt.date(2026, 3, 2))
        db.session.commit()


def demo_survey(slug: str) -> Survey:
    return db.session.scalars(select(Survey).where(Survey.slug == slug)).one()


def test_a_new_response_is_stored_among_earlier_ones_which_stay_unchanged(app, client, demo):
    survey = demo_survey(demo)
    add_earlier_responses(app, survey.id, EARLIER)
    before = stored_rows()
    complete_demo_survey(client, "mose")
    after = stored_rows()
    [new] = set(after) - set(before)
    assert {key: after[key] for key in before} == before  # rewritten ones keep their ids and values
    if db.engine.dialect.name == "postgresql":
        newest = db.session.scalar(text("SELECT xmin::text FROM responses WHERE id = :id"), {"id": new})
        together = set(db.session.scalars(text("SELECT id FROM responses WHERE xmin::text = :x"), {"x": newest}))
        assert len(together) == app.config["STORAGE_MIX"] + 1
        owners = set(db.session.scalars(text("SELECT response_id FROM answers WHERE xmin::text = :x"), {"x": newest}))
        assert owners == together  # the answers of all of them were written again too


def test_residents_submitting_at_once_lose_nothing_while_mixing(app, demo):
    survey = demo_survey(demo)
    add_earlier_responses(app, survey.id, EARLIER)
    before = stored_rows()
    posts = []
    for _ in range(8):
        resident_client = app.test_client()
        _, data = prepare_final_page(resident_client)
        posts.append((resident_client, data))
    assert post_all_at_once(posts) == [302] * 8
    after = stored_rows()
    assert len(after) == EARLIER + 8
    assert {key: after[key] for key in before} == before
    assert all(len(answers) > 10 for *_, answers in after.values())  # no response lost its answers


def test_closing_and_publishing_rewrite_the_survey_in_random_order(app, demo):
    from participation.results import services as results

    survey = demo_survey(demo)
    add_earlier_responses(app, survey.id, EARLIER)
    for locality in ("mose", "elbeu"):
        complete_demo_survey(app.test_client(), locality)
    before = stored_rows()
    survey = demo_survey(demo)
    results.close_survey(survey)
    db.session.commit()
    assert stored_rows() == before
    if db.engine.dialect.name == "postgresql":
        condition = f"survey_id = {survey.id}"
        closing = stamps("responses", condition)
        assert len(closing) == 1
        assert stamps("answers", f"response_id IN (SELECT id FROM responses WHERE {condition})") == closing
        assert stamps("submission_keys", condition) == closing
    results.publish_results(demo_survey(demo))
    db.session.commit()
    assert stored_rows() == before
    if db.engine.dialect.name == "postgresql":
        publishing = stamps("responses", condition)
        assert len(publishing) == 1 and publishing != closing


def test_closing_in_the_builder_rewrites_too(app, demo):
    from participation.builder import services as builder

    survey = demo_survey(demo)
    add_earlier_responses(app, survey.id, EARLIER)
    before = stored_rows()
    builder.change_status(demo_survey(demo), "closed", dt.date(2026, 3, 3))
    db.session.commit()
    assert stored_rows() == before
    if db.engine.dialect.name == "postgresql":
        assert len(stamps("responses", f"survey_id = {survey.id}")) == 1


def test_the_shuffle_command_keeps_every_row_and_forgets_the_arrival_order(app, client, demo):
    for locality in ("mose", "elbeu", "farsleben"):
        complete_demo_survey(app.test_client(), locality)
    before_responses = set(db.session.scalars(select(Response.id)))
    before_answers = db.session.scalar(select(func.count()).select_from(Answer))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["maintenance", "shuffle-responses"])
    assert result.exit_code == 0, result.output
    assert "responses 3" in result.output

    assert set(db.session.scalars(select(Response.id))) == before_responses
    assert db.session.scalar(select(func.count()).select_from(Answer)) == before_answers
    if db.engine.dialect.name == "postgresql":
        # One transaction wrote them all: xmin no longer tells which response came first.
        stamps = set(db.session.scalars(text("SELECT xmin::text FROM responses UNION SELECT xmin::text FROM answers")))
        assert len(stamps) == 1


def test_idea_supports_are_shuffled_too(app, demo):
    """Supports of one browser for several ideas would line up in arrival order otherwise."""
    from participation.ideas.models import IdeaSupport
    from participation.demo.ideas import load_demo_ideas
    from participation.core.clock import town_today

    with app.test_request_context():
        load_demo_ideas(town_today())
    db.session.commit()
    before = set(db.session.execute(select(IdeaSupport.idea_id, IdeaSupport.key_hash)).all())
    result = app.test_cli_runner().invoke(args=["maintenance", "shuffle-responses"])
    assert result.exit_code == 0 and f"idea_supports {len(before)}" in result.output
    assert set(db.session.execute(select(IdeaSupport.idea_id, IdeaSupport.key_hash)).all()) == before
    assert before
    if db.engine.dialect.name == "postgresql":
        assert len(set(db.session.scalars(text("SELECT xmin::text FROM idea_supports")))) == 1


def test_closing_in_a_web_request_rewrites_once_the_response_is_sent(app, client, demo, make_staff, login):
    """In a request the rewrite waits for the response: it may take longer than a request may."""
    from tests.helpers import form_fields

    survey = demo_survey(demo)
    add_earlier_responses(app, survey.id, EARLIER)
    before = stored_rows()
    make_staff("analyse@example.org", "analyst")
    login(client, "analyse@example.org")
    token = form_fields(client.get("/verwaltung/ergebnisse").get_data(as_text=True))["csrf_token"]
    condition = f"survey_id = {survey.id}"
    arrival = stamps("responses", condition) if db.engine.dialect.name == "postgresql" else None
    response = client.post(f"/verwaltung/ergebnisse/{demo}/beenden", data={"csrf_token": token})
    assert response.status_code == 302 and demo_survey(demo).status == "closed"
    if arrival is not None:
        assert stamps("responses", condition) == arrival  # not yet: the response is still open
    response.close()  # what the WSGI server does after sending it
    assert stored_rows() == before
    if arrival is not None:
        assert len(stamps("responses", condition)) == 1 and stamps("responses", condition) != arrival
