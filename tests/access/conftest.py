"""Fixtures for access codes: the demo survey with codes, fresh codes, residents who type them."""

import pytest
from sqlalchemy import select

from participation.access import services as access
from participation.extensions import db
from participation.surveys.models import Survey
from tests.access.steps import answer_up_to_last_page, start_with_code


@pytest.fixture
def codes_survey(app, demo):
    """The demo survey, asking for an access code (nothing else changed)."""
    survey = db.session.scalars(select(Survey).where(Survey.slug == demo)).one()
    survey.access_mode = "codes"
    db.session.commit()
    return survey


@pytest.fixture
def make_codes(app, codes_survey):
    """`make_codes(3)` stores three new codes for the survey and returns them in plain text."""

    def make(count: int = 1, locality_id: int | None = None) -> list[str]:
        plain = access.create_batch(app.config["SECRET_KEY"], codes_survey.id, count, locality_id)
        db.session.commit()
        return plain

    return make


@pytest.fixture
def resident_with_code():
    """`resident_with_code(client, code)`: started with the code, on the last page; returns (resident, last form)."""

    def prepare(client, code: str):
        response, resident = start_with_code(client, code)
        assert response.status_code == 302, response.status_code
        return resident, answer_up_to_last_page(resident)

    return prepare
