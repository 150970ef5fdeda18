"""An outside attacker on published survey results: linear programming over everything published.

Independent of the privacy gate on purpose: this module imports nothing of `participation` (only
numpy and HiGHS) and reads plain JSON, exactly what `GET /api/v1/surveys/<slug>/results?version=N`
returns (format 1, `participation/results/snapshots.py`'s docstring), for every published version
of one survey, together with a plain description of the questionnaire as any resident reads it on
the survey pages (`Questionnaire` below). Optionally it plays an insider: one respondent who knows
their own answers to every question and so their own groups.

What it computes
----------------
Unknowns are counts of people. For every block of responses (the responses of version 1, then
those added for version 2, ...) and every group (the town; each locality and "no locality"; each
level of each demographic question and "no level") there is

* the group's size N(g), one unknown shared by every question (the same people answer them all),
* every table's cells x(t, g, k), its n(t, g) (who answered) and skip(t, g) = N(g) - n(t, g),

all non-negative, in every group whether or not the table publishes that group. A version's
published numbers are equations and bounds on the sum of the blocks up to it. For every hidden
number (a count or n shown as null, every group size, every count of a "no locality"/"no level"
residual group) the attacker computes the smallest and largest value over all non-negative real
solutions (the LP relaxation; HiGHS) and reports those whose interval holds fewer than two
integers: the number is pinned.

What it assumes (each is something the public can know; nothing else is used)
------------------------------------------------------------------------------
A1  Group keys: "town", "locality:<slug>" and "demo<id>:o<option>" as published in `dimensions`.
    Every respondent lies in exactly one locality level or in none, and in exactly one level of
    each demographic dimension or in none, so for every count: town = sum of the levels + the
    residual ("<dimension>:(none)"), per dimension (the format's docstring: "The whole town is the
    sum over the locality levels (including 'no locality')").
A2  Distributions: the categories of a table are exclusive and their counts add up to n
    (single, scale with "keine Angabe", matrix item, number bins, locality, demographic).
A3  Multiple choice: every option's table has the same n (everyone who answered the question),
    chosen + not chosen = n, and each who answered ticked between 1 and max_choices options
    (max_choices is printed on the form): n <= sum of chosen <= max_choices * n.
A4  Rankings: per option, its places + "not ranked" = n; an option takes at most one place;
    places are filled from place 1 without gaps (the form refuses gaps), so everyone who answered
    filled place 1 and fewer or as many filled each next place; a required ranking fills all places.
A5  Text questions: "answered" + "not answered" = the group's size (they count everybody).
A6  The respondents table's cells are the locality group sizes, its n the town's size.
A7  The locality question's answer is the respondent's locality group (surveys/views.py:
    `plan.locality_answer(...) or code locality or survey locality`): nobody answers one locality
    and counts in another; in an open survey for the whole town (no access codes, no locality of
    its own) everyone without a locality answer is in "no locality", so the question's n in a
    locality is that locality's size. With codes printed per locality, or a survey for one
    locality, only "answered ≤ size" holds (A7 is weakened accordingly).
A8  A demographic question's answer is the respondent's level: in level a everybody answered a.
A9  Required questions are answered by everybody who saw them (the web form and the kiosk enforce
    it; paper sheets cannot, paper/rules.py). The description says which blocks may hold paper
    sheets (`paper_versions`); there a required question only gives n <= size. A required
    number question counts everybody only when its range has a lower end (its bins cover it).
A10 Show-if: a follow-up is answered only by people who chose one of the condition's options
    (printed on the form); for a condition on a multiple-choice question, by at most the sum of
    those options' "chosen" and at most the condition's n.
A11 Published numbers: a count or n is an equation; "fewer_than_min_cell" is 1..MIN_CELL-1 of that
    version's policy; "fewer_than_min_group" on a cell of a locality/demographic/respondents table
    is 1..MIN_GROUP-1 (README: counts of people per group are held to MIN_GROUP), on a ranking's
    place it says that fewer than MIN_GROUP filled that place in the group, on an n it is
    0..MIN_GROUP-1 ("a group below MIN_GROUP", empty groups included); "protected" and a group's
    own marker only say ">= 0". A percentage is count / n * 100 rounded to one decimal, a mean
    sum(value * count) / sum(count) over the categories with a value, rounded to two decimals, a
    median the category where the running count first reaches half (categories except "na"):
    each is a pair of linear inequalities, so they are used even where count or n is hidden.
A12 Quotes shown for a locality: at least MIN_FREE_TEXT_GROUP answered the text there (PRIVACY §4).
A13 Versions: a published survey takes no answers; a later version counts the same responses plus
    added ones (late paper sheets), never fewer. Each block satisfies A1–A10 by itself.
A14 Optional, when the description carries it: the participation counter seen at closing time,
    rounded down to tens per town and locality (surveys/counter.py), bounds the first block:
    c <= N <= c + 9 (only valid when nothing was entered between closing and version 1).
A15 An insider knows their own answers and groups: every count they are part of (in their block
    and every later version) is at least 1, including their own "skipped" counts.

Not modelled (the attacker is weaker there, never stronger): integrality beyond the final
"fewer than two integers" test, the full locality × demographic cross-classification, the
unions of several hidden groups, and an insider's knowledge that the *other* respondents also
satisfy A3/A4 (only "my cells are >= 1" is used).

A report that pins something wrongly is an attacker bug; tests/attacker/truth.py checks every
interval against the true counts.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

TOWN = "town"
LOCALITY = "locality"
RESIDUAL = "(none)"
INF = math.inf
_EPS = 1e-6
#: Rounding slack of a published percentage (one decimal) and mean (two decimals), plus float noise.
_PERCENT_SLACK = 0.05 + 1e-7
_MEAN_SLACK = 0.005 + 1e-7
#: Feasible points kept for the quick check.
_POOL = 400
_MARKERS = {None, "fewer_than_min_cell", "fewer_than_min_group", "protected"}


class ModelError(Exception):
    """The published numbers contradict the attacker's assumptions: an assumption is wrong."""


# ------------------------------------------------------------------------------ description


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


# ---------------------------------------------------------------------------------- results


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
        return math.ceil(self.low - _EPS)


def integers_in(low: float, high: float) -> float:
    if math.isinf(high) or math.isinf(low):
        return INF
    return max(0, math.floor(high + _EPS) - math.ceil(low - _EPS) + 1)


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


# --------------------------------------------------------------------------------------- LP


class _Program:
    """Columns with bounds, sparse rows lo <= a·x <= hi, solved for many objectives with HiGHS
    (warm-started: the model stays loaded and only the objective or a few bounds change)."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.highs: highspy.Highs | None = None
        self.solves = 0
        self._cost: list[int] = []
        self._seen: set = set()

    def column(self, low: float = 0.0, high: float = INF) -> int:
        self.lower.append(low)
        self.upper.append(high)
        return len(self.lower) - 1

    def row(self, coefficients: Mapping[int, float], low: float, high: float) -> None:
        row = {c: v for c, v in coefficients.items() if v != 0}
        if row:
            key = (tuple(sorted(row.items())), low, high)
            if key not in self._seen:
                self._seen.add(key)
                self.rows.append((row, low, high))
        elif low > _EPS or high < -_EPS:
            raise ModelError("an empty row that cannot hold")

    def fix_zeros(self) -> None:
        """Columns the structure alone forces to 0: in a row sum(a·x) = 0 over non-negative
        columns whose positive (or negative) side is all 0, the other side is 0 too. Repeated
        until nothing changes (a table's n in a group that cannot answer it, and so on)."""
        changed = True
        while changed:
            changed = False
            for coefficients, low, high in self.rows:
                if low != 0 or high != 0:
                    continue
                if any(self.lower[c] != 0 for c in coefficients):
                    continue
                positive = [c for c, a in coefficients.items() if a > 0]
                negative = [c for c, a in coefficients.items() if a < 0]
                for side, other in ((positive, negative), (negative, positive)):
                    if all(self.upper[c] == 0 for c in side) and any(self.upper[c] != 0 for c in other):
                        for c in other:
                            self.upper[c] = 0.0
                        changed = True

    def fixed_at_zero(self, columns: Iterable[int]) -> bool:
        return all(self.upper[c] == 0 for c in columns)

    def compile(self) -> None:
        inf = highspy.kHighsInf
        highs = _silent_highs()
        highs.setOptionValue("presolve", "off")
        # Only the objective changes between solves: the basis stays primal feasible, so primal
        # simplex starts from it (about 2.5 times faster here than HiGHS's default dual).
        highs.setOptionValue("simplex_strategy", 4)
        n = len(self.lower)
        lower = np.array(self.lower, dtype=float)
        upper = np.array([inf if math.isinf(v) else v for v in self.upper], dtype=float)
        highs.addVars(n, lower, upper)
        starts, indices, values, row_low, row_high = [], [], [], [], []
        for coefficients, low, high in self.rows:
            starts.append(len(indices))
            for column, value in coefficients.items():
                indices.append(column)
                values.append(value)
            row_low.append(-inf if math.isinf(low) else low)
            row_high.append(inf if math.isinf(high) else high)
        if self.rows:
            highs.addRows(
                len(self.rows),
                np.array(row_low, dtype=float),
                np.array(row_high, dtype=float),
                len(indices),
                np.array(starts, dtype=np.int32),
                np.array(indices, dtype=np.int32),
                np.array(values, dtype=float),
            )
        self.highs = highs

    def raise_lower(self, columns: Sequence[int], value: float | None) -> None:
        """Set these columns' lower bound to max(own, value); None restores the own bounds."""
        if not columns:
            return
        indices = np.array(columns, dtype=np.int32)
        own = np.array([self.lower[c] for c in columns], dtype=float)
        lower = own if value is None else np.maximum(own, value)
        upper = np.array([highspy.kHighsInf if math.isinf(self.upper[c]) else self.upper[c] for c in columns])
        self.highs.changeColsBounds(len(columns), indices, lower, upper)

    def extreme(self, target: Mapping[int, float], maximize: bool, dual: bool = False) -> tuple[float, np.ndarray | None]:
        """(optimum, solution); (±inf, None) when unbounded; raises ModelError when infeasible.
        `dual`: only bounds changed since the last solve of this objective (dual simplex)."""
        highs = self.highs
        highs.setOptionValue("simplex_strategy", 1 if dual else 4)
        if self._cost:
            highs.changeColsCost(len(self._cost), np.array(self._cost, dtype=np.int32), np.zeros(len(self._cost)))
        columns = list(target)
        if columns:
            highs.changeColsCost(len(columns), np.array(columns, dtype=np.int32), np.array([target[c] for c in columns], dtype=float))
        self._cost = columns
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        highs.run()
        self.solves += 1
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return float(highs.getInfo().objective_function_value), np.array(highs.getSolution().col_value)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (INF if maximize else -INF), None
        if status == highspy.HighsModelStatus.kInfeasible:
            raise ModelError("the published numbers admit no solution under the attacker's assumptions")
        raise RuntimeError(f"HiGHS stopped with {highs.modelStatusToString(status)}")


_banner_shown = False


def _silent_highs() -> highspy.Highs:
    """HiGHS prints a banner on its first construction, before options can be set."""
    global _banner_shown
    if _banner_shown:
        highs = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    highs.setOptionValue("output_flag", False)
    return highs


# ------------------------------------------------------------------------------- the model

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
class _Table:
    key: str
    question: Question | None  # None: the respondents table
    measure: str
    categories: tuple[str, ...]
    values: tuple[float | None, ...]
    suffix: str | None = None  # option or item key of per-option tables


@dataclass
class _Block:
    """The columns of one block of responses (version 1's, or those added for a later version)."""

    columns: dict[tuple, int] = field(default_factory=dict)


class Attack:
    """The LP over every published version of one survey."""

    def __init__(self, snapshots: Sequence[Mapping], questionnaire: Questionnaire | Mapping):
        if not isinstance(questionnaire, Questionnaire):
            questionnaire = Questionnaire.from_dict(questionnaire)
        self.q = questionnaire
        self.snapshots = sorted(snapshots, key=lambda s: s["version"])
        if not self.snapshots:
            raise ValueError("nothing published")
        self.versions = [s["version"] for s in self.snapshots]
        latest = self.snapshots[-1]
        self.dimensions: dict[str, list[str]] = {}  # dimension key -> level group keys
        for dimension in latest["dimensions"]:
            self.dimensions[dimension["key"]] = [level["key"] for level in dimension["levels"]]
        self.localities = [key.split(":", 1)[1] for key in self.dimensions.get(LOCALITY, [])]
        if LOCALITY not in self.dimensions:
            self.dimensions[LOCALITY] = []
        self.groups = [TOWN] + [g for dim in self.dimensions for g in [*self.dimensions[dim], f"{dim}:{RESIDUAL}"]]
        self.tables = self._tables(latest)
        self.program = _Program()
        self.blocks = [_Block() for _ in self.versions]
        #: (block, table key, group) whose n is the group size by structure (for "shown").
        self._size_alias: set[tuple[int, str, str]] = set()
        for index in range(len(self.blocks)):
            self._structure(index)
        # Zeros of the questionnaire's structure alone (before any published number is added):
        # targets that are such zeros are about nobody and are not attacked.
        self.program.fix_zeros()
        for index, snapshot in enumerate(self.snapshots):
            self._published(index, snapshot)
        self._counter()
        self.program.compile()
        self._pool: list[np.ndarray] = []

    # ------------------------------------------------------------------------ tables

    def _tables(self, snapshot: Mapping) -> dict[str, _Table]:
        tables: dict[str, _Table] = {}
        respondents = snapshot["respondents"]
        tables["respondents"] = _Table(
            "respondents", None, "respondents", tuple(c["key"] for c in respondents["categories"]),
            tuple(c.get("value") for c in respondents["categories"]),
        )
        for item in snapshot["questions"]:
            question = self.q.question(int(item["id"]))
            if question.kind != item["kind"]:
                raise ValueError(f"question {question.id}: the description says {question.kind}, the snapshot {item['kind']}")
            for table in item["tables"]:
                prefix = f"q{question.id}_"
                suffix = table["key"][len(prefix):] if table["key"].startswith(prefix) else None
                tables[table["key"]] = _Table(
                    table["key"], question, table["measure"], tuple(c["key"] for c in table["categories"]),
                    tuple(c.get("value") for c in table["categories"]), suffix,
                )
        return tables

    def _question_tables(self, question_id: int) -> list[_Table]:
        return [t for t in self.tables.values() if t.question is not None and t.question.id == question_id]

    # ----------------------------------------------------------------------- columns

    def col(self, block: int, name: tuple) -> int:
        columns = self.blocks[block].columns
        if name not in columns:
            columns[name] = self.program.column()
        return columns[name]

    def size(self, block: int, group: str) -> dict[int, float]:
        return {self.col(block, ("N", group)): 1.0}

    def cell(self, block: int, table: _Table, group: str, category: str) -> dict[int, float]:
        if table.measure == "respondents":
            assert group == TOWN
            level = f"{LOCALITY}:{RESIDUAL}" if category == "none" else f"{LOCALITY}:{category}"
            return self.size(block, level)
        return {self.col(block, ("x", table.key, group, category)): 1.0}

    def n(self, block: int, table: _Table, group: str) -> dict[int, float]:
        if table.measure == "respondents":
            return self.size(block, TOWN)
        if table.measure == "answered":
            return self.size(block, group)
        if table.measure in ("share", "places"):
            return {self.col(block, ("nq", table.question.id, group)): 1.0}
        return {self.col(block, ("n", table.key, group)): 1.0}

    def skip(self, block: int, table: _Table, group: str) -> dict[int, float]:
        if table.measure == "answered":
            return self.cell(block, table, group, "not_answered")
        if table.measure in ("share", "places"):
            return {self.col(block, ("skipq", table.question.id, group)): 1.0}
        return {self.col(block, ("skip", table.key, group)): 1.0}

    def upto(self, version_index: int, make) -> dict[int, float]:
        """The sum over the blocks up to this version of make(block) (A13)."""
        total: dict[int, float] = {}
        for block in range(version_index + 1):
            for column, value in make(block).items():
                total[column] = total.get(column, 0.0) + value
        return total

    # --------------------------------------------------------------------- structure

    def _structure(self, b: int) -> None:
        add = self.program.row
        groups = self.groups
        # A1 for the group sizes.
        for dim, levels in self.dimensions.items():
            add(_sum(_combine((self.size(b, g), 1) for g in [*levels, f"{dim}:{RESIDUAL}"]), _neg(self.size(b, TOWN))), 0, 0)
        for table in self.tables.values():
            if table.measure == "respondents":
                continue
            q = table.question
            for g in groups:
                cells = [self.cell(b, table, g, k) for k in table.categories]
                n = self.n(b, table, g)
                if table.measure == "distribution":  # A2
                    add(_sum(_combine((c, 1) for c in cells), _neg(n)), 0, 0)
                elif table.measure == "share":  # A3
                    add(_sum(_combine((c, 1) for c in cells), _neg(n)), 0, 0)
                elif table.measure == "places":  # A4: places + not ranked = n
                    add(_sum(_combine((c, 1) for c in cells), _neg(n)), 0, 0)
                elif table.measure == "answered":  # A5
                    add(_sum(_combine((c, 1) for c in cells), _neg(n)), 0, 0)
                else:
                    raise ValueError(f"unknown measure {table.measure}")
                if table.measure != "answered":
                    add(_sum(n, self.skip(b, table, g), _neg(self.size(b, g))), 0, 0)
            # A1 for every count of the table.
            for dim, levels in self.dimensions.items():
                parts = [*levels, f"{dim}:{RESIDUAL}"]
                for k in table.categories:
                    add(_sum(_combine((self.cell(b, table, g, k), 1) for g in parts), _neg(self.cell(b, table, TOWN, k))), 0, 0)
                # (n and skip add up over the levels too: implied, since n is the sum of the cells.)
        for question in self.q.questions:
            self._question_structure(b, question)

    def _question_structure(self, b: int, question: Question) -> None:
        add = self.program.row
        tables = self._question_tables(question.id)
        if not tables:
            return
        web = not any(self.block_of(v) == b for v in self.q.paper_versions)
        kind = question.kind
        for g in self.groups:
            size = self.size(b, g)
            if kind == "multiple":  # A3
                n = self.n(b, tables[0], g)
                chosen = _combine((self.cell(b, t, g, "chosen"), 1) for t in tables)
                limit = min(question.max_choices or len(tables), len(tables))
                add(_sum(chosen, _scale(n, -1)), 0, INF)
                add(_sum(chosen, _scale(n, -limit)), -INF, 0)
            if kind == "ranking":  # A4
                n = self.n(b, tables[0], g)
                places = [k for k in tables[0].categories if k != "not_ranked"]
                filled = [_combine((self.cell(b, t, g, p), 1) for t in tables) for p in places]
                add(_sum(filled[0], _scale(n, -1)), 0, 0)
                for earlier, later in zip(filled, filled[1:]):
                    add(_sum(later, _scale(earlier, -1)), -INF, 0)
                if question.required and web and question.show_if is None:
                    for place in filled:
                        add(_sum(place, _scale(n, -1)), 0, 0)
            counts_everybody = question.required and web and question.show_if is None
            if kind == "number" and question.min_value is None:
                counts_everybody = False  # A9: numbers below the bins are counted nowhere
            for table in tables:
                if counts_everybody and table.measure != "answered":
                    add(_sum(self.n(b, table, g), _scale(size, -1)), 0, 0)
                    self._size_alias.add((b, table.key, g))
                if counts_everybody and table.measure == "answered":
                    add(_sum(self.cell(b, table, g, "answered"), _scale(size, -1)), 0, 0)
                if table.measure == "answered":
                    self._size_alias.add((b, table.key, g))
            if question.show_if is not None:
                self._show_if(b, question, tables, g, web)
        if kind == "locality":
            self._own_groups(b, tables[0], LOCALITY, lambda slug: f"{LOCALITY}:{slug}")
        if kind == "demographic" and f"demo{question.id}" in self.dimensions:
            self._own_groups(b, tables[0], f"demo{question.id}", lambda key: f"demo{question.id}:{key}")

    def _own_groups(self, b: int, table: _Table, dim: str, group_of) -> None:
        """A7/A8: an answer names the respondent's own level."""
        add = self.program.row
        exact = dim != LOCALITY or (self.q.access == "open" and self.q.survey_locality is None)
        levels = self.dimensions[dim]
        for k in table.categories:
            own = group_of(k)
            for g in [*levels, f"{dim}:{RESIDUAL}"]:
                if g != own and not (k == "na" and g.endswith(RESIDUAL)):
                    column = next(iter(self.cell(b, table, g, k)))
                    self.program.upper[column] = 0.0
            if own in levels:
                if exact:
                    add(_sum(self.n(b, table, own), _scale(self.size(b, own), -1)), 0, 0)
                    self._size_alias.add((b, table.key, own))
                    self._size_alias.add((b, table.key, TOWN, k))
        if dim == LOCALITY and self.q.survey_locality is not None:
            column = next(iter(self.size(b, f"{LOCALITY}:{RESIDUAL}")))
            self.program.upper[column] = 0.0

    def _show_if(self, b: int, question: Question, tables: list[_Table], g: str, web: bool) -> None:
        """A10: a follow-up's answerers all chose one of the condition's options."""
        add = self.program.row
        condition_id, options = question.show_if
        condition = self.q.question(condition_id)
        condition_tables = self._question_tables(condition_id)
        if not condition_tables:
            return
        answered = [
            self.cell(b, t, g, "answered") if t.measure == "answered" else self.n(b, t, g) for t in tables
        ]
        if condition.kind == "multiple":
            by_option = {t.suffix: self.cell(b, t, g, "chosen") for t in condition_tables}
            chosen = _combine((by_option[o], 1) for o in options if o in by_option)
            for n in answered:
                add(_sum(n, _scale(chosen, -1)), -INF, 0)
                add(_sum(n, _scale(self.n(b, condition_tables[0], g), -1)), -INF, 0)
        else:
            table = condition_tables[0]
            shown = _combine((self.cell(b, table, g, o), 1) for o in options if o in table.categories)
            for n in answered:
                add(_sum(n, _scale(shown, -1)), -INF, 0)

    # --------------------------------------------------------------------- published

    def _published(self, v: int, snapshot: Mapping) -> None:
        policy = snapshot["policy"]
        tables = [(self.tables["respondents"], snapshot["respondents"])]
        for item in snapshot["questions"]:
            tables.extend((self.tables[t["key"]], t) for t in item["tables"])
            self._quotes(v, item, policy)
        for table, data in tables:
            for group in data["groups"]:
                self._group(v, table, group, policy)

    def _group(self, v: int, table: _Table, group: Mapping, policy: Mapping) -> None:
        add = self.program.row
        g = group["key"]
        if g not in self.groups:
            raise ValueError(f"unknown group {g}")
        n_expr = self.upto(v, lambda b: self.n(b, table, g))
        if group["n"] is not None:
            add(n_expr, group["n"], group["n"])
        elif group["n_marker"] == "fewer_than_min_group":
            add(n_expr, 0, policy["MIN_GROUP"] - 1)
        elif group["n_marker"] not in (None, "protected"):
            raise ValueError(f"unknown n marker {group['n_marker']}")
        if group["marker"] not in _MARKERS:
            raise ValueError(f"unknown group marker {group['marker']}")
        counts_groups = table.measure == "respondents" or (
            table.question is not None and table.question.kind in ("locality", "demographic")
        )
        cells = {}
        for k, cell in zip(table.categories, group["cells"], strict=True):
            expr = self.upto(v, lambda b, k=k: self.cell(b, table, g, k))
            cells[k] = expr
            if cell["marker"] not in _MARKERS:
                raise ValueError(f"unknown cell marker {cell['marker']}")
            if cell["count"] is not None:
                add(expr, cell["count"], cell["count"])
            elif group["marker"] is None and cell["marker"] == "fewer_than_min_cell":
                add(expr, 1, policy["MIN_CELL"] - 1)
            elif group["marker"] is None and cell["marker"] == "fewer_than_min_group":
                if table.measure == "places":
                    # The place's own group (everyone who filled this place) is below MIN_GROUP.
                    filled = self.upto(
                        v, lambda b, k=k: _combine((self.cell(b, t, g, k), 1) for t in self._question_tables(table.question.id))
                    )
                    add(filled, 0, policy["MIN_GROUP"] - 1)
                elif counts_groups:
                    add(expr, 1, policy["MIN_GROUP"] - 1)
                else:
                    raise ValueError(f"{table.key}/{g}: a cell below MIN_GROUP in a table of answers")
            if cell.get("percent") is not None:
                p = float(cell["percent"])
                # |100·count − p·n| <= 0.05·n (A11), as two rows.
                add(_sum(_scale(expr, 100.0), _scale(n_expr, -(p + _PERCENT_SLACK))), -INF, 0)
                add(_sum(_scale(expr, 100.0), _scale(n_expr, -(p - _PERCENT_SLACK))), 0, INF)
        if group.get("mean") is not None:
            mean = float(group["mean"])
            numeric = [(k, value) for k, value in zip(table.categories, table.values) if value is not None]
            if not numeric:
                raise ValueError(f"{table.key}: a mean without numeric categories")
            # sum((value − mean) · count) within ±0.005 · sum(count)
            upper = _combine((cells[k], value - mean - _MEAN_SLACK) for k, value in numeric)
            lower = _combine((cells[k], value - mean + _MEAN_SLACK) for k, value in numeric)
            add(upper, -INF, 0)
            add(lower, 0, INF)
        if group.get("median") is not None:
            ordered = [k for k in table.categories if k != "na"]
            index = ordered.index(group["median"])
            total = _combine((cells[k], 1) for k in ordered)
            upto_median = _combine((cells[k], 1) for k in ordered[: index + 1])
            below = _combine((cells[k], 1) for k in ordered[:index])
            add(_sum(_scale(upto_median, 2), _scale(total, -1)), 0, INF)  # 2·S(≤m) >= T
            add(_sum(_scale(below, 2), _scale(total, -1)), -INF, -1)  # 2·S(<m) <= T − 1 (integers)

    def _quotes(self, v: int, item: Mapping, policy: Mapping) -> None:
        """A12: a quote shown for a locality means enough answered the text there."""
        tables = self._question_tables(int(item["id"]))
        if not tables or tables[0].measure != "answered":
            return
        for quote in item.get("quotes", []):
            g = quote["group"]
            if g != TOWN:
                expr = self.upto(v, lambda b: self.cell(b, tables[0], g, "answered"))
                self.program.row(expr, policy["MIN_FREE_TEXT_GROUP"], INF)

    def _counter(self) -> None:
        """A14: the participation counter at closing time bounds the first block."""
        for g, value in (self.q.counter or {}).items():
            self.program.row(self.size(0, g), value, value + 9)

    # ------------------------------------------------------------------------- attack

    def targets(self) -> list[tuple[tuple, dict[int, float], str, bool]]:
        """(label, expression, kind, shown) of every number the attacker tries to pin."""
        found: list[tuple[tuple, dict[int, float], str, bool]] = []
        seen: set[tuple] = set()

        def add(label, expr, kind, shown=False):
            key = tuple(sorted(expr.items()))
            if self.program.fixed_at_zero(expr):
                return  # a zero of the questionnaire's structure (A7, A8): about nobody
            if key not in seen:
                seen.add(key)
                found.append((label, expr, kind, shown))

        for v, snapshot in enumerate(self.snapshots):
            version = snapshot["version"]
            shown_sizes = self._shown_sizes(v, snapshot)
            tables = [(self.tables["respondents"], snapshot["respondents"])]
            for item in snapshot["questions"]:
                tables.extend((self.tables[t["key"]], t) for t in item["tables"])
            for table, data in tables:
                for group in data["groups"]:
                    g = group["key"]
                    for k, cell in zip(table.categories, group["cells"]):
                        expr = self.upto(v, lambda b, k=k: self.cell(b, table, g, k))
                        if cell["count"] is None:
                            add(("cell", version, table.key, g, k), expr, "hidden")
                    expr = self.upto(v, lambda b: self.n(b, table, g))
                    if group["n"] is None:
                        add(("n", version, table.key, g), expr, "hidden")
            for g in self.groups:
                expr = self.upto(v, lambda b: self.size(b, g))
                add(("size", version, g), expr, "size", g in shown_sizes)
            for dim in self.dimensions:
                r = f"{dim}:{RESIDUAL}"
                for table, _ in tables[1:]:
                    for k in table.categories:
                        add(("cell", version, table.key, r, k), self.upto(v, lambda b, k=k: self.cell(b, table, r, k)), "residual")
                    add(("n", version, table.key, r), self.upto(v, lambda b: self.n(b, table, r)), "residual")
            if v == 0:
                continue
            # The responses added for this version (late paper sheets): "reveal nothing about
            # those responses" (issue 10). Their town total is the difference of two published
            # totals and announced in the reason, so it is not attacked.
            for g in self.groups:
                add(("size+", version, g), self.size(v, g), "added", g == TOWN)
            for table, data in tables:
                for group in data["groups"]:
                    g = group["key"]
                    for k in table.categories:
                        add(("cell+", version, table.key, g, k), self.cell(v, table, g, k), "added")
                    add(("n+", version, table.key, g), self.n(v, table, g), "added")
        return found

    def _shown_sizes(self, v: int, snapshot: Mapping) -> set[str]:
        """Groups whose size appears as a number in this version (then it is not a hidden number)."""
        shown = set()
        respondents = snapshot["respondents"]["groups"][0]
        if respondents["n"] is not None:
            shown.add(TOWN)
        for k, cell in zip(self.tables["respondents"].categories, respondents["cells"]):
            if cell["count"] is not None:
                shown.add(f"{LOCALITY}:{RESIDUAL}" if k == "none" else f"{LOCALITY}:{k}")
        for item in snapshot["questions"]:
            for data in item["tables"]:
                table = self.tables[data["key"]]
                for group in data["groups"]:
                    g = group["key"]
                    if group["n"] is not None and all((b, table.key, g) in self._size_alias for b in range(v + 1)):
                        shown.add(g)
                    if g == TOWN and table.question.kind in ("locality", "demographic"):
                        for k, cell in zip(table.categories, group["cells"]):
                            if cell["count"] is not None and all((b, table.key, TOWN, k) in self._size_alias for b in range(v + 1)):
                                dim = LOCALITY if table.question.kind == "locality" else f"demo{table.question.id}"
                                shown.add(f"{dim}:{k}")
        return shown

    def insider_columns(self, insider: Mapping) -> list[int]:
        """A15: the columns an insider is counted in (in their block)."""
        b = self.block_of(insider.get("version", self.versions[0]))
        if b == len(self.blocks):
            return []  # added after every version read: in nothing published
        answers = {int(q): value for q, value in insider["answers"].items()}
        groups = self.member_groups(insider)
        columns: set[int] = set()
        for g in groups:
            columns.update(self.size(b, g))
            for table in self.tables.values():
                if table.measure == "respondents":
                    continue
                category = answer_category(table, answers.get(table.question.id))
                if table.measure == "answered":
                    columns.update(self.cell(b, table, g, category))
                elif category is None:
                    columns.update(self.skip(b, table, g))
                else:
                    columns.update(self.cell(b, table, g, category))
                    columns.update(self.n(b, table, g))
        return sorted(columns)

    def block_of(self, version: int) -> int:
        """The block holding responses added for `version`: the first version read that is not
        older (a version the API no longer serves merges into the next one)."""
        return next((b for b, v in enumerate(self.versions) if v >= version), len(self.versions))

    def member_groups(self, insider: Mapping) -> list[str]:
        locality = insider.get("locality")
        groups = [TOWN, f"{LOCALITY}:{locality}" if locality else f"{LOCALITY}:{RESIDUAL}"]
        answers = {int(q): value for q, value in insider["answers"].items()}
        for dim in self.dimensions:
            if dim == LOCALITY:
                continue
            level = answers.get(int(dim[len("demo"):]))
            key = f"{dim}:{level}"
            groups.append(key if key in self.dimensions[dim] else f"{dim}:{RESIDUAL}")
        return groups

    def run(self, insiders: Sequence[Mapping] = (), quick: bool = True, insider_margin: float = 8) -> Report:
        """Attack every target as the public, then as each insider (A15).

        Group sizes first: a group that must be empty has only zeros to give away (nobody to
        disclose), so its other numbers are not attacked. `quick`: a target is declared safe
        without solving when feasible points found so far already give it two integer values.
        Insiders are tried on the targets whose public interval holds at most `insider_margin`
        integers (one person's own answers narrow an interval by a few at most in practice; the
        gate uses 4; inf tries every target)."""
        self.program.extreme({}, maximize=False)  # feasibility first: ModelError if not
        if quick:
            self._spread(self._pool)
        targets = self.targets()
        findings: list[Finding] = []
        candidates = []
        empty: set[tuple[int, str]] = set()
        for target in targets:
            if target[0][0] in ("size", "size+"):
                finding = self._interval(*target, False, self._pool)
                findings.append(finding)
                if finding.high < 1 - _EPS:
                    empty.add(_group_of(finding.label))
                elif not finding.pinned:
                    candidates.append((target, finding))
        for target in targets:
            label = target[0]
            if label[0] in ("size", "size+") or _group_of(label) in empty:
                continue
            finding = self._interval(*target, quick, self._pool)
            findings.append(finding)
            if not finding.pinned:
                candidates.append((target, finding))
        if insiders:
            narrow = [target for target, finding in candidates if finding.integers <= insider_margin]
            findings.extend(self._insiders(insiders, narrow, quick))
        return Report(findings, len(self.program.lower), len(self.program.rows), self.program.solves)

    def _spread(self, pool: list[np.ndarray], rounds: int = 6) -> None:
        """Feasible points far apart (random objectives), for the quick check."""
        rng = np.random.default_rng(0)
        n = len(self.program.lower)
        for _ in range(rounds):
            columns = rng.choice(n, size=min(n, 200), replace=False)
            target = {int(c): float(rng.choice([-1.0, 1.0])) for c in columns}
            for maximize in (False, True):
                value, point = self.program.extreme(target, maximize)
                if point is not None:
                    pool.append(point)

    def _interval(self, label, expr, kind, shown, quick, pool, insider=None) -> Finding:
        if quick and pool:
            columns = np.fromiter(expr.keys(), dtype=np.int64)
            values = np.stack(pool)[:, columns] @ np.fromiter(expr.values(), dtype=float)
            low, high = float(values.min()), float(values.max())
            if integers_in(low, high) >= 2:
                return Finding(label, low, high, kind, shown, insider, exact=False)
        low, at_low = self.program.extreme(expr, maximize=False)
        high, at_high = self.program.extreme(expr, maximize=True)
        for point in (at_low, at_high):
            if point is not None:
                pool.append(point)
        del pool[:-_POOL]
        return Finding(label, low, high, kind, shown, insider)

    def _insiders(self, insiders: Sequence[Mapping], candidates, quick) -> list[Finding]:
        """Insiders, searched by halving. A reader who knows "every count that one of these
        insiders is in is >= 1" knows more than each of them, so a target that reader cannot pin,
        none of them can (an insider's interval contains the combined one). Starting from all
        insiders together, a group that pins a target is split in two until one insider is left
        who pins it, or no part does. Insiders are ordered by their groups, so halves hold alike
        people. Level by level, each part's bounds are set once and every target still open
        there is solved (only the objective changes: warm-started primal simplex)."""
        per_insider = [self.insider_columns(insider) for insider in insiders]
        distinct: dict[tuple[int, ...], int] = {}
        for index, columns in enumerate(per_insider):
            if columns:
                distinct.setdefault(tuple(columns), index)
        order = sorted(distinct.items(), key=lambda item: (tuple(self.member_groups(insiders[item[1]])), item[0]))
        kinds = [(list(columns), index) for columns, index in order]
        findings: list[Finding] = []
        done: set[tuple] = set()
        parts = [(kinds, candidates)] if kinds else []
        while parts:
            following = []
            for part, targets in parts:
                targets = [t for t in targets if t[0] not in done]
                if not targets:
                    continue
                columns = sorted({c for cols, _ in part for c in cols})
                self.program.raise_lower(columns, 1.0)
                pool: list[np.ndarray] = []
                pinned = []
                try:
                    for target in targets:
                        finding = self._interval(*target, quick, pool)
                        if finding.pinned:
                            pinned.append((target, finding))
                finally:
                    self.program.raise_lower(columns, None)
                if len(part) == 1:
                    for (label, _, kind, shown), finding in pinned:
                        findings.append(Finding(label, finding.low, finding.high, kind, shown, insider=part[0][1]))
                        done.add(label)
                elif pinned:
                    middle = len(part) // 2
                    open_targets = [target for target, _ in pinned]
                    following += [(part[:middle], open_targets), (part[middle:], open_targets)]
            parts = following
        return findings


def _group_of(label: tuple) -> tuple[bool, int, str]:
    """(about added responses only, version, group key) of a target's label."""
    added = label[0].endswith("+")
    return added, label[1], label[2] if label[0] in ("size", "size+") else label[3]


def answer_category(table: _Table, answer) -> str | None:
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


def _combine(parts: Iterable[tuple[Mapping[int, float], float]]) -> dict[int, float]:
    total: dict[int, float] = {}
    for expr, factor in parts:
        for column, value in expr.items():
            total[column] = total.get(column, 0.0) + factor * value
    return total


def _sum(*exprs: Mapping[int, float]) -> dict[int, float]:
    return _combine((e, 1.0) for e in exprs)


def _scale(expr: Mapping[int, float], factor: float) -> dict[int, float]:
    return {c: v * factor for c, v in expr.items()}


def _neg(expr: Mapping[int, float]) -> dict[int, float]:
    return _scale(expr, -1.0)


def attack(snapshots: Sequence[Mapping], questionnaire, insiders: Sequence[Mapping] = (), quick: bool = True,
           insider_margin: float = 8) -> Report:
    """Everything the public (and each given insider) can pin down of what was published."""
    return Attack(snapshots, questionnaire).run(insiders, quick, insider_margin)
