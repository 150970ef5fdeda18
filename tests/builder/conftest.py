"""Fixtures for the survey builder tests."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from tests.builder.editing import Editor


@pytest.fixture
def editor(client, demo, make_staff, login):
    make_staff("redaktion@example.org", "editor")
    login(client, "redaktion@example.org")
    return Editor(client)


@pytest.fixture
def life_areas(demo):
    from participation.localities.models import LifeArea

    return {area.slug: area for area in db.session.scalars(select(LifeArea))}
