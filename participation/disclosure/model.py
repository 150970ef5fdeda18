"""The unknowns of a publication and everything a reader knows about them, as one linear program.

Unknowns (all non-negative; one set, since every version shown together counts the same people):

* N(g)         the size of group g (town, every level, every residual);
* x(t, g, k)   the count of category k of table t in group g, in every group, shown or not;
* n(t, g)      who answered t in g (one per question for share and places tables), and
  skip(t, g) = N(g) − n(t, g), who did not (its own column, so an insider who skipped is "≥ 1").

Facts every reader knows, whatever is published (the questionnaire and the table layout):

F1  Per dimension, the levels and the residual add up to the town: sizes and every count.
F2  A table's categories add up to its n; n + skip = N(g); a text table counts everybody.
F3  Multiple choice: n ≤ Σ chosen ≤ max_choices · n.
F4  Rankings: everybody who answered filled place 1; each place is filled by at most as many as
    the one before; a required ranking fills every place.
F5  A required question is answered by everybody who saw it (unless paper forms exist).
F6  Show-if: a follow-up is answered only by those who chose one of the condition's options.
F7  The locality question's answer is the respondent's locality group (and, in an open survey for
    the whole town, its n in a locality is that locality's size); a demographic answer likewise.
F8  The participation counter (rounded down to tens) bounds the sizes; a quote shown for a group
    says MIN_FREE_TEXT_GROUP answered there.

Published numbers are rows too: a count or n shown is an equation; "fewer than MIN_CELL" is
1..MIN_CELL−1, "fewer than MIN_GROUP" on an n is 0..MIN_GROUP−1; a mean rounded to two decimals is
two inequalities. Percentages and medians are shown only next to the counts they come from, and add
nothing. The new version's rows can be relaxed one by one (`Item`), earlier versions' cannot.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from participation.disclosure.policy import Policy, Suppressed
from participation.disclosure.program import INF, Program, combine
from participation.disclosure.publication import (
    LOCALITY,
    RESIDUAL,
    TOWN,
    GroupShown,
    Publication,
    Shown,
    Table,
    residual,
)
from participation.disclosure.rules import small_cell

#: Rounding of a published mean (two decimals), plus float noise.
MEAN_SLACK = 0.005 + 1e-7


@dataclass(frozen=True)
class Item:
    """One number the new version may show: ("cell", table, group, k), ("n", table, group) or
    ("mean", table, group)."""

    kind: str
    table: str
    group: str
    category: int = -1


class Model:
    def __init__(self, publication: Publication):
        self.pub = publication
        self.program = Program()
        self.columns: dict[tuple, int] = {}
        self.tables = {table.key: table for table in publication.tables}
        self.by_question: dict[int, list[Table]] = {}
        for table in publication.tables:
            if table.question is not None:
                self.by_question.setdefault(table.question, []).append(table)
        self.groups = publication.groups
        self.item_rows: dict[Item, list[int]] = {}  # means: their two rows
        self.item_column: dict[Item, int] = {}  # counts and n: one column each
        self.column_items: dict[int, list[Item]] = {}
        self._structure()
        self.program.fix_zeros()  # zeros of the structure alone: about nobody
        # The questionnaire alone, before any number: what it pins is known, not disclosed.
        self.questionnaire_only = copy.deepcopy(self.program)
        self.questionnaire_only.compile()
        self.questionnaire_is_cone = self.questionnaire_only.is_cone()
        self._facts()
        for shown in publication.earlier:
            self._published(shown, fixed=True)

    # ------------------------------------------------------------------------ columns

    def col(self, name: tuple) -> int:
        if name not in self.columns:
            self.columns[name] = self.program.column()
        return self.columns[name]

    def size(self, group: str) -> dict[int, float]:
        return {self.col(("N", group)): 1.0}

    def cell(self, table: Table, group: str, k: int) -> dict[int, float]:
        if table.measure == "respondents":
            category = table.categories[k]
            return self.size(residual(LOCALITY) if category == "none" else f"{LOCALITY}:{category}")
        return {self.col(("x", table.key, group, k)): 1.0}

    def n(self, table: Table, group: str) -> dict[int, float]:
        if table.measure == "respondents":
            return self.size(TOWN)
        if table.measure == "answered":
            return self.size(group)
        if table.measure in ("share", "places"):
            return {self.col(("nq", table.question, group)): 1.0}
        return {self.col(("n", table.key, group)): 1.0}

    def skip(self, table: Table, group: str) -> dict[int, float]:
        if table.measure == "answered":
            return self.cell(table, group, table.categories.index("not_answered"))
        if table.measure in ("share", "places"):
            return {self.col(("skipq", table.question, group)): 1.0}
        return {self.col(("skip", table.key, group)): 1.0}

    def fixed_zero(self, expression: dict[int, float]) -> bool:
        return all(self.program.upper[c] == 0 for c in expression)

    # ---------------------------------------------------------------------- structure

    def _row(self, parts: Iterable[tuple[dict[int, float], float]], low: float, high: float) -> int | None:
        """A fact or a published number; on a single column it is that column's bounds."""
        expression = {c: v for c, v in combine(parts).items() if v != 0}
        if len(expression) == 1 and next(iter(expression.values())) == 1.0:
            self._bound(next(iter(expression)), low, high)
            return None
        return self.program.row(expression, low, high)

    def _bound(self, column: int, low: float, high: float) -> None:
        program = self.program
        program.lower[column] = max(program.lower[column], low)
        program.upper[column] = min(program.upper[column], high)

    def _structure(self) -> None:
        pub = self.pub
        for dimension, levels in pub.dimensions.items():  # F1, sizes
            parts = [*levels, residual(dimension)]
            self._row([*((self.size(g), 1) for g in parts), (self.size(TOWN), -1)], 0, 0)
        for table in pub.tables:
            if table.measure == "respondents":
                continue
            for g in self.groups:  # F2
                cells = [(self.cell(table, g, k), 1) for k in range(len(table.categories))]
                self._row([*cells, (self.n(table, g), -1)], 0, 0)
                if table.measure != "answered":
                    self._row([(self.n(table, g), 1), (self.skip(table, g), 1), (self.size(g), -1)], 0, 0)
            for dimension, levels in pub.dimensions.items():  # F1, counts
                parts = [*levels, residual(dimension)]
                for k in range(len(table.categories)):
                    terms = [(self.cell(table, g, k), 1) for g in parts]
                    self._row([*terms, (self.cell(table, TOWN, k), -1)], 0, 0)
        if pub.single_locality:
            self.program.upper[self.col(("N", residual(LOCALITY)))] = 0.0
        for question in pub.questions.values():
            if question.id in self.by_question:
                self._question(question)

    def _question(self, question) -> None:
        pub = self.pub
        tables = self.by_question[question.id]
        kind = question.kind
        everybody = question.required and pub.required_enforced and question.show_if is None
        if kind == "number" and question.open_below:
            everybody = False
        for g in self.groups:
            n = self.n(tables[0], g)
            if kind == "multiple":  # F3
                chosen = [(self.cell(t, g, t.categories.index("chosen")), 1) for t in tables]
                limit = min(question.max_choices or len(tables), len(tables))
                self._row([*chosen, (n, -1)], 0, INF)
                self._row([*chosen, (n, -limit)], -INF, 0)
            if kind == "ranking":  # F4
                places = [k for k, key in enumerate(tables[0].categories) if key != "not_ranked"]
                filled = [combine((self.cell(t, g, k), 1) for t in tables) for k in places]
                self._row([(filled[0], 1), (n, -1)], 0, 0)
                for earlier, later in itertools.pairwise(filled):
                    self._row([(later, 1), (earlier, -1)], -INF, 0)
                if everybody:
                    for place in filled:
                        self._row([(place, 1), (n, -1)], 0, 0)
            for table in tables:  # F5
                if everybody:
                    self._row([(self.n(table, g), 1), (self.size(g), -1)], 0, 0)
                    if table.measure == "answered":
                        answered = self.cell(table, g, table.categories.index("answered"))
                        self._row([(answered, 1), (self.size(g), -1)], 0, 0)
            if question.show_if is not None:
                self._show_if(question, tables, g)
        if kind == "locality" and LOCALITY in pub.dimensions:  # F7
            self._own_groups(tables[0], LOCALITY, exact=pub.locality_exact)
        if kind == "demographic" and f"demo{question.id}" in pub.dimensions:
            self._own_groups(tables[0], f"demo{question.id}", exact=True)

    def _show_if(self, question, tables: list[Table], g: str) -> None:  # F6
        condition_id, options = question.show_if
        condition_tables = self.by_question.get(condition_id)
        if not condition_tables:
            return
        answered = [
            self.cell(t, g, t.categories.index("answered")) if t.measure == "answered" else self.n(t, g)
            for t in tables
        ]
        if self.pub.questions[condition_id].kind == "multiple":
            chosen = combine(
                (self.cell(t, g, t.categories.index("chosen")), 1) for t in condition_tables if t.option in options
            )
            for n in answered:
                self._row([(n, 1), (chosen, -1)], -INF, 0)
                self._row([(n, 1), (self.n(condition_tables[0], g), -1)], -INF, 0)
        else:
            table = condition_tables[0]
            shown = combine(
                (self.cell(table, g, k), 1) for k, key in enumerate(table.categories) if key in options
            )
            for n in answered:
                self._row([(n, 1), (shown, -1)], -INF, 0)

    def _own_groups(self, table: Table, dimension: str, exact: bool) -> None:
        levels = self.pub.dimensions[dimension]
        for k, key in enumerate(table.categories):
            own = f"{dimension}:{key}"
            for g in [*levels, residual(dimension)]:
                if g != own and not (key == "na" and g.endswith(RESIDUAL)):
                    self.program.upper[self.col(("x", table.key, g, k))] = 0.0
            if own in levels and exact:
                self._row([(self.n(table, own), 1), (self.size(own), -1)], 0, 0)

    def _facts(self) -> None:  # F8
        pub = self.pub
        for g, value in pub.counter.items():
            self._row([(self.size(g), 1)], value, value + 9)
        for question_id, g in pub.quotes:
            for table in self.by_question.get(question_id, []):
                if table.measure == "answered":
                    answered = self.cell(table, g, table.categories.index("answered"))
                    self._row([(answered, 1)], pub.policy.MIN_FREE_TEXT_GROUP, INF)

    # ---------------------------------------------------------------------- published

    def _published(self, shown: Shown, fixed: bool) -> None:
        """The rows of a version: an earlier one's as published (fixed), the new one's as items
        whose bounds `apply` sets (every item starts shown)."""
        policy = shown.policy
        for key, groups in shown.tables.items():
            table = self.tables.get(key)
            if table is None:
                continue
            for g, state in groups.items():
                if g not in table.counts:
                    continue
                numbers = shown.numbers.get(key, {}).get(g) if fixed else None
                self._published_group(table, g, state, policy, numbers)

    def _published_group(self, table: Table, g: str, state: GroupShown, policy: Policy, numbers) -> None:
        if numbers is not None:  # an earlier version: its published numbers
            n_value, cell_values, mean = numbers
            self._bounded(self.n(table, g), n_value, _n_bounds(state.n, policy))
            for k, value in enumerate(cell_values):
                bounds = _cell_bounds(state.cells[k], state.status, table, policy)
                self._bounded(self.cell(table, g, k), value, bounds)
            if mean is not None:
                self._mean_rows(table, g, mean)
            return
        truth = table.counts[g]
        self._item(Item("n", table.key, g), self.n(table, g))
        for k in range(len(truth)):
            self._item(Item("cell", table.key, g, k), self.cell(table, g, k))
        if table.values is not None:
            numeric = [(c, v) for c, v in zip(truth, table.values) if v is not None]
            answers = sum(c for c, _ in numeric)
            if answers:
                mean = round(sum(c * v for c, v in numeric) / answers, 2)
                self.item_rows[Item("mean", table.key, g)] = self._mean_rows(table, g, mean)

    def _item(self, item: Item, expression: dict[int, float]) -> None:
        column = next(iter(expression))
        self.item_column[item] = column
        self.column_items.setdefault(column, []).append(item)

    def items(self) -> list[Item]:
        return [*self.item_column, *self.item_rows]

    def freeze_facts(self) -> None:
        """The column bounds from facts and earlier versions, before the new version's items."""
        self.base = (list(self.program.lower), list(self.program.upper))

    def _bounded(self, expression, value, bounds) -> None:
        if value is not None:
            self._row([(expression, 1)], value, value)
        elif bounds is not None:
            self._row([(expression, 1)], *bounds)

    def _mean_rows(self, table: Table, g: str, mean: float) -> list[int]:
        """sum((value − mean) · count) within ±MEAN_SLACK · sum(count): two rows."""
        numeric = [(k, v) for k, v in enumerate(table.values) if v is not None]
        high = combine((self.cell(table, g, k), v - mean - MEAN_SLACK) for k, v in numeric)
        low = combine((self.cell(table, g, k), v - mean + MEAN_SLACK) for k, v in numeric)
        return [self.program.row(high, -INF, 0), self.program.row(low, 0, INF)]

    def add_new_version(self, shown: Shown) -> None:
        self.freeze_facts()
        self._published(shown, fixed=False)
        self.shown = shown

    def apply(self, item: Item, state: GroupShown, policy: Policy) -> None:
        """Set the rows or the column bounds of `item` to what `state` shows of it."""
        if item.kind == "mean":
            high_row, low_row = self.item_rows[item]
            self.program.set_row_bounds(high_row, -INF, 0 if state.mean else INF)
            self.program.set_row_bounds(low_row, 0 if state.mean else -INF, INF)
            return
        column = self.item_column[item]
        base_lower, base_upper = self.base
        low, high = base_lower[column], base_upper[column]
        for other in self.column_items[column]:  # every item showing this very number
            other_low, other_high = self.item_bounds(other, policy)
            low, high = max(low, other_low), min(high, other_high)
        self.program.set_column_bounds(column, low, high)

    def true_values(self) -> list[float]:
        """Every column's value in the real data (the one solution that is the truth)."""
        pub, values = self.pub, [0.0] * len(self.program.lower)
        first_table = {question: tables[0] for question, tables in self.by_question.items()}
        for name, column in self.columns.items():
            kind, key, group = name[0], name[1], name[2] if len(name) > 2 else None
            if kind == "N":
                values[column] = pub.sizes.get(key, 0)
            elif kind == "x":
                values[column] = self.tables[key].counts[group][name[3]]
            elif kind in ("n", "skip"):
                answered = sum(self.tables[key].counts[group])
                values[column] = answered if kind == "n" else pub.sizes.get(group, 0) - answered
            else:  # "nq", "skipq": per question
                answered = sum(first_table[key].counts[group])
                values[column] = answered if kind == "nq" else pub.sizes.get(group, 0) - answered
        return values

    def about_empty_group(self, item: Item) -> bool:
        """The item is a number of a group nobody is in, or such a group's size (its 0 in the
        respondents table or in the locality or demographic question's own categories)."""
        sizes = self.pub.sizes
        if sizes.get(item.group, 0) == 0:
            return True
        if item.kind != "cell":
            return False
        table = self.tables[item.table]
        key = table.categories[item.category]
        if table.measure == "respondents":
            return sizes.get(residual(LOCALITY) if key == "none" else f"{LOCALITY}:{key}", 0) == 0
        question = self.pub.questions.get(table.question)
        if question is not None and question.kind == "locality":
            return sizes.get(f"{LOCALITY}:{key}", 1) == 0
        if question is not None and question.kind == "demographic":
            return sizes.get(f"demo{question.id}:{key}", 1) == 0
        return False

    def true_value(self, item: Item) -> int:
        """The count or n an item shows when it is shown."""
        truth = self.tables[item.table].counts[item.group]
        return sum(truth) if item.kind == "n" else truth[item.category]

    def item_bounds(self, item: Item, policy: Policy) -> tuple[float, float]:
        table = self.tables[item.table]
        state = self.shown.tables[item.table][item.group]
        value = self.true_value(item)
        if item.kind == "n":
            marker, bounds = state.n, _n_bounds(state.n, policy)
        else:
            marker = state.cells[item.category]
            bounds = _cell_bounds(marker, state.status, table, policy)
        return (value, value) if marker is None else (bounds or (0, INF))


def _n_bounds(marker: Suppressed | None, policy: Policy) -> tuple[float, float] | None:
    if marker is Suppressed.SMALL_GROUP:
        return (0, policy.MIN_GROUP - 1)
    return None


def _cell_bounds(marker, status, table: Table, policy: Policy) -> tuple[float, float] | None:
    if status is None and marker is Suppressed.FEWER_THAN_MIN_CELL:
        return (1, small_cell(table, policy) - 1)
    return None
