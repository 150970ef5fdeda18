"""The demo data `make run` publishes (participation/demo/results.py: 480 invented responses,
every question kind, Mose small) passes the same attacker: every hidden number of the published
snapshot, as the public and as each of the 480 respondents.

The truth is read from the stored rows here (tests may; the attacker never does).
"""

import pytest
from flask import current_app

from participation.extensions import db
from participation.surveys.queries import get_survey
from tests.attacker.generate import (
    PUBLISHED,
    describe,
    read_api,
    respondents_from_database,
)
from tests.attacker.harness import (
    assert_finds_leaks,
    assert_pins_nothing,
    attack_snapshots,
)

pytestmark = pytest.mark.usefixtures("town", "sqlite_only")


def publish_demo(client, insiders=True):
    from participation.demo.results import SLUG, load_demo_results

    with current_app.test_request_context():
        assert load_demo_results(PUBLISHED)
        db.session.commit()
    survey = get_survey(SLUG)
    respondents = respondents_from_database(survey)
    assert len(respondents) == 480
    snapshots = read_api(client, SLUG)
    # The demo survey was open to everyone on the web; what its counter showed at closing time:
    counter = {"town": len(respondents) // 10 * 10}
    for slug in {r.locality for r in respondents if r.locality}:
        counter[f"locality:{slug}"] = sum(1 for r in respondents if r.locality == slug) // 10 * 10
    questionnaire = describe(survey, counter=counter)
    return attack_snapshots(snapshots, questionnaire, respondents, insiders=insiders)


def test_demo_data_finds_leaks_with_the_audit_off(app, client, audit_off):
    outcome = publish_demo(client, insiders=False)
    assert_finds_leaks(outcome)
    mose = outcome.pinned("cell", 1, "respondents", "town", "mose")
    assert mose is not None and mose.truth < 10


def test_demo_data_pins_nothing(app, client):
    assert_pins_nothing(publish_demo(client))
