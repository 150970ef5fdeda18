"""What the attacker reads: the questionnaire as residents see it, the published tables' shapes,
and what it reports (plain data; nothing of the app)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tests.attacker.lp import EPS, integers_in


@dataclass(frozen=True)
class Question:
    """One question as a resident sees it on the form."""

    id: int
    kind: str
    required: bool = False
    #: Show-if: (condition question id, option keys); None when always shown.
    show_if: tuple[int, tuple[str, ...]] | None = None
    max_choices: int | None = None
    options: tuple[str, ...] = ()  # option keys ("o12"), matrix item keys, or locality slugs
    min_value: int | None = None
    max_value: int | None = None
    allow_no_answer: bool = False


@dataclass(frozen=True)
class Questionnaire:
    questions: tuple[Question, ...]
    #: "open" or "codes" (printed access codes may carry a locality, A7).
    access: str = "open"
    #: A survey meant for one locality: responses without a locality answer count there.
    survey_locality: str | None = None
    #: Versions whose added responses may include paper sheets (A9).
    paper_versions: frozenset[int] = frozenset()
    #: The participation counter at closing time, group key -> rounded value (A14), or None.
    counter: Mapping[str, int] | None = None

    @classmethod
    def from_dict(cls, data: Mapping) -> Questionnaire:
        questions = []
        for item in data["questions"]:
            show_if = item.get("show_if")
            questions.append(
                Question(
                    id=int(item["id"]),
                    kind=item["kind"],
                    required=bool(item.get("required")),
                    show_if=None if not show_if else (int(show_if["question"]), tuple(show_if["options"])),
                    max_choices=item.get("max_choices"),
                    options=tuple(item.get("options", ())),
                    min_value=item.get("min"),
                    max_value=item.get("max"),
                    allow_no_answer=bool(item.get("allow_no_answer")),
                )
            )
        return cls(
            tuple(questions),
            access=data.get("access", "open"),
            survey_locality=data.get("survey_locality"),
            paper_versions=frozenset(data.get("paper_versions", ())),
            counter=data.get("counter"),
        )

    def question(self, question_id: int) -> Question:
        return next(q for q in self.questions if q.id == question_id)


@dataclass(frozen=True)
class Finding:
    """The interval of one hidden number. Labels:
    ("cell", version, table key, group key, category key), ("n", version, table key, group key),
    ("size", version, group key); with "cell+", "n+", "size+" the same of only the responses
    added for that version (since the previous version read)."""

    label: tuple
    low: float
    high: float
    #: "hidden" (shown as null), "size" (a group size), "residual" (a count of a residual group),
    #: "added" (a count of the responses added for a later version)
    kind: str
    #: For sizes: the size is shown as a number somewhere in that version (then it is not hidden).
    shown: bool = False
    #: Which insider pinned it (index into the insiders given), None for the public.
    insider: int | None = None
    #: False when only a quick check showed the interval holds two integers (low/high are then
    #: values of feasible points, not the extremes).
    exact: bool = True

    @property
    def integers(self) -> float:
        return integers_in(self.low, self.high)

    @property
    def pinned(self) -> bool:
        return self.integers < 2

    @property
    def value(self) -> int | None:
        if not self.pinned or self.integers == 0:
            return None
        return math.ceil(self.low - EPS)


@dataclass
class Report:
    findings: list[Finding]
    variables: int
    rows: int
    solves: int = 0

    @property
    def pinned(self) -> list[Finding]:
        return [f for f in self.findings if f.pinned]

    def attacked(self, kinds: Iterable[str] = ("hidden", "size", "residual", "added")) -> list[Finding]:
        kinds = set(kinds)
        return [f for f in self.findings if f.kind in kinds and not f.shown]



_BIN = re.compile(r"^b(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)?$")


def bin_holds(key: str, value: float) -> bool:
    """Whether a number falls into a published bin ("b0-4": 0 <= v < 5; "b20-": v >= 20)."""
    match = _BIN.match(key)
    if not match:
        raise ValueError(f"not a bin key: {key}")
    low = float(match.group(1))
    high = None if match.group(2) is None else float(match.group(2))
    return value >= low and (high is None or value < high + 1)


@dataclass
class Table:
    key: str
    question: Question | None  # None: the respondents table
    measure: str
    categories: tuple[str, ...]
    values: tuple[float | None, ...]
    suffix: str | None = None  # option or item key of per-option tables



def answer_category(table: Table, answer) -> str | None:
    """The category of `table` an insider's answer falls in; None: not counted in the table's n."""
    kind = table.question.kind
    if table.measure == "answered":
        return "answered" if answer else "not_answered"
    if answer is None:
        return None
    if table.measure == "share":
        return "chosen" if table.suffix in answer else "not_chosen"
    if table.measure == "places":
        ranked = list(answer)
        return f"place{ranked.index(table.suffix) + 1}" if table.suffix in ranked else "not_ranked"
    if kind == "matrix":
        answer = answer.get(table.suffix)
        if answer is None:
            return None
    if answer == "na":
        return "na"
    if kind in ("scale", "matrix"):
        return f"v{int(answer)}"
    if kind == "number":
        return next((k for k in table.categories if bin_holds(k, float(answer))), None)
    return str(answer)
