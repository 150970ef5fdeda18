"""PRIVACY.md §6: the seven attacks the test suite must show failing, each a named test, against
surveys published through the real code path and read through the public API.

For 1–5 and 7 the attacker (lp_attacker.py) solves the LP over everything published, as the public
and as every respondent; `..._pins_nothing` must find nothing. Where the per-table gate (the audit
switched off) is beaten by the same attack, `..._finds_leaks_with_the_audit_off` shows it.
6 (linkage) is about storage, tested where the storage is: tests/surveys/test_storage_order.py,
tests/surveys/test_privacy_storage.py, tests/access/test_code_linkage.py; here the public side of it.
"""

import json
import random
import re

import pytest

from participation.extensions import db
from tests.attacker.conftest import new_slug
from tests.attacker.generate import LOCALITIES, Ask, build_survey
from tests.attacker.harness import (
    assert_finds_leaks,
    assert_pins_nothing,
    attack_survey,
    pinned_only_together,
)

pytestmark = pytest.mark.usefixtures("town")


def _people(survey, sizes, answer, seed=0):
    rng = random.Random(seed)
    for slug, count in sizes.items():
        for index in range(count):
            survey.respond(answer(rng, slug, index), slug)
    db.session.commit()


# ------------------------------------------------------------------- 1. differencing by totals


def differencing_by_totals():
    """Town total minus the four other localities gives Mose (everyone names a locality)."""
    survey = build_survey(new_slug("differenz"), [
        Ask("locality", "locality", required=True),
        Ask("connection", "single", options=3, required=True),
        Ask("satisfied", "scale", min_value=1, max_value=5),
    ])
    sizes = {"wolmirstedt": 40, "elbeu": 14, "farsleben": 12, "glindenberg": 15, "mose": 3}
    _people(survey, sizes, lambda rng, slug, i: {"connection": rng.randrange(3), "satisfied": rng.randint(1, 5)}, 11)
    survey.publish()
    return survey


def test_attack_1_differencing_by_totals_finds_leaks_with_the_audit_off(app, client, audit_off):
    outcome = attack_survey(differencing_by_totals(), client)
    assert_finds_leaks(outcome)
    assert any(leak.finding.label[0] in ("cell", "n") and leak.finding.label[3] == "locality:mose" for leak in outcome.leaks)


def test_attack_1_differencing_by_totals(app, client):
    assert_pins_nothing(attack_survey(differencing_by_totals(), client))


# -------------------------------------------------------------- 2. differencing by nested groups


def nested_groups():
    """A group and the same group minus one or two people: Wolmirstedt holds all but Mose's two,
    the first age band all but three."""
    survey = build_survey(new_slug("verschachtelt"), [
        Ask("locality", "locality", required=True),
        Ask("connection", "single", options=3, required=True),
        Ask("services", "multiple", options=3, max_choices=2),
        Ask("age", "demographic", options=2, required=True),
    ])
    sizes = {"wolmirstedt": 30, "mose": 2}

    def answer(rng, slug, index):
        return {"connection": rng.randrange(3), "services": sorted(rng.sample(range(3), rng.randint(1, 2))),
                "age": 1 if (slug == "wolmirstedt" and index < 3) else 0}

    _people(survey, sizes, answer, 12)
    survey.publish()
    return survey


def test_attack_2_nested_groups_finds_leaks_with_the_audit_off(app, client, audit_off):
    assert_finds_leaks(attack_survey(nested_groups(), client))


def test_attack_2_differencing_by_nested_groups(app, client):
    assert_pins_nothing(attack_survey(nested_groups(), client))


# ------------------------------------------------ 3. recovering from a row total, a percentage, a mean


def totals_percentages_means():
    """Small counts next to a published n, percentages and means of a scale and a matrix."""
    survey = build_survey(new_slug("mittelwert"), [
        Ask("locality", "locality", required=True),
        Ask("satisfied", "scale", min_value=1, max_value=5, allow_no_answer=True, required=True),
        Ask("importance", "matrix", options=2, min_value=1, max_value=3),
        Ask("contact", "ranking", options=3, max_choices=2),
    ])
    sizes = {"wolmirstedt": 35, "elbeu": 13, "farsleben": 11, "glindenberg": 12, "mose": 6}

    def answer(rng, slug, index):
        return {"satisfied": "na" if rng.random() < 0.1 else (1 if index == 0 else rng.choice([2, 3, 4, 4, 5])),
                "importance": [rng.choice([1, 2, 3, 3]), rng.choice([1, 3, 3])],
                "contact": rng.sample(range(3), 2 if rng.random() < 0.7 else 1)}

    _people(survey, sizes, answer, 13)
    survey.publish()
    return survey


def test_attack_3_totals_percentages_means_finds_leaks_with_the_audit_off(app, client, audit_off):
    """(Through the group sizes here: the per-table gate already models a table's own totals,
    percentages and means; the attacker uses them as rows too, rounding included.)"""
    assert_finds_leaks(attack_survey(totals_percentages_means(), client))


def test_attack_3_recovering_from_totals_percentages_and_means(app, client):
    assert_pins_nothing(attack_survey(totals_percentages_means(), client))


# ------------------------------------------------------------------------------------ 4. insider


def insider_pair():
    """Small age bands in one locality: a respondent subtracts their own answer from a hidden pair."""
    survey = build_survey(new_slug("innen"), [
        Ask("locality", "locality", required=True),
        Ask("connection", "single", options=3),
        Ask("age", "demographic", options=3, required=True),
    ])
    sizes = {"wolmirstedt": 36, "elbeu": 12, "farsleben": 10, "glindenberg": 11}

    def answer(rng, slug, index):
        age = 1 if (slug == "wolmirstedt" and index < 4) else (2 if index % 3 == 0 else 0)
        return {"connection": (index % 2) if age == 1 else rng.randrange(3), "age": age}

    _people(survey, sizes, answer, 14)
    survey.publish()
    return survey


def test_attack_4_insider_finds_leaks_with_the_audit_off(app, client, audit_off):
    assert_finds_leaks(attack_survey(insider_pair(), client))


def test_attack_4_insider(app, client):
    assert_pins_nothing(attack_survey(insider_pair(), client))


# --------------------------------------------------------------------------- 5. time differencing


def _simple_survey(prefix):
    survey = build_survey(new_slug(prefix), [
        Ask("locality", "locality", required=True),
        Ask("connection", "single", options=3, required=True),
        Ask("satisfied", "scale", min_value=1, max_value=3),
    ])
    sizes = {"wolmirstedt": 30, "elbeu": 12, "farsleben": 11, "glindenberg": 13, "mose": 4}
    _people(survey, sizes, lambda rng, slug, i: {"connection": rng.randrange(3), "satisfied": rng.randint(1, 3)}, 15)
    return survey


def late_paper_sheets(count):
    survey = _simple_survey("nachtrag")
    survey.publish()
    rng = random.Random(count)
    for index in range(count):
        answers = {"connection": rng.randrange(3)} if index % 2 else {"satisfied": rng.randint(1, 3)}
        survey.respond(answers, rng.choice(LOCALITIES[1:]), version=2, channel="paper")
    db.session.commit()
    survey.publish(reason=f"{count} Papierbögen nachgetragen")
    return survey


def stricter_threshold():
    survey = _simple_survey("schwelle")
    survey.publish()
    survey.publish(reason="Strengere Schwelle", MIN_CELL=7)
    return survey


def test_attack_5_results_do_not_move_while_open_and_snapshots_stay(app, client):
    """No results while a survey runs; a published version never changes afterwards."""
    survey = _simple_survey("offen")
    assert client.get(f"/api/v1/surveys/{survey.slug}/results").status_code == 404
    survey.publish()
    before = client.get(f"/api/v1/surveys/{survey.slug}/results?version=1").get_json()
    survey.respond({"connection": 0}, "mose", version=2, channel="paper")
    db.session.commit()
    after = client.get(f"/api/v1/surveys/{survey.slug}/results?version=1").get_json()
    assert before == after


@pytest.mark.parametrize("count", [1, 2, 4])
def test_attack_5_late_paper_sheets_finds_leaks_with_the_audit_off(app, client, audit_off, count):
    survey = late_paper_sheets(count)
    outcome = attack_survey(survey, client)
    assert_finds_leaks(outcome)
    assert pinned_only_together(outcome, survey.questionnaire(counter=True), survey.respondents)


def test_attack_5_stricter_threshold_finds_leaks_with_the_audit_off(app, client, audit_off):
    survey = stricter_threshold()
    outcome = attack_survey(survey, client)
    assert_finds_leaks(outcome)
    assert pinned_only_together(outcome, survey.questionnaire(counter=True), survey.respondents)


@pytest.mark.parametrize("count", [1, 2, 4])
def test_attack_5_time_differencing_with_late_paper_sheets(app, client, count):
    """Version 2 with 1–4 late paper sheets reveals nothing together with version 1."""
    assert_pins_nothing(attack_survey(late_paper_sheets(count), client))


def test_attack_5_time_differencing_with_a_stricter_threshold(app, client):
    """Stricter is not automatically safe: the two versions hide different cells of the same counts."""
    assert_pins_nothing(attack_survey(stricter_threshold(), client))


# ----------------------------------------------------------------------------------- 6. linkage


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
TIME = re.compile(r"\d{2}:\d{2}")


def test_attack_6_linkage_nothing_published_orders_responses_or_names_a_code(app, client):
    """The public side of linkage: what the API publishes holds no response or answer id, no
    access code, no time of day, nothing per response; dates are the publication dates only.
    (Storage: tests/surveys/test_storage_order.py, tests/surveys/test_privacy_storage.py and
    tests/access/test_code_linkage.py show that nothing stored orders responses or ties a code
    to one.)"""
    survey = _simple_survey("verknuepfung")
    survey.publish()
    text = json.dumps(survey.read(client))
    assert not UUID.search(text)
    assert not TIME.search(text)
    dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", text))
    assert dates == {"2026-11-20"}
    for snapshot in survey.read(client):
        for question in snapshot["questions"]:
            for table in question["tables"]:
                assert {"key", "label", "measure", "categories", "withheld", "groups"} >= set(table)


# -------------------------------------------------------------------------------- 7. homogeneity


def homogeneous_group():
    """Everyone in Elbeu (12) has DSL, and a follow-up only for DSL users tells it: its n there is
    all of Elbeu."""
    survey = build_survey(new_slug("homogen"), [
        Ask("locality", "locality", required=True),
        Ask("connection", "single", options=3, required=True),
        Ask("speed", "scale", min_value=1, max_value=3, show_if=("connection", (0,))),
    ])
    sizes = {"wolmirstedt": 40, "elbeu": 12, "farsleben": 11, "glindenberg": 13}

    def answer(rng, slug, index):
        connection = 0 if slug == "elbeu" else rng.randrange(3)
        return {"connection": connection, "speed": rng.randint(1, 3) if connection == 0 else None}

    _people(survey, sizes, answer, 17)
    survey.publish()
    return survey


def test_attack_7_homogeneity_finds_leaks_with_the_audit_off(app, client, audit_off):
    survey = homogeneous_group()
    outcome = attack_survey(survey, client)
    assert_finds_leaks(outcome)
    dsl = survey.keys("connection")[0]
    leak = outcome.pinned("cell", 1, f"q{survey.qid('connection')}", "locality:elbeu", dsl)
    assert leak is not None and leak.truth == 12


def test_attack_7_homogeneity(app, client):
    assert_pins_nothing(attack_survey(homogeneous_group(), client))

