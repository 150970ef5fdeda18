"""The counts the derivation step reads: published ideas and supports per life area and locality."""

import dataclasses

from sqlalchemy import select

from participation.extensions import db
from participation.ideas import moderation
from participation.ideas.models import Idea
from participation.ideas.queries import AreaLocalityCount, idea_counts_by_life_area_and_locality


def by_key() -> dict:
    return {(row.life_area_slug, row.locality_slug): (row.ideas, row.supports) for row in idea_counts_by_life_area_and_locality()}


def test_counts_of_the_demo_ideas(app, boards):
    assert by_key() == {
        ("digitales-rathaus", None): (1, 14),
        ("digitale-teilhabe", None): (1, 9),
        ("digitale-infrastruktur", "mose"): (1, 11),
        ("mobilitaet-verkehr", "elbeu"): (1, 6),
        ("ehrenamt-vereine", "farsleben"): (1, 4),
    }, "the pending idea in Glindenberg is not counted"


def test_rows_carry_no_personal_data(app, boards):
    fields = {field.name for field in dataclasses.fields(AreaLocalityCount)}
    assert fields == {"life_area_slug", "locality_slug", "ideas", "supports"}


def test_merged_ideas_count_once_with_their_supports_at_the_target(app, boards):
    original = db.session.scalars(select(Idea).where(Idea.title.startswith("Termine"))).one()
    duplicate = db.session.scalars(select(Idea).where(Idea.title.startswith("Handy"))).one()
    with app.test_request_context():
        moderation.merge_idea(duplicate, original, original.created_on)
        db.session.commit()
    counts = by_key()
    assert counts[("digitales-rathaus", None)] == (1, 23)
    assert ("digitale-teilhabe", None) not in counts


def test_hidden_and_rejected_ideas_are_left_out(app, boards):
    mose = db.session.scalars(select(Idea).where(Idea.title.startswith("Schnelles"))).one()
    mose.hidden = True
    db.session.commit()
    assert ("digitale-infrastruktur", "mose") not in by_key()
