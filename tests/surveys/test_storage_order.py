"""After the nightly shuffle, nothing in the stored rows follows the order responses arrived in."""

from sqlalchemy import func, select, text

from participation.extensions import db
from participation.surveys.records import Answer, Response
from tests.helpers import complete_demo_survey


def test_shuffle_keeps_every_row_and_forgets_the_arrival_order(app, client, demo):
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
