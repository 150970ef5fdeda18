"""The attacker itself: independent of the gate, honest about what it assumes, checked by the truth."""

import ast
from pathlib import Path

import pytest

from participation.extensions import db
from tests.attacker.conftest import new_slug
from tests.attacker.generate import Ask, build_survey
from tests.attacker.harness import attack_survey
from tests.attacker.lp_attacker import Finding, ModelError, Report, attack, bin_holds
from tests.attacker.truth import AttackerBug, Truth

HERE = Path(__file__).parent


@pytest.mark.parametrize("module", ["lp_attacker.py", "lp.py", "reading.py"])
def test_the_attacker_imports_nothing_of_the_app(module):
    """It reads plain JSON; it must not share a line of code with the gate it attacks."""
    tree = ast.parse((HERE / module).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    allowed = {"__future__", "copy", "itertools", "math", "os", "re", "sys", "collections.abc", "dataclasses", "highspy", "numpy"}
    assert imported <= allowed | {"tests.attacker.lp", "tests.attacker.reading"}


def test_bins_read_like_the_published_keys():
    assert bin_holds("b0-4", 4.5) and not bin_holds("b0-4", 5)
    assert bin_holds("b20-", 300) and bin_holds("b20-20", 20) and not bin_holds("b20-20", 21)


def _survey(optional_skips: int):
    survey = build_survey(new_slug("selbst"), [
        Ask("locality", "locality", required=True),
        Ask("often", "single", options=2),
    ])
    for index in range(30):
        answers = {} if index < optional_skips else {"often": index % 2}
        survey.respond(answers, ["wolmirstedt", "elbeu", "farsleben"][index % 3])
    db.session.commit()
    survey.publish()
    return survey


def test_a_wrong_pin_is_an_attacker_bug_not_a_leak(app, town, client):
    survey = _survey(0)
    snapshots = survey.read(client)
    questionnaire = survey.questionnaire()
    truth = Truth(survey.respondents, snapshots, questionnaire)
    wrong = Finding(("size", 1, "locality:elbeu"), 11, 11, "size")
    with pytest.raises(AttackerBug):
        truth.check(Report([wrong], 0, 0))
    missed = Finding(("size", 1, "locality:elbeu"), 0, 5, "size")
    with pytest.raises(AttackerBug):
        truth.check(Report([missed], 0, 0))


def test_an_assumption_the_numbers_contradict_stops_the_attack(app, town, client):
    """Claiming an optional question was required, when its published n is short of everybody,
    admits no solution: the attacker says so instead of pinning anything."""
    survey = _survey(4)
    questionnaire = survey.questionnaire()
    for question in questionnaire["questions"]:
        question["required"] = True
    with pytest.raises(ModelError):
        attack(survey.read(client), questionnaire)


def test_every_interval_holds_the_truth(app, town, client):
    """Beyond the pinned values: every interval the attacker solved contains the true count."""
    outcome = attack_survey(_survey(3), client)  # Truth.check raises on any miss
    assert outcome.report.findings
