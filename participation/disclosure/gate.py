"""The whole-publication gate: primary rules, then secondary suppression until no hidden number of
the new version can be worked out from everything shown (PRIVACY.md §5).

Targets (numbers no reader may pin down): every number the version hides (a count, a group's n)
that no version shown publishes, the size of every group that is shown nowhere, and the counts of
a "no locality"/"no level" residual wherever the rules would hide them. A target is *pinned* when
its interval over every non-negative solution of the model (the LP relaxation, `model.py`) holds
fewer than two integers. Not targets: numbers of an empty group (about nobody), zeros the
questionnaire alone implies, and counts of a category the town's published count already puts at
0 (that nobody in town chose it is a published fact about everybody).

Secondary suppression: while a target is pinned, hide one more number among the rows that hold
its bound (the LP's duals name them), the cheapest first: a mean, a small count of a breakdown, a
"fewer than" marker turned into a plain "protected", a breakdown's n, a count of the town, the
town's n last. Hiding only removes or widens rows, so a target once safe stays safe and the loop
ends (all hidden is always safe).

Insiders: a respondent knows every count they are part of is at least 1 (their cell, their n,
their "did not answer", in every group they belong to). The gate runs the whole audit as the
coalition of all respondents at once, which knows all of that together and so more than any one
of them: a number the coalition cannot pin, no insider can. That coalition knows exactly the
counts that are at least 1, so the counts alone describe it. It costs a few more hidden numbers
than judging each person alone and spares the thousands of solves that would take. A group of
one is judged without its member (what they pin is their own answer): only there the gate reads
one person's answers (`Publication.profiles`), to take them out of the coalition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from participation.disclosure.complements import hide_obvious_complements
from participation.disclosure.model import Item, Model
from participation.disclosure.policy import Suppressed
from participation.disclosure.program import EPS, INF, Infeasible, integers_in, pinned
from participation.disclosure.publication import (
    LOCALITY,
    RESIDUAL,
    TOWN,
    Decision,
    Publication,
    Shown,
    Table,
    residual,
)
from participation.disclosure.rules import primary, small_cell

_POOL = 300


class Pool:
    """Feasible points found so far (a ring of the last `size`): where two of them give a target
    values two integers apart, its interval holds two integers without solving."""

    def __init__(self, columns: int, size: int = _POOL):
        self.points = np.zeros((size, columns))
        self.count = 0

    def add(self, point: np.ndarray) -> None:
        self.points[self.count % len(self.points)] = point
        self.count += 1

    def range(self, expression: dict[int, float]) -> tuple[float, float]:
        if not self.count:
            return INF, -INF
        columns = np.fromiter(expression.keys(), dtype=np.int64)
        coefficients = np.fromiter(expression.values(), dtype=float)
        values = self.points[: min(self.count, len(self.points)), :][:, columns] @ coefficients
        return float(values.min()), float(values.max())


@dataclass(frozen=True)
class Target:
    key: tuple
    expression: dict[int, float]
    group: str


class Gate:
    def __init__(self, publication: Publication):
        self.pub = publication
        self.policy = publication.policy
        self.shown = primary(publication)
        self.model = Model(publication)
        self.model.add_new_version(self.shown)
        self.model.program.compile()
        for item in self.model.items():
            self.model.apply(item, self.shown.tables[item.table][item.group], self.policy)
        self.secondary = 0
        self.safe: set[tuple] = set()
        self.beforehand: dict[tuple, bool] = {}
        self.pool = Pool(len(self.model.program.lower))

    # --------------------------------------------------------------------------- run

    def run(self) -> Decision:
        program = self.model.program
        insiders = self.pub.profiles is not None
        truth = self.model.true_values()
        # The coalition of all respondents: every count at least one of them is in, which the
        # counts themselves name (a count of at least 1), with no need to read anybody's answers.
        everybody = [c for c, value in enumerate(truth) if value >= 1] if insiders else []
        with _raised(program, everybody):
            try:
                program.extreme({}, maximize=False)
            except Infeasible as error:  # a fact of model.py does not hold: a bug, never publish
                raise RuntimeError(f"the gate's model contradicts the data: {error}") from error
            hide_obvious_complements(self)
            self._spread()
            alone: list[Target] = []
            while True:  # hiding makes new targets (the numbers just hidden): until none is left
                fresh = [t for t in self.targets() if t.key not in self.safe]
                if not fresh:
                    break
                for target in fresh:
                    self.safe.add(target.key)
                    if insiders and self.pub.sizes.get(target.group, 0) == 1:
                        alone.append(target)  # its only member knows it: judged without them
                    else:
                        self._protect(target)
        members = self._members({t.group for t in alone}) if alone else {}
        for target in alone:
            own = members[target.group]
            others = [c for c in everybody if truth[c] - (c in own) >= 1]
            with _raised(program, others):
                self._protect(target, pool=Pool(len(program.lower), 8))
        if alone and any(t.key not in self.safe for t in self.targets()):
            return self.run_again()
        return Decision(self.shown, self.secondary, program.solves)

    def run_again(self) -> Decision:
        """Numbers hidden for a one-person group are new targets for everybody else."""
        self.pool = Pool(len(self.model.program.lower))
        return self.run()

    # ------------------------------------------------------------------------ targets

    def targets(self) -> list[Target]:
        found: dict[tuple, Target] = {}
        model, pub = self.model, self.pub

        def add(key, expression, group):
            if not expression or model.fixed_zero(expression):
                return
            signature = tuple(sorted(expression.items()))
            if signature not in found:
                found[signature] = Target(key, expression, group)

        for table in pub.tables:
            for g in table.shown_groups:
                if pub.sizes.get(g, 0) == 0:
                    continue
                state = self.shown.tables[table.key][g]
                for k, marker in enumerate(state.cells):
                    if marker is not None and not self._elsewhere(table, g, k) and not self._town_zero(table, k):
                        add(("cell", table.key, g, k), model.cell(table, g, k), g)
                if state.n is not None and not self._elsewhere(table, g, None):
                    add(("n", table.key, g), model.n(table, g), g)
        for g in model.groups:
            size = pub.sizes.get(g, 0)
            if size == 0:
                continue
            if g.endswith(RESIDUAL):
                if size < self.policy.MIN_GROUP:
                    add(("size", g), model.size(g), g)
            elif not self._size_shown(g):
                add(("size", g), model.size(g), g)
        for dimension in pub.dimensions:
            r = residual(dimension)
            size = pub.sizes.get(r, 0)
            if size == 0:
                continue
            for table in pub.tables:
                if table.measure == "respondents":
                    continue
                counts = table.counts[r]
                n = sum(counts)
                small_group = size < self.policy.MIN_GROUP or 0 < n < self.policy.MIN_GROUP
                small = small_cell(table, self.policy)
                for k, count in enumerate(counts):
                    if (small_group or 0 < count < small) and not self._town_zero(table, k):
                        add(("cell", table.key, r, k), model.cell(table, r, k), r)
                if size < self.policy.MIN_GROUP or 0 < n < self.policy.MIN_GROUP:
                    add(("n", table.key, r), model.n(table, r), r)
        return list(found.values())

    def _published(self, table: Table, g: str, k: int | None) -> Iterator[int | None]:
        """The values versions show of a cell (k) or an n (k None) of table/g, None where hidden."""
        state = self.shown.tables.get(table.key, {}).get(g)
        if state is not None:
            marker = state.n if k is None else state.cells[k]
            yield (sum(table.counts[g]) if k is None else table.counts[g][k]) if marker is None else None
        for earlier in self.pub.earlier:
            numbers = earlier.numbers.get(table.key, {}).get(g)
            if numbers is not None:
                yield numbers[0] if k is None else numbers[1][k]

    def _elsewhere(self, table: Table, g: str, k: int | None) -> bool:
        return any(value is not None for value in self._published(table, g, k))

    def _town_zero(self, table: Table, k: int) -> bool:
        return table.measure != "respondents" and 0 in self._published(table, TOWN, k)

    def _size_shown(self, g: str) -> bool:
        pub = self.pub
        respondents = next((t for t in pub.tables if t.measure == "respondents"), None)
        if respondents is not None:
            if g == TOWN and self._elsewhere(respondents, TOWN, None):
                return True
            if g.startswith(f"{LOCALITY}:"):
                level = g.split(":", 1)[1]
                category = "none" if level == RESIDUAL else level
                if category in respondents.categories and self._elsewhere(
                    respondents, TOWN, respondents.categories.index(category)
                ):
                    return True
        for table in pub.tables:
            if table.question is None or g not in table.shown_groups and g != TOWN:
                continue
            question = pub.questions[table.question]
            everybody = question.required and pub.required_enforced and question.show_if is None
            everybody = everybody and not (question.kind == "number" and question.open_below)
            if (everybody or table.measure == "answered") and self._elsewhere(table, g, None):
                return True
            dimension = g.split(":", 1)[0]
            own_kind = (question.kind == "locality" and dimension == LOCALITY and pub.locality_exact) or (
                question.kind == "demographic" and dimension == f"demo{question.id}"
            )
            if own_kind:
                key = g.split(":", 1)[1]
                if key in table.categories and self._elsewhere(table, TOWN, table.categories.index(key)):
                    return True
        return False

    # --------------------------------------------------------------------- protecting

    def _interval(self, target: Target, pool: Pool) -> tuple[float, float, list]:
        """(low, high, extremes); the pool of feasible points spares solves where it already
        gives two values two integers apart."""
        low, high = pool.range(target.expression)
        if pool.count and integers_in(low, high) >= 2:
            return low, high, []
        program = self.model.program
        # One end first: with the pool's other end it may already give two integers.
        upper = program.extreme(target.expression, maximize=True, duals=True)
        self._keep(pool, upper)
        if integers_in(min(low, upper.value), upper.value) >= 2:
            return min(low, upper.value), upper.value, [upper]
        lower = program.extreme(target.expression, maximize=False, duals=True)
        self._keep(pool, lower)
        return lower.value, upper.value, [lower, upper]

    def _keep(self, pool: Pool, extreme) -> None:
        if not (extreme.value == INF or extreme.value == -INF):
            pool.add(self.model.program.point())

    def _protect(self, target: Target, pool: Pool | None = None) -> bool:
        """Hide numbers until the target is not pinned; True if anything was hidden."""
        pool = self.pool if pool is None else pool
        changed = False
        while True:
            low, high, extremes = self._interval(target, pool)
            if not pinned(low, high) or self._known_beforehand(target, low, high):
                return changed
            item = self._cheapest(target, extremes)
            if item is None:
                return changed  # the facts alone fix it: nothing published gives it away
            self._hide(item)
            changed = True

    def _known_beforehand(self, target: Target, low: float, high: float) -> bool:
        """The questionnaire alone pins it (nobody skipped a required text): nothing to protect.

        The questionnaire's facts alone have only 0 and infinite bounds, so their solutions form a
        cone: what they pin, they pin at 0. A target the full model puts away from 0 has a
        solution with a value other than 0, which the cone stretches without end: no need to solve."""
        if self.model.questionnaire_is_cone and max(abs(low), abs(high)) > 0.5:
            return False
        if target.key not in self.beforehand:
            program = self.model.questionnaire_only
            low = program.extreme(target.expression, maximize=False).value
            high = program.extreme(target.expression, maximize=True).value
            self.beforehand[target.key] = pinned(low, high)
        return self.beforehand[target.key]

    def _cheapest(self, target: Target, extremes) -> Item | None:
        model = self.model
        rows_held, columns_held = set(), set()
        for extreme in extremes:
            if extreme.duals is not None:
                rows_held.update(np.flatnonzero(np.abs(extreme.duals) > 1e-9).tolist())
                columns_held.update(np.flatnonzero(np.abs(extreme.reduced) > 1e-9).tolist())
        candidates = [item for column in columns_held for item in model.column_items.get(column, ())
                      if self._hideable(item)]
        candidates += [item for item, rows in model.item_rows.items()
                       if self._hideable(item) and any(row in rows_held for row in rows)]
        if not candidates:  # degenerate duals: anything of the target's group, else anything
            candidates = [item for item in model.items() if self._hideable(item) and item.group == target.group]
        if not candidates:
            candidates = [item for item in model.items() if self._hideable(item)]
        return min(candidates, key=self._cost, default=None)

    def _hideable(self, item: Item) -> bool:
        state = self.shown.tables[item.table][item.group]
        if item.kind == "mean":
            return state.mean
        marker = state.n if item.kind == "n" else state.cells[item.category]
        # Shown, or hidden with bounds ("fewer than ..."): hiding further widens its rows.
        return marker is None or (marker in (Suppressed.FEWER_THAN_MIN_CELL, Suppressed.SMALL_GROUP)
                                  and (item.kind == "n" or state.status is None))

    def _cost(self, item: Item) -> tuple:
        """What hiding an item costs readers, cheapest first: a mean (it rests on counts shown
        anyway), a "fewer than" marker turned into "protected", a small count of a breakdown or a
        group's size (a locality's count in the respondents or locality table), a breakdown's n,
        a count of the town's distribution, the town's n last; within each, smaller numbers."""
        table = self.model.tables[item.table]
        town = item.group == TOWN
        if item.kind == "mean":
            return (0, 0)
        if item.kind == "n":
            return (5, 0) if town else (3, sum(table.counts[item.group]))
        count = table.counts[item.group][item.category]
        if self.shown.tables[item.table][item.group].cells[item.category] is not None:
            return (1, count)  # a "fewer than" marker becomes "protected"
        return (4, count) if town and not table.counts_groups else (2, count)

    def _hide(self, item: Item) -> None:
        state = self.shown.tables[item.table][item.group]
        if item.kind == "mean":
            state.mean = False
        elif item.kind == "n":
            state.n = Suppressed.SECONDARY
        else:
            state.cells[item.category] = Suppressed.SECONDARY
            # A hidden count makes the mean the only way to it: the mean goes too.
            mean = Item("mean", item.table, item.group)
            if state.mean and mean in self.model.item_rows:
                state.mean = False
                self.model.apply(mean, state, self.policy)
        self.model.apply(item, state, self.policy)
        self.secondary += 1

    def _spread(self, rounds: int = 12) -> None:
        """Feasible points far apart (random objectives), for the quick check."""
        program = self.model.program
        rng = np.random.default_rng(0)
        n = len(program.lower)
        for _ in range(rounds):
            columns = rng.choice(n, size=min(n, 200), replace=False)
            objective = {int(c): float(rng.choice([-1.0, 1.0])) for c in columns}
            for maximize in (False, True):
                self._keep(self.pool, program.extreme(objective, maximize))

    # ------------------------------------------------------------------------ insiders

    def _members(self, groups: set[str]) -> dict[str, set[int]]:
        """For each group of one person: the columns that person is counted in (read from their
        own answers, the only response-level read of the gate, and only for these few)."""
        model, members = self.model, {}
        for profile in self.pub.profiles(groups):
            columns: set[int] = set()
            for g in profile.groups:
                columns.update(model.size(g))
                for table in self.pub.tables:
                    if table.measure == "respondents":
                        continue
                    category = profile.categories.get(table.key)
                    if category is None:
                        columns.update(model.skip(table, g))
                    else:
                        columns.update(model.cell(table, g, table.categories.index(category)))
                        columns.update(model.n(table, g))
            for g in profile.groups:
                if g in groups:
                    members[g] = columns
        return members


class _raised:
    """Within: each of these columns (counts some insider is in) is at least 1."""

    def __init__(self, program, columns):
        self.program = program
        self.columns = columns

    def __enter__(self):
        self.program.raise_lower(self.columns, 1.0)

    def __exit__(self, *exc):
        self.program.raise_lower(self.columns, None)


def protect_publication(publication: Publication) -> Decision:
    """What the new version may show (see the module docstring)."""
    return Gate(publication).run()


__all__ = ["EPS", "Gate", "Target", "protect_publication"]
