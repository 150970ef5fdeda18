"""Ground truth for the attacker: the true value of every number it reports, counted here from the
generated answers (not from the app's SQL and not with the attacker's model), so an attacker bug
that pins a wrong value fails loudly instead of counting as a leak, and so does any interval that
misses the truth.

Also what counts as a leak: a pinned number that is hidden in the publication (or a group size
shown nowhere, or a count of a "no locality"/"no level" group that the rules would have hidden),
about a group that has somebody in it. Pinning that an empty group is empty discloses nobody, and
neither does a 0 that the town's own published 0 of the same category implies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tests.attacker.lp_attacker import (
    LOCALITY,
    RESIDUAL,
    TOWN,
    Finding,
    Report,
    bin_holds,
)


class AttackerBug(AssertionError):
    """The attacker claimed something the true counts contradict."""


class Leaks(AssertionError):
    """The attacker pinned hidden numbers: the publication gives them away."""


@dataclass(frozen=True)
class Leak:
    finding: Finding
    truth: int

    def __str__(self) -> str:
        who = "public" if self.finding.insider is None else f"insider {self.finding.insider}"
        return f"{'/'.join(map(str, self.finding.label))} = {self.truth} ({who}, {self.finding.kind})"


class Truth:
    def __init__(self, respondents: Sequence, snapshots: Sequence[Mapping], questionnaire: Mapping):
        self.respondents = list(respondents)
        self.snapshots = {s["version"]: s for s in snapshots}
        self.questions = {int(q["id"]): q for q in questionnaire["questions"]}
        latest = max(snapshots, key=lambda s: s["version"])
        self.tables: dict[str, tuple[dict | None, dict]] = {"respondents": (None, latest["respondents"])}
        for item in latest["questions"]:
            for table in item["tables"]:
                self.tables[table["key"]] = (self.questions[int(item["id"])], table)
        self.demographics = {d["key"] for d in latest["dimensions"] if d["key"] != LOCALITY}

    # ------------------------------------------------------------------------ counting

    def members(self, version: int, group: str, added: bool = False) -> list:
        """The respondents of `group` in `version`; `added`: only those added for that version."""
        earlier = max((v for v in self.snapshots if v < version), default=0) if added else 0
        people = [r for r in self.respondents if earlier < _version(r) <= version]
        if group == TOWN:
            return people
        dim, level = group.split(":", 1)
        if dim == LOCALITY:
            return [r for r in people if (_locality(r) or RESIDUAL) == level]
        question = int(dim[len("demo"):])
        def level_of(r):
            answer = _answers(r).get(question)
            return answer if answer not in (None, "na") else RESIDUAL
        return [r for r in people if level_of(r) == level]

    def category(self, table_key: str, r) -> str | None:
        """The category a respondent falls in, None when not counted in the table's n."""
        question, table = self.tables[table_key]
        if question is None:
            return _locality(r) or "none"
        answer = _answers(r).get(int(question["id"]))
        suffix = table_key[len(f"q{question['id']}_"):] if "_" in table_key else None
        kind, measure = question["kind"], table["measure"]
        if measure == "answered":
            return "answered" if answer else "not_answered"
        if answer is None:
            return None
        if measure == "share":
            return "chosen" if suffix in answer else "not_chosen"
        if measure == "places":
            return f"place{list(answer).index(suffix) + 1}" if suffix in answer else "not_ranked"
        if kind == "matrix":
            answer = answer.get(suffix)
            if answer is None:
                return None
        if answer == "na":
            return "na"
        if kind in ("scale", "matrix"):
            return f"v{int(answer)}"
        if kind == "number":
            return next((c["key"] for c in table["categories"] if bin_holds(c["key"], float(answer))), None)
        return str(answer)

    def value(self, label: tuple) -> int:
        what, version, *rest = label
        added = what.endswith("+")
        what = what.rstrip("+")
        if what == "size":
            return len(self.members(version, rest[0], added))
        table_key, group = rest[0], rest[1]
        people = self.members(version, group, added)
        categories = [self.category(table_key, r) for r in people]
        if what == "n":
            return sum(1 for c in categories if c is not None)
        return sum(1 for c in categories if c == rest[2])

    def _is_member(self, index: int, version: int, group: str, added: bool = False) -> bool:
        person = self.respondents[index]
        return any(member is person for member in self.members(version, group, added))

    def shown_in_another_version(self, label: tuple) -> bool:
        """Whether another version publishes this count of the very same people (nobody was
        added to the group in between)."""
        what, version, *rest = label
        if what.startswith("size") or what.endswith("+"):
            return False
        table_key, group = rest[0], rest[1]
        people = len(self.members(version, group))
        for other, snapshot in self.snapshots.items():
            if other == version or len(self.members(other, group)) != people:
                continue
            data = snapshot["respondents"] if table_key == "respondents" else next(
                (t for q in snapshot["questions"] for t in q["tables"] if t["key"] == table_key), None)
            entry = next((g for g in data["groups"] if g["key"] == group), None) if data else None
            if entry is None:
                continue
            if what == "n" and entry["n"] is not None:
                return True
            if what == "cell":
                index = [c["key"] for c in data["categories"]].index(rest[2])
                if entry["cells"][index]["count"] is not None:
                    return True
        return False

    def decided_by_town(self, label: tuple) -> bool:
        """A count of a category that the town's published count puts at 0, in this version or
        another of the same people: that nobody in town chose it is published about everybody,
        every group included."""
        what, version, *rest = label
        if what != "cell" or rest[0] == "respondents":
            return False
        people = len(self.members(version, TOWN))
        for other, snapshot in self.snapshots.items():
            if len(self.members(other, TOWN)) != people:
                continue
            data = next((t for q in snapshot["questions"] for t in q["tables"] if t["key"] == rest[0]), None)
            town = None if data is None else next((g for g in data["groups"] if g["key"] == TOWN), None)
            if town is None:
                continue
            index = [c["key"] for c in data["categories"]].index(rest[2])
            if town["cells"][index]["count"] == 0:
                return True
        return False

    def policy(self, version: int) -> Mapping[str, int]:
        return self.snapshots[version]["policy"]

    # ------------------------------------------------------------------------- checking

    def check(self, report: Report) -> list[Leak]:
        """Every interval must hold the truth (else AttackerBug); return the leaks."""
        leaks = []
        for finding in report.findings:
            truth = self.value(finding.label)
            if finding.exact and not (finding.low - 1e-6 <= truth <= finding.high + 1e-6):
                raise AttackerBug(f"{finding.label}: truth {truth} outside [{finding.low}, {finding.high}]")
            if not finding.exact and not finding.pinned:
                continue
            if finding.pinned:
                if finding.value != truth:
                    raise AttackerBug(f"{finding.label}: pinned at {finding.value}, truth {truth}")
                if self.is_leak(finding, truth):
                    leaks.append(Leak(finding, truth))
        return leaks

    def is_leak(self, finding: Finding, truth: int) -> bool:
        label = finding.label
        version = label[1]
        added = label[0].endswith("+")
        group = label[2] if label[0] in ("size", "size+") else label[3]
        size = len(self.members(version, group, added))
        if finding.shown:
            return False
        if added:
            # A count of the few responses added for this version: all of it is protected, like a
            # small group's (the town's count of added responses is announced: `shown`).
            return size > 0 and not (finding.insider is not None and size == 1
                                     and self._is_member(finding.insider, version, group, added))
        if size == 0:
            return False  # nobody to disclose
        if finding.insider is not None and size == 1 and self._is_member(finding.insider, version, group):
            return False  # the insider alone: what they pinned is their own answer
        policy = self.policy(version)
        if self.shown_in_another_version(label):
            return False  # the same people's count is a published number there
        if self.decided_by_town(label):
            return False  # the town's count is a published 0: nobody anywhere chose it
        if finding.kind == "hidden":
            return True
        if finding.kind == "size":
            if group.endswith(RESIDUAL):
                return size < policy["MIN_GROUP"]
            return not finding.shown
        # A count of a residual group: a leak where the rules would have hidden it.
        if size < policy["MIN_GROUP"]:
            return True
        question, _ = self.tables[label[2]]
        counts_groups = question is None or question["kind"] in ("locality", "demographic")
        if label[0] == "n":
            return 0 < truth < policy["MIN_GROUP"]
        small = policy["MIN_GROUP"] if counts_groups else policy["MIN_CELL"]
        n = self.value(("n", version, label[2], group))
        return 0 < truth < small or 0 < n < policy["MIN_GROUP"]


def _version(r) -> int:
    return r.version if hasattr(r, "version") else r.get("version", 1)


def _locality(r) -> str | None:
    return r.locality if hasattr(r, "locality") else r.get("locality")


def _answers(r) -> Mapping[int, object]:
    answers = r.answers if hasattr(r, "answers") else r["answers"]
    return {int(q): v for q, v in answers.items()}


def summary(report: Report, leaks: Iterable[Leak]) -> str:
    leaks = list(leaks)
    attacked = report.attacked()
    head = (f"attacked {len(attacked)} hidden numbers, pinned {len(leaks)} "
            f"({report.variables} unknowns, {report.rows} rows, {report.solves} LP solves)")
    lines = [head]
    lines += [f"  {leak}" for leak in leaks[:25]]
    if len(leaks) > 25:
        lines.append(f"  … and {len(leaks) - 25} more")
    return "\n".join(lines)


def assert_no_leaks(report: Report, truth: Truth) -> list[Leak]:
    leaks = truth.check(report)
    if leaks:
        raise Leaks(summary(report, leaks))
    return leaks
