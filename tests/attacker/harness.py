"""Publish, read the API as the public, attack, check against the truth: one call for the tests."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from tests.attacker.generate import GeneratedSurvey
from tests.attacker.lp_attacker import Report, attack
from tests.attacker.truth import Leak, Leaks, Truth, summary


@dataclass
class Outcome:
    report: Report
    leaks: list[Leak]
    snapshots: list[dict]
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def attacked(self) -> int:
        return len(self.report.attacked())

    def pinned(self, *label) -> Leak | None:
        """The leak with this label (prefix), if the attacker found it."""
        return next((leak for leak in self.leaks if leak.finding.label[: len(label)] == label), None)

    def __str__(self) -> str:
        return summary(self.report, self.leaks) + f"\n  ({self.seconds:.1f} s)"


def attack_survey(generated: GeneratedSurvey, client, *, insiders: bool = True, counter: bool = True) -> Outcome:
    """Attack everything published about `generated` (every version the API serves), as the
    public and, with `insiders`, as every respondent; check every interval against the truth
    (an AttackerBug is raised if one misses it)."""
    snapshots = generated.read(client)
    questionnaire = generated.questionnaire(counter=counter)
    return attack_snapshots(snapshots, questionnaire, generated.respondents, insiders=insiders)


def attack_snapshots(snapshots, questionnaire, respondents, *, insiders: bool = True) -> Outcome:
    started = time.process_time()
    people = [r.as_insider() for r in respondents] if insiders else ()
    report = attack(snapshots, questionnaire, people)
    leaks = Truth(respondents, snapshots, questionnaire).check(report)
    return Outcome(report, leaks, snapshots, time.process_time() - started)


def assert_pins_nothing(outcome: Outcome) -> None:
    print(outcome)
    if outcome.leaks:
        raise Leaks(str(outcome))


def assert_finds_leaks(outcome: Outcome) -> None:
    print(outcome)
    assert outcome.leaks, f"the attacker found nothing to pin: {outcome}"


def pinned_only_together(outcome: Outcome, questionnaire, respondents) -> set[tuple]:
    """Labels pinned from all versions together that no version pins read alone."""
    alone: set[tuple] = set()
    for snapshot in outcome.snapshots:
        single = attack_snapshots([snapshot], questionnaire, respondents)
        alone |= {leak.finding.label for leak in single.leaks}
    together = {leak.finding.label for leak in outcome.leaks} - alone
    print("pinned only by the versions together:", sorted(together))
    return together
