"""The five examples of issue 10, each as a fixed survey published through the real code path and
attacked through the public API.

`..._finds_leaks_with_the_audit_off` shows the attack works on the per-table gate (the state before
issue 10: each table gated alone) and pins the number the example names, with its true value.
`..._pins_nothing` is the same survey under the whole-publication gate: nothing may be pinned.
"""

import random

import pytest

from participation.extensions import db
from tests.attacker.conftest import new_slug
from tests.attacker.generate import Ask, build_survey
from tests.attacker.harness import (
    assert_finds_leaks,
    assert_pins_nothing,
    attack_survey,
    pinned_only_together,
)

pytestmark = pytest.mark.usefixtures("town")


def _answers(rng, **choices):
    return {name: (rng.randrange(count) if isinstance(count, int) else count) for name, count in choices.items()}


# ------------------------------------------------------------------ 1. group sizes from two tables


def group_sizes(mose: int):
    """The respondents table hides Mose ("fewer than 10") and, secondarily, "no locality"; the
    required locality question's n says nobody is outside a locality: Mose = total − the others."""
    survey = build_survey(new_slug("gruppen"), [
        Ask("locality", "locality", required=True),
        Ask("connection", "single", options=3),
        Ask("often", "single", options=3, required=True),
    ])
    rng = random.Random(1)
    for slug, count in {"wolmirstedt": 34, "elbeu": 12, "farsleben": 11, "glindenberg": 13, "mose": mose}.items():
        for _ in range(count):
            survey.respond(_answers(rng, connection=3, often=3), slug)
    db.session.commit()
    survey.publish()
    return survey


@pytest.mark.parametrize("mose", [4, 1])
def test_group_sizes_from_two_tables_finds_leaks_with_the_audit_off(app, client, audit_off, mose):
    outcome = attack_survey(group_sizes(mose), client)
    assert_finds_leaks(outcome)
    leak = outcome.pinned("cell", 1, "respondents", "town", "mose") or outcome.pinned("size", 1, "locality:mose")
    assert leak is not None and leak.truth == mose


@pytest.mark.parametrize("mose", [4, 1])
def test_group_sizes_from_two_tables_pins_nothing(app, client, mose):
    assert_pins_nothing(attack_survey(group_sizes(mose), client))


# ---------------------------------------------------------------------------- 2. show-if questions


def show_if():
    """A follow-up shown only to people with internet: Mose's n there is all of Mose, so nobody in
    Mose lacks internet (a hidden 0), and the town's "no internet" minus the others gives Elbeu's."""
    survey = build_survey(new_slug("folgefrage"), [
        Ask("locality", "locality", required=True),
        Ask("connection", "single", options=3, required=True),  # option 2: no internet
        Ask("satisfaction", "scale", min_value=1, max_value=5, show_if=("connection", (0, 1))),
    ])
    rng = random.Random(2)
    plan = {"wolmirstedt": (40, 9), "elbeu": (12, 2), "farsleben": (11, 1), "glindenberg": (13, 3), "mose": (7, 0)}
    for slug, (count, offline) in plan.items():
        for index in range(count):
            connection = 2 if index < offline else rng.randrange(2)
            answers = {"connection": connection}
            if connection != 2:
                answers["satisfaction"] = rng.randint(1, 5)
            survey.respond(answers, slug)
    db.session.commit()
    survey.publish()
    return survey


def test_show_if_finds_leaks_with_the_audit_off(app, client, audit_off):
    survey = show_if()
    outcome = attack_survey(survey, client)
    assert_finds_leaks(outcome)
    offline = survey.keys("connection")[2]
    connection = f"q{survey.qid('connection')}"
    mose = outcome.pinned("cell", 1, connection, "locality:mose", offline)
    assert mose is not None and mose.truth == 0


def test_show_if_pins_nothing(app, client):
    assert_pins_nothing(attack_survey(show_if(), client))


# ------------------------------------------------------------------------------------ 3. rankings


def rankings():
    """A required ranking of every option: "not ranked" is 0 everywhere, so each option's places
    add up to the group's n, which re-derives places hidden one place-table at a time."""
    survey = build_survey(new_slug("rangfolge"), [
        Ask("locality", "locality", required=True),
        Ask("contact", "ranking", options=3, required=True),
    ])
    rng = random.Random(3)
    for slug, count in {"wolmirstedt": 30, "elbeu": 14, "farsleben": 12, "glindenberg": 11, "mose": 3}.items():
        for _ in range(count):
            first = 0 if rng.random() < 0.7 else rng.randrange(3)
            rest = [o for o in range(3) if o != first]
            rng.shuffle(rest)
            survey.respond({"contact": [first, *rest]}, slug)
    db.session.commit()
    survey.publish()
    return survey


def test_rankings_finds_leaks_with_the_audit_off(app, client, audit_off):
    outcome = attack_survey(rankings(), client)
    assert_finds_leaks(outcome)
    assert any(leak.finding.label[2].startswith("q") and leak.finding.label[4].startswith("place")
               for leak in outcome.leaks if leak.finding.label[0] == "cell")


def test_rankings_pins_nothing(app, client):
    assert_pins_nothing(attack_survey(rankings(), client))


# ------------------------------------------------------------------------------------ 4. versions


def versions():
    """Version 1 with MIN_CELL=5, version 2 of the same responses with MIN_CELL=7 ("stricter values
    are always safe"): they hide different cells of the same counts."""
    survey = build_survey(new_slug("versionen"), [
        Ask("locality", "locality", required=True),
        Ask("use", "single", options=4, required=True),
        Ask("often", "single", options=3),
    ])
    rng = random.Random(4)
    rows = {"wolmirstedt": [14, 9, 11, 6], "elbeu": [4, 3, 6, 0], "farsleben": [5, 2, 4, 1],
            "glindenberg": [7, 5, 3, 0], "mose": [2, 1, 0, 1]}
    for slug, row in rows.items():
        for option, count in enumerate(row):
            for _ in range(count):
                survey.respond({"use": option, "often": rng.randrange(3)}, slug)
    db.session.commit()
    survey.publish()
    survey.publish(reason="Strengere Schwelle", MIN_CELL=7)
    return survey


def test_versions_finds_leaks_with_the_audit_off(app, client, audit_off):
    survey = versions()
    outcome = attack_survey(survey, client)
    assert_finds_leaks(outcome)
    assert pinned_only_together(outcome, survey.questionnaire(counter=True), survey.respondents)


def test_versions_pins_nothing(app, client):
    assert_pins_nothing(attack_survey(versions(), client))


# ------------------------------------------------------------------------------------ 5. insiders


#: (locality, first choice, follow-up, ranking, age band) of 23 people; None: skipped.
INSIDERS = [
    ("elbeu", 0, 0, [1, 0], None), ("elbeu", 1, None, [0, 1], 0), ("elbeu", 2, 1, [0, 2], 0),
    ("elbeu", 2, 2, [2, 0], None), ("farsleben", 0, None, [2, 1], 0), ("farsleben", 0, None, [1, 0], 0),
    ("farsleben", 1, 2, [0, 1], 0), ("farsleben", 2, 0, [1, 0], 0), ("farsleben", 2, 0, [1, 0], 0),
    ("farsleben", None, None, [2, 1], 0), ("glindenberg", 0, None, [1, 2], 0), ("mose", 1, 1, [2, 1], 0),
    ("mose", 1, 2, [1, 0], 0), ("wolmirstedt", 0, None, [1, 2], 0), ("wolmirstedt", 0, None, [2, 0], 0),
    ("wolmirstedt", 1, 0, [1, 2], 0), ("wolmirstedt", 1, 0, [2, 1], None), ("wolmirstedt", 1, 2, [2, 0], 0),
    ("wolmirstedt", 2, 1, [1, 0], 0), ("wolmirstedt", 2, 2, [0, 2], 1), ("wolmirstedt", 2, 2, [1, 0], 0),
    ("wolmirstedt", None, None, [1, 2], None), ("wolmirstedt", None, None, [2, 0], 0),
]


def insiders():
    """Small groups everywhere, one person in the second age band, a few without an age band. A
    resident who skipped the first question (and gave no age) learns that the one person of the
    small age band answered it; a resident without an age band who chose the first answer
    subtracts themselves from the age bands' split of that answer."""
    survey = build_survey(new_slug("insider"), [
        Ask("locality", "locality", required=True),
        Ask("first", "single", options=3),
        Ask("follow", "single", options=4, show_if=("first", (1, 2))),
        Ask("ranking", "ranking", options=3, max_choices=2, required=True),
        Ask("age", "demographic", options=2, allow_no_answer=True),
    ])
    for locality, first, follow, ranking, age in INSIDERS:
        survey.respond({"first": first, "follow": follow, "ranking": ranking, "age": age}, locality)
    db.session.commit()
    survey.publish()
    return survey


def test_insiders_finds_leaks_with_the_audit_off(app, client, audit_off):
    survey = insiders()
    outcome = attack_survey(survey, client)
    assert_finds_leaks(outcome)
    found = [leak for leak in outcome.leaks if leak.finding.insider is not None]
    for leak in found:
        print(leak, survey.respondents[leak.finding.insider])
    assert found, "no insider pins more than the public"


def test_insiders_pins_nothing(app, client):
    assert_pins_nothing(attack_survey(insiders(), client))
