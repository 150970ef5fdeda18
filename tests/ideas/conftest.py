"""Fixtures for the idea boards: the demo boards, a moderator's browser."""

import pytest
from sqlalchemy import select

from participation.core.clock import town_today
from participation.demo.ideas import load_demo_ideas
from participation.extensions import db
from participation.ideas.models import IdeaBoard


@pytest.fixture
def boards(app, demo):
    """The demo boards with their demo ideas; returns {slug: board}."""
    with app.test_request_context():
        load_demo_ideas(town_today())
        db.session.commit()
    return {board.slug: board for board in db.session.scalars(select(IdeaBoard)).unique()}


@pytest.fixture
def moderator(client, boards, make_staff, login):
    """The test client, logged in as a moderator."""
    make_staff("moderation@example.org", "moderator")
    login(client, "moderation@example.org")
    return client
