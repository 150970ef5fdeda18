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
published numbers are equations and bounds on the sum of the blocks up to it. Targets: every
count or n shown as null, every group size, every count of a "no locality"/"no level" residual
group, and every count of the responses added for a later version. For each the attacker computes
the smallest and largest value over all non-negative real solutions (the LP relaxation; HiGHS)
and reports those whose interval holds fewer than two integers: the number is pinned. Not
attacked: numbers the questionnaire's structure alone pins (A7, A8: nobody answers another
locality than their own; nobody skipped a required text) and the numbers of a group that must be empty (about nobody).
A target is declared unpinned without solving when feasible points found so far already give it
values two integers apart (sound: the extremes lie outside them).

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
    and every later version) is at least 1, including their own "skipped" counts. Every
    respondent is tried (by halving, see `_insiders`), on the targets whose public interval holds
    at most `insider_margin` (8) integers.

Not modelled (the attacker is weaker there, never stronger): integrality beyond the final
"fewer than two integers" test and the integer sum behind a mean whose count is published, the
full locality × demographic cross-classification (and so counts of cells of that cross), the
unions of several hidden groups, an insider's knowledge that the *other* respondents also satisfy
A3/A4 (only "my cells are >= 1" is used), and insiders on targets with wide public intervals.

A report that pins something wrongly is an attacker bug; tests/attacker/truth.py checks every
interval against the true counts.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from tests.attacker.lp import (
    EPS,
    INF,
    ModelError,
    Program,
    combine,
    integers_in,
    neg,
    plus,
    scale,
)
from tests.attacker.reading import (
    Finding,
    Question,
    Questionnaire,
    Report,
    Table,
    answer_category,
    bin_holds,
)

__all__ = ["Attack", "Finding", "ModelError", "Questionnaire", "Report", "attack", "bin_holds"]

TOWN = "town"
LOCALITY = "locality"
RESIDUAL = "(none)"
#: Rounding slack of a published percentage (one decimal) and mean (two decimals), plus float noise.
_PERCENT_SLACK = 0.05 + 1e-7
_MEAN_SLACK = 0.005 + 1e-7
#: Feasible points kept for the quick check.
_POOL = 400
_MARKERS = {None, "fewer_than_min_cell", "fewer_than_min_group", "protected"}


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
        self.program = Program()
        self.blocks = [_Block() for _ in self.versions]
        #: (block, table key, group) whose n is the group size by structure (for "shown").
        self._size_alias: set[tuple[int, str, str]] = set()
        for index in range(len(self.blocks)):
            self._structure(index)
        # Zeros of the questionnaire's structure alone (before any published number is added):
        # targets that are such zeros are about nobody and are not attacked.
        self.program.fix_zeros()
        # What the questionnaire alone tells (no published number): a number it pins (nobody
        # skipped a required text, say) is known before anything is published, not disclosed.
        self.questionnaire_only = copy.deepcopy(self.program)
        self.questionnaire_only.compile()
        for index, snapshot in enumerate(self.snapshots):
            self._published(index, snapshot)
        self._counter()
        self.program.compile()
        self._pool: list[np.ndarray] = []

    # ------------------------------------------------------------------------ tables

    def _tables(self, snapshot: Mapping) -> dict[str, Table]:
        tables: dict[str, Table] = {}
        respondents = snapshot["respondents"]
        tables["respondents"] = Table(
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
                tables[table["key"]] = Table(
                    table["key"], question, table["measure"], tuple(c["key"] for c in table["categories"]),
                    tuple(c.get("value") for c in table["categories"]), suffix,
                )
        return tables

    def _question_tables(self, question_id: int) -> list[Table]:
        return [t for t in self.tables.values() if t.question is not None and t.question.id == question_id]

    # ----------------------------------------------------------------------- columns

    def col(self, block: int, name: tuple) -> int:
        columns = self.blocks[block].columns
        if name not in columns:
            columns[name] = self.program.column()
        return columns[name]

    def size(self, block: int, group: str) -> dict[int, float]:
        return {self.col(block, ("N", group)): 1.0}

    def cell(self, block: int, table: Table, group: str, category: str) -> dict[int, float]:
        if table.measure == "respondents":
            assert group == TOWN
            level = f"{LOCALITY}:{RESIDUAL}" if category == "none" else f"{LOCALITY}:{category}"
            return self.size(block, level)
        return {self.col(block, ("x", table.key, group, category)): 1.0}

    def n(self, block: int, table: Table, group: str) -> dict[int, float]:
        if table.measure == "respondents":
            return self.size(block, TOWN)
        if table.measure == "answered":
            return self.size(block, group)
        if table.measure in ("share", "places"):
            return {self.col(block, ("nq", table.question.id, group)): 1.0}
        return {self.col(block, ("n", table.key, group)): 1.0}

    def skip(self, block: int, table: Table, group: str) -> dict[int, float]:
        if table.measure == "answered":
            return self.cell(block, table, group, "not_answered")
        if table.measure in ("share", "places"):
            return {self.col(block, ("skipq", table.question.id, group)): 1.0}
        return {self.col(block, ("skip", table.key, group)): 1.0}

    def _filled(self, block: int, question_id: int, group: str, place: str) -> dict[int, float]:
        """How many in the group filled this place of a ranking (over all its options)."""
        return combine((self.cell(block, t, group, place), 1) for t in self._question_tables(question_id))

    def upto(self, version_index: int, make, *args) -> dict[int, float]:
        """The sum over the blocks up to this version of make(block, *args) (A13)."""
        total: dict[int, float] = {}
        for block in range(version_index + 1):
            for column, value in make(block, *args).items():
                total[column] = total.get(column, 0.0) + value
        return total

    # --------------------------------------------------------------------- structure

    def _structure(self, b: int) -> None:
        add = self.program.row
        groups = self.groups
        # A1 for the group sizes.
        for dim, levels in self.dimensions.items():
            add(plus(combine((self.size(b, g), 1) for g in [*levels, f"{dim}:{RESIDUAL}"]), neg(self.size(b, TOWN))), 0, 0)
        for table in self.tables.values():
            if table.measure == "respondents":
                continue
            if table.measure not in ("distribution", "share", "places", "answered"):
                raise ValueError(f"unknown measure {table.measure}")
            for g in groups:
                # A2 (distribution), A3 (chosen + not chosen), A4 (places + not ranked), A5: the
                # categories add up to the table's n.
                cells = [self.cell(b, table, g, k) for k in table.categories]
                add(plus(combine((c, 1) for c in cells), neg(self.n(b, table, g))), 0, 0)
                if table.measure != "answered":
                    # skip = size − n: who did not answer, as a column of its own (for insiders)
                    add(plus(self.n(b, table, g), self.skip(b, table, g), neg(self.size(b, g))), 0, 0)
            # A1 for every count of the table.
            for dim, levels in self.dimensions.items():
                parts = [*levels, f"{dim}:{RESIDUAL}"]
                for k in table.categories:
                    add(plus(combine((self.cell(b, table, g, k), 1) for g in parts), neg(self.cell(b, table, TOWN, k))), 0, 0)
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
                chosen = combine((self.cell(b, t, g, "chosen"), 1) for t in tables)
                limit = min(question.max_choices or len(tables), len(tables))
                add(plus(chosen, scale(n, -1)), 0, INF)
                add(plus(chosen, scale(n, -limit)), -INF, 0)
            if kind == "ranking":  # A4
                n = self.n(b, tables[0], g)
                places = [k for k in tables[0].categories if k != "not_ranked"]
                filled = [combine((self.cell(b, t, g, p), 1) for t in tables) for p in places]
                add(plus(filled[0], scale(n, -1)), 0, 0)
                for earlier, later in itertools.pairwise(filled):
                    add(plus(later, scale(earlier, -1)), -INF, 0)
                if question.required and web and question.show_if is None:
                    for place in filled:
                        add(plus(place, scale(n, -1)), 0, 0)
            counts_everybody = question.required and web and question.show_if is None
            if kind == "number" and question.min_value is None:
                counts_everybody = False  # A9: numbers below the bins are counted nowhere
            for table in tables:
                if counts_everybody and table.measure != "answered":
                    add(plus(self.n(b, table, g), scale(size, -1)), 0, 0)
                    self._size_alias.add((b, table.key, g))
                if counts_everybody and table.measure == "answered":
                    add(plus(self.cell(b, table, g, "answered"), scale(size, -1)), 0, 0)
                if table.measure == "answered":
                    self._size_alias.add((b, table.key, g))
            if question.show_if is not None:
                self._show_if(b, question, tables, g, web)
        if kind == "locality":
            self._own_groups(b, tables[0], LOCALITY, lambda slug: f"{LOCALITY}:{slug}")
        if kind == "demographic" and f"demo{question.id}" in self.dimensions:
            self._own_groups(b, tables[0], f"demo{question.id}", lambda key: f"demo{question.id}:{key}")

    def _own_groups(self, b: int, table: Table, dim: str, group_of) -> None:
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
            if own in levels and exact:
                add(plus(self.n(b, table, own), scale(self.size(b, own), -1)), 0, 0)
                self._size_alias.add((b, table.key, own))
                self._size_alias.add((b, table.key, TOWN, k))
        if dim == LOCALITY and self.q.survey_locality is not None:
            column = next(iter(self.size(b, f"{LOCALITY}:{RESIDUAL}")))
            self.program.upper[column] = 0.0

    def _show_if(self, b: int, question: Question, tables: list[Table], g: str, web: bool) -> None:
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
            chosen = combine((by_option[o], 1) for o in options if o in by_option)
            for n in answered:
                add(plus(n, scale(chosen, -1)), -INF, 0)
                add(plus(n, scale(self.n(b, condition_tables[0], g), -1)), -INF, 0)
        else:
            table = condition_tables[0]
            shown = combine((self.cell(b, table, g, o), 1) for o in options if o in table.categories)
            for n in answered:
                add(plus(n, scale(shown, -1)), -INF, 0)

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

    def _group(self, v: int, table: Table, group: Mapping, policy: Mapping) -> None:
        add = self.program.row
        g = group["key"]
        if g not in self.groups:
            raise ValueError(f"unknown group {g}")
        n_expr = self.upto(v, self.n, table, g)
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
            expr = self.upto(v, self.cell, table, g, k)
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
                    filled = self.upto(v, self._filled, table.question.id, g, k)
                    add(filled, 0, policy["MIN_GROUP"] - 1)
                elif counts_groups:
                    add(expr, 1, policy["MIN_GROUP"] - 1)
                else:
                    raise ValueError(f"{table.key}/{g}: a cell below MIN_GROUP in a table of answers")
            if cell.get("percent") is not None:
                p = float(cell["percent"])
                # |100·count − p·n| <= 0.05·n (A11), as two rows.
                add(plus(scale(expr, 100.0), scale(n_expr, -(p + _PERCENT_SLACK))), -INF, 0)
                add(plus(scale(expr, 100.0), scale(n_expr, -(p - _PERCENT_SLACK))), 0, INF)
        if group.get("mean") is not None:
            mean = float(group["mean"])
            numeric = [(k, value) for k, value in zip(table.categories, table.values) if value is not None]
            if not numeric:
                raise ValueError(f"{table.key}: a mean without numeric categories")
            # sum((value − mean) · count) within ±0.005 · sum(count)
            upper = combine((cells[k], value - mean - _MEAN_SLACK) for k, value in numeric)
            lower = combine((cells[k], value - mean + _MEAN_SLACK) for k, value in numeric)
            add(upper, -INF, 0)
            add(lower, 0, INF)
            counted = self._numeric_count(table, group)
            if counted is not None and all(float(value).is_integer() for _, value in numeric):
                # The number of numeric answers is published too: the sum of values is an integer
                # within ±0.005 · that number of mean · number.
                low = math.ceil((mean - _MEAN_SLACK) * counted - EPS)
                high = math.floor((mean + _MEAN_SLACK) * counted + EPS)
                add(combine((cells[k], value) for k, value in numeric), low, high)
        if group.get("median") is not None:
            ordered = [k for k in table.categories if k != "na"]
            index = ordered.index(group["median"])
            total = combine((cells[k], 1) for k in ordered)
            upto_median = combine((cells[k], 1) for k in ordered[: index + 1])
            below = combine((cells[k], 1) for k in ordered[:index])
            add(plus(scale(upto_median, 2), scale(total, -1)), 0, INF)  # 2·S(≤m) >= T
            add(plus(scale(below, 2), scale(total, -1)), -INF, -1)  # 2·S(<m) <= T − 1 (integers)

    @staticmethod
    def _numeric_count(table: Table, group: Mapping) -> int | None:
        """How many numeric answers a group's mean rests on, when that follows from published
        counts alone (n, minus a published "keine Angabe")."""
        if group["n"] is None:
            return None
        counted = group["n"]
        for k, value, cell in zip(table.categories, table.values, group["cells"], strict=True):
            if value is None:
                if cell["count"] is None:
                    return None
                counted -= cell["count"]
        return counted

    def _quotes(self, v: int, item: Mapping, policy: Mapping) -> None:
        """A12: a quote shown for a locality means enough answered the text there."""
        tables = self._question_tables(int(item["id"]))
        if not tables or tables[0].measure != "answered":
            return
        for quote in item.get("quotes", []):
            g = quote["group"]
            if g != TOWN:
                expr = self.upto(v, self.cell, tables[0], g, "answered")
                self.program.row(expr, policy["MIN_FREE_TEXT_GROUP"], INF)

    def _counter(self) -> None:
        """A14: the participation counter at closing time bounds the first block, when that is
        version 1's (a first version read that is later holds responses added after closing)."""
        if self.versions[0] != 1:
            return
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
                        expr = self.upto(v, self.cell, table, g, k)
                        if cell["count"] is None:
                            add(("cell", version, table.key, g, k), expr, "hidden")
                    expr = self.upto(v, self.n, table, g)
                    if group["n"] is None:
                        add(("n", version, table.key, g), expr, "hidden")
            for g in self.groups:
                expr = self.upto(v, self.size, g)
                add(("size", version, g), expr, "size", g in shown_sizes)
            for dim in self.dimensions:
                r = f"{dim}:{RESIDUAL}"
                for table, _ in tables[1:]:
                    for k in table.categories:
                        add(("cell", version, table.key, r, k), self.upto(v, self.cell, table, r, k), "residual")
                    add(("n", version, table.key, r), self.upto(v, self.n, table, r), "residual")
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
                if finding.high < 1 - EPS:
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
        expressions = {target[0]: target[1] for target in targets}
        findings = [f for f in findings if not (f.pinned and self._known_beforehand(expressions[f.label]))]
        return Report(findings, len(self.program.lower), len(self.program.rows), self.program.solves)

    def _known_beforehand(self, expr: dict[int, float]) -> bool:
        """The questionnaire's structure alone pins it (no published number needed)."""
        low, _ = self.questionnaire_only.extreme(expr, maximize=False)
        high, _ = self.questionnaire_only.extreme(expr, maximize=True)
        return integers_in(low, high) < 2

    def _spread(self, pool: list[np.ndarray], rounds: int = 24) -> None:
        """Feasible points far apart (random objectives), for the quick check."""
        rng = np.random.default_rng(0)
        n = len(self.program.lower)
        for _ in range(rounds):
            columns = rng.choice(n, size=min(n, 200), replace=False)
            target = {int(c): float(rng.choice([-1.0, 1.0])) for c in columns}
            for maximize in (False, True):
                _, point = self.program.extreme(target, maximize)
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


def attack(snapshots: Sequence[Mapping], questionnaire, insiders: Sequence[Mapping] = (), quick: bool = True,
           insider_margin: float = 8) -> Report:
    """Everything the public (and each given insider) can pin down of what was published."""
    return Attack(snapshots, questionnaire).run(insiders, quick, insider_margin)
