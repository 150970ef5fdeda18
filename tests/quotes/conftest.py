"""Fixtures for free-text moderation: the demo survey closed, with text answers from localities."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.models import Survey
from participation.surveys.records import Answer, Response
from tests.helpers import demo_questions


@pytest.fixture
def closed_survey(app, demo):
    survey = db.session.scalars(select(Survey).where(Survey.slug == demo)).one()
    survey.status = "closed"
    db.session.commit()
    return survey


@pytest.fixture
def vision(closed_survey):
    """The demo survey's long-text question."""
    return demo_questions()["vision"]


@pytest.fixture
def add_answers(closed_survey):
    """`add_answers("mose", ["text", ...], key="vision")` stores one response per text."""

    def add(locality_slug: str | None, texts: list[str], key: str = "vision", channel: str = "web") -> None:
        question = demo_questions()[key]
        locality_id = None
        if locality_slug:
            locality_id = db.session.scalars(select(Locality.id).where(Locality.slug == locality_slug)).one()
        for text in texts:
            response = Response(survey_id=closed_survey.id, locality_id=locality_id, channel=channel)
            response.answers.append(Answer(question_id=question.id, text_value=text))
            db.session.add(response)
        db.session.commit()

    return add


@pytest.fixture
def moderator(client, make_staff, login):
    """The client, logged in as a moderator."""
    make_staff("moderation@example.org", "moderator")
    login(client, "moderation@example.org")
    return client
