"""Random surveys (PRIVACY.md §6: property tests over random surveys): required and optional
questions, show-if conditions, rankings, matrices, multiple choice with maximums, small and empty
localities, small age bands, homogeneous small groups; sometimes a version 2 with 1–4 late paper
sheets, sometimes a version with a stricter MIN_CELL. Published through the real code path, read
through the API, attacked over every version, as the public and as every respondent.

Each example is small (a few questions, 15–50 respondents), so the file runs in a minute or two.
"""

import random

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from participation.extensions import db
from tests.attacker.conftest import new_slug
from tests.attacker.generate import build_survey, random_asks, random_population
from tests.attacker.harness import assert_pins_nothing, attack_survey

pytestmark = pytest.mark.usefixtures("town", "sqlite_only")

#: Shrinking would publish hundreds more surveys; a failure prints its seed, which reproduces it.
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    report_multiple_bugs=False,
)


def publish_random(seed: int):
    """A random survey with its responses, published once or twice; returns it."""
    rng = random.Random(seed)
    asks = random_asks(rng, rng.randint(2, 5))
    survey = build_survey(new_slug(f"zufall{seed}"), asks)
    for locality, answers in random_population(rng, asks, rng.randint(15, 50)):
        survey.respond(answers, locality)
    db.session.commit()
    survey.publish()
    later = rng.random()
    if later < 0.3:  # late paper sheets: the paper form enforces no "required"
        for locality, answers in random_population(rng, asks, rng.randint(1, 4)):
            survey.respond(answers, locality, version=2, channel="paper")
        db.session.commit()
        survey.publish(reason="Papierbögen nachgetragen")
    elif later < 0.45:
        survey.publish(reason="Strengere Schwelle", MIN_CELL=rng.choice([6, 7]))
    return survey


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=3303)  # a stricter version shows a 0 of the town that the first hid
@example(seed=4_294_967_295)  # a ranking's "fewer than" places read back from version 1
def test_random_surveys_pin_nothing(app, client, seed):
    assert_pins_nothing(attack_survey(publish_random(seed), client))


def test_random_surveys_finds_leaks_with_the_audit_off(app, client, audit_off):
    """The same attacker on the per-table gate: it pins hidden numbers in most random surveys."""
    leaky = 0
    for seed in range(8):
        outcome = attack_survey(publish_random(seed), client)
        print(f"seed {seed}: {outcome}")
        leaky += bool(outcome.leaks)
    assert leaky >= 4
