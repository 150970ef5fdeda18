"""While a survey is open, the public sees how many took part only rounded down to tens."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.localities.models import Locality
from participation.surveys.counter import participation_counter, rounded_down
from participation.surveys.models import Survey
from participation.surveys.records import ParticipationCount
from tests.helpers import DEMO_PATH

DAY = dt.date(2026, 3, 2)


def visible_text(html: str) -> str:
    """What a reader sees: no tags, attributes, tokens or hashes."""
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def counter_section(html: str) -> str:
    return visible_text(re.search(r'<section aria-labelledby="counter-title".*?</section>', html, re.S).group(0))


@pytest.fixture
def count(app, demo):
    """`count("elbeu", 30, day=1)` stores a day's participation of the demo survey."""
    survey_id = db.session.scalars(select(Survey.id).where(Survey.slug == demo)).one()

    def add(locality_slug: str | None, number: int, day: int = 0) -> None:
        locality_id = None
        if locality_slug:
            locality_id = db.session.scalars(select(Locality.id).where(Locality.slug == locality_slug)).one()
        db.session.add(ParticipationCount(survey_id=survey_id, locality_id=locality_id, day=DAY + dt.timedelta(days=day), count=number))
        db.session.commit()

    return add


@pytest.mark.parametrize("exact, shown", [(0, 0), (1, 0), (9, 0), (10, 10), (19, 10), (127, 120), (2000, 2000)])
def test_counts_are_rounded_down_to_tens(exact, shown):
    assert rounded_down(exact) == shown


def test_the_counter_sums_localities_and_responses_without_one():
    counter = participation_counter({1: 54, 2: 7, None: 66}, [(1, "Elbeu"), (2, "Mose"), (3, "Farsleben")])
    assert counter.town == 120
    assert counter.localities == (("Elbeu", 50), ("Mose", 0), ("Farsleben", 0))


def test_the_intro_shows_town_and_localities_rounded_never_exact(client, count):
    count("elbeu", 30, day=0)
    count("elbeu", 24, day=1)
    count("mose", 7)
    count(None, 66)
    html = client.get(DEMO_PATH).get_data(as_text=True)
    section = counter_section(html)
    assert "Bisher haben mindestens 120 Menschen teilgenommen." in section
    assert "Elbeu: mindestens 50" in section
    assert "Mose: weniger als 10" in section and "Farsleben: weniger als 10" in section
    for exact in ("127", "54", "66", "30", "24"):
        assert not re.search(rf"\b{exact}\b", visible_text(html)), exact
    assert not re.search(r"\b7\b", section)


@pytest.mark.parametrize("exact", range(10))
def test_fewer_than_ten_is_all_that_is_said(client, count, exact):
    if exact:
        count("glindenberg", exact)
    section = counter_section(client.get(DEMO_PATH).get_data(as_text=True))
    assert "Bisher haben weniger als 10 Menschen teilgenommen." in section
    assert "mindestens" not in section
    assert not re.search(rf"\b{exact}\b", section.replace("10", ""))


def test_the_home_page_card_shows_the_rounded_count(client, count):
    count("elbeu", 127)
    count("mose", 3)
    home = visible_text(client.get("/").get_data(as_text=True))
    assert "Bisher haben mindestens 130 Menschen teilgenommen." in home
    assert not re.search(r"\b13[0-9]\b", home.replace("mindestens 130", ""))
    assert "Aus Elbeu: mindestens 120." in visible_text(client.get("/?ortschaft=elbeu").get_data(as_text=True))
    assert "Aus Mose: weniger als 10." in visible_text(client.get("/?ortschaft=mose").get_data(as_text=True))


def test_a_closed_survey_shows_no_counter(client, count, demo):
    count("elbeu", 127)
    survey = db.session.scalars(select(Survey).where(Survey.slug == demo)).one()
    survey.status = "closed"
    db.session.commit()
    response = client.get(DEMO_PATH)
    assert response.status_code == 410
    assert "teilgenommen" not in response.get_data(as_text=True)
    assert "teilgenommen" not in client.get("/").get_data(as_text=True)


def test_a_sent_response_is_counted(client, demo):
    from tests.helpers import Resident, demo_answers

    resident = Resident(client)
    resident.start()
    for number, answers in enumerate(demo_answers("mose"), start=1):
        resident.post_page(number, answers, action="submit" if number == 5 else "next")
    assert db.session.scalars(select(ParticipationCount.count)).all() == [1]
    section = counter_section(client.get(DEMO_PATH).get_data(as_text=True))
    assert "weniger als 10" in section and not re.search(r"\b1\b", section)
