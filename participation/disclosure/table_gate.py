"""The privacy gate for one question's published tables (PRIVACY.md §3–§6). Pure: no Flask, no
database; plain data in (`QuestionTable`), frozen dataclasses out (`QuestionResult`).

Input
-----
One single-choice question with categories k = 0..K-1 (K >= 2). The counts arrive already
aggregated (by SQL, later): the whole town's count per category and, for each *dimension*
(``locality``, ``age``, ...), the count per level and category. n of a group is the sum of its
counts (the respondents who answered; show "no answer" as its own category if it should count).
A multiple-choice question is gated as one yes/no question per option.

A dimension need not cover everybody: respondents who named no locality form the *residual*
level ``(none)`` of that dimension, which is never published. Declare ``complete=True`` when every
respondent has a level (a mandatory question); the residual must then be empty.

Representation of the unknown truth
-----------------------------------
The unknowns are non-negative integer cells:

* ``t[k]``           the town's count of category k,
* ``x[d, l, k]``     the count of level l of dimension d (including the residual) in category k,

tied by the structural equations ``sum_l x[d, l, k] = t[k]`` for every dimension d and category k,
which every reader knows. Only one-way tables (town; by locality; by each demographic) are
published (§4), and the projection of the full cross-classification locality × age × category
onto these margins is exactly this set (a non-negative table with given margins always exists), so
nothing an attacker could derive from the full cross is lost — for integers too. Cross tables
(locality × demographic) will need the full cross-classification as unknowns (next step).

Every published number is a linear equation on the cells:

* a group's n:           sum_k cell(g, k) = n,
* a published count:     cell(g, k) = c,
* a percentage:          only published next to its count and n, so it adds nothing,
* a mean (numeric categories): modelled conservatively as *two* equations, the count of numeric
  answers and the sum of their values, as if both were published (a rounded mean gives less).

Markers tell something too and enter the interval audit as bounds: "fewer than MIN_CELL" means
1 <= c <= MIN_CELL - 1, "fewer than MIN_GROUP" means n <= MIN_GROUP - 1.

Rules
-----
Primary (per group, in this order):
  1. n < MIN_GROUP: no n, no distribution, no mean, no percentage ("fewer than MIN_GROUP").
  2. n < HOMOGENEITY_GROUP and one category holds all n: distribution suppressed (n shown).
  3. Nested groups: every group is nested in the town; if 0 < n(town) - n(group) < MIN_CELL the
     group's distribution is suppressed (n shown). The few respondents outside it would otherwise
     be the difference of two published distributions (§6.2).
  4. a count 0 < c < MIN_CELL is suppressed ("fewer than MIN_CELL").

Protected quantities (targets): every count not published in a group with n > 0, and also the
counts of *pseudo-groups* that can be derived by differencing even though they are never shown —
the residual of a dimension and the union of all of a dimension's unpublished groups and its
residual — wherever rule 1, 2 or 4 would have suppressed them.

Secondary (§5):
  a. rank test: a target is exposed when its coefficient vector lies in the row space of the
     published equations. While one is, suppress one more published item: among the items every
     derivation of it needs (if any; else among those the minimum-norm derivation uses), a mean of
     the target's own group first, then the smallest count (ties: group order, then category
     order), then other means. Group sizes n are never suppressed here.
  b. interval audit: for every target the min and max over all non-negative cells consistent with
     everything published (LP relaxation, solved with HiGHS) must hold at least two
     integers. Targets whose interval holds fewer than ``Policy.INSIDER_MARGIN`` integers are also
     checked against every *insider* (a respondent who knows their own category and levels,
     i.e. the cells containing them are >= 1; an insider is only re-solved when the optimal points
     do not already satisfy that). When a target is pinned down, the first of these that applies:
     suppress a mean of its groups; the smallest count in its groups or categories; any other
     mean; turn "fewer than MIN_CELL" markers in its groups or categories into plain secondary
     markers (they carry bounds); hide its groups' n; the smallest count anywhere; any marker;
     any group's n (the town's last); finally withhold the whole question (`withheld`).
     Targets once found safe are not re-audited (suppression only widens intervals).
Suppression only ever removes equations, so the loop ends; withholding everything is always safe.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from participation.disclosure.lazy import lazy_module
from participation.disclosure.policy import DEFAULT_POLICY, Policy, Suppressed

# Imported when the gate first runs (a preview, publishing, the CLI): a web worker serving stored
# snapshots never needs numpy or HiGHS (lazy.py).
np = lazy_module("numpy")
linear = lazy_module("participation.disclosure.linear")

TOWN = "town"
RESIDUAL = "(none)"
UNPUBLISHED = "(unpublished)"




# ---------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Dimension:
    name: str
    levels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # one row per level, aligned with the question's categories
    complete: bool = False


@dataclass(frozen=True)
class QuestionTable:
    categories: tuple[str, ...]
    town: tuple[int, ...]
    dimensions: tuple[Dimension, ...] = ()
    values: tuple[float | None, ...] | None = None  # numeric value per category, for means

    @classmethod
    def build(
        cls,
        categories: Sequence[str],
        town: Sequence[int],
        dimensions: Mapping[str, Mapping[str, Sequence[int]]] | None = None,
        values: Sequence[float | None] | None = None,
        complete: Iterable[str] = (),
    ) -> QuestionTable:
        complete = set(complete)
        dims = tuple(
            Dimension(
                name=name,
                levels=tuple(levels),
                counts=tuple(tuple(int(c) for c in levels[level]) for level in levels),
                complete=name in complete,
            )
            for name, levels in (dimensions or {}).items()
        )
        table = cls(
            categories=tuple(categories),
            town=tuple(int(c) for c in town),
            dimensions=dims,
            values=None if values is None else tuple(values),
        )
        table.validate()
        return table

    def validate(self) -> None:
        k = len(self.categories)
        if k < 2 or len(set(self.categories)) != k:
            raise ValueError("a question needs at least two distinct categories")
        if len(self.town) != k or any(c < 0 for c in self.town):
            raise ValueError("town counts must be one non-negative count per category")
        if self.values is not None and len(self.values) != k:
            raise ValueError("values must give one value (or None) per category")
        names = [d.name for d in self.dimensions]
        if len(set(names)) != len(names) or TOWN in names:
            raise ValueError("dimension names must be distinct and not 'town'")
        for dim in self.dimensions:
            if len(dim.levels) != len(dim.counts) or len(set(dim.levels)) != len(dim.levels):
                raise ValueError(f"dimension {dim.name}: one distinct level per row of counts")
            if RESIDUAL in dim.levels or UNPUBLISHED in dim.levels:
                raise ValueError(f"dimension {dim.name}: reserved level name")
            for row in dim.counts:
                if len(row) != k or any(c < 0 for c in row):
                    raise ValueError(f"dimension {dim.name}: one non-negative count per category")
            for cat, residual in enumerate(_residual(self, dim)):
                if residual < 0:
                    raise ValueError(f"dimension {dim.name}: levels exceed the town in {self.categories[cat]}")
                if dim.complete and residual:
                    raise ValueError(f"dimension {dim.name} is complete but misses respondents")


def _residual(table: QuestionTable, dim: Dimension) -> tuple[int, ...]:
    return tuple(table.town[k] - sum(row[k] for row in dim.counts) for k in range(len(table.categories)))


# --------------------------------------------------------------------------------------- output


@dataclass(frozen=True)
class CellResult:
    category: str
    count: int | None
    suppressed: Suppressed | None
    percent: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "count": self.count,
            "suppressed": None if self.suppressed is None else self.suppressed.value,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class GroupResult:
    key: str  # "town" or "dimension:level"
    n: int | None  # None when not published
    n_suppressed: Suppressed | None  # SMALL_GROUP ("fewer than MIN_GROUP") or SECONDARY
    status: Suppressed | None  # why the whole distribution is withheld, if it is
    cells: tuple[CellResult, ...]
    mean: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "n": self.n,
            "n_suppressed": None if self.n_suppressed is None else self.n_suppressed.value,
            "status": None if self.status is None else self.status.value,
            "mean": self.mean,
            "cells": [cell.to_dict() for cell in self.cells],
        }


@dataclass(frozen=True)
class QuestionResult:
    policy: Policy
    categories: tuple[str, ...]
    groups: tuple[GroupResult, ...]
    withheld: bool = False  # the fallback: nothing of this question is published

    def group(self, key: str) -> GroupResult:
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(key)

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy.to_dict(),
            "categories": list(self.categories),
            "withheld": self.withheld,
            "groups": [group.to_dict() for group in self.groups],
        }


# ---------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class _Group:
    key: str
    variables: tuple[int, ...]  # one variable index per category
    counts: tuple[int, ...]
    dimension: str | None  # None for the town

    @property
    def n(self) -> int:
        return sum(self.counts)


@dataclass
class Model:
    """The unknown cells of one question and the groups over them."""

    table: QuestionTable
    n_vars: int = 0
    groups: list[_Group] = field(default_factory=list)  # published groups: town first
    residuals: dict[str, _Group] = field(default_factory=dict)  # dimension -> residual pseudo-group
    structural: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def of(cls, table: QuestionTable) -> Model:
        model = cls(table)
        k = len(table.categories)
        town_vars = tuple(range(k))
        model.n_vars = k
        structure: list[dict[int, float]] = []
        model.groups.append(_Group(TOWN, town_vars, table.town, None))
        for dim in table.dimensions:
            level_vars = []
            for level, counts in zip(dim.levels, dim.counts, strict=True):
                variables = model._new(k)
                level_vars.append(variables)
                model.groups.append(_Group(f"{dim.name}:{level}", variables, counts, dim.name))
            if not dim.complete:
                variables = model._new(k)
                level_vars.append(variables)
                model.residuals[dim.name] = _Group(f"{dim.name}:{RESIDUAL}", variables, _residual(table, dim), dim.name)
            for cat in range(k):
                coefficients = {v[cat]: 1.0 for v in level_vars}
                coefficients[town_vars[cat]] = -1.0
                structure.append(coefficients)
        model.structural = [model._vector(coefficients) for coefficients in structure]
        return model

    def _new(self, count: int) -> tuple[int, ...]:
        start = self.n_vars
        self.n_vars += count
        return tuple(range(start, start + count))

    def _vector(self, coefficients: Mapping[int, float]) -> np.ndarray:
        vector = np.zeros(self.n_vars)
        for index, value in coefficients.items():
            vector[index] += value
        return vector

    def unit(self, index: int) -> np.ndarray:
        return self._vector({index: 1.0})

    def group_row(self, group: _Group) -> np.ndarray:
        return self._vector({v: 1.0 for v in group.variables})

    def group(self, key: str) -> _Group:
        for group in self.groups:
            if group.key == key:
                return group
        for group in self.residuals.values():
            if group.key == key:
                return group
        raise KeyError(key)

    def true_cells(self) -> np.ndarray:
        """The true cell values (the gate knows them; used to enumerate insiders and in tests)."""
        cells = np.zeros(self.n_vars)
        for group in [*self.groups, *self.residuals.values()]:
            for variable, count in zip(group.variables, group.counts, strict=True):
                cells[variable] = count
        return cells


@dataclass(frozen=True)
class Target:
    label: str  # "group key/category"
    vector: np.ndarray
    groups: tuple[str, ...]  # real groups whose cells it touches (for choosing what to suppress)
    categories: tuple[int, ...]


@dataclass(frozen=True)
class Constraints:
    """Everything a reader knows from a published result, as linear (in)equalities on the cells."""

    eq_rows: np.ndarray
    eq_values: np.ndarray
    tags: tuple[tuple, ...]  # per eq row: ("structure",), ("n", g), ("cell", g, k), ("mean", g)
    ub_rows: np.ndarray
    ub_values: np.ndarray
    lower: tuple[float, ...]
    upper: tuple[float | None, ...]

    def range(self, target: np.ndarray, insider: Iterable[int] = ()) -> tuple[float, float]:
        low, high, _, _ = self.range_with_points(target, insider)
        return low, high

    def range_with_points(
        self, target: np.ndarray, insider: Iterable[int] = ()
    ) -> tuple[float, float, np.ndarray, np.ndarray | None]:
        """The LP interval of target·x; an insider (the cells containing them) adds x >= 1 there."""
        return self._program.range_with_points(target, tuple(insider))

    def extreme(self, target: np.ndarray, insider: Iterable[int], maximize: bool) -> float:
        return self._program.extreme(target, tuple(insider), maximize)

    @cached_property
    def _program(self) -> linear.LinearProgram:
        # Built once and re-solved per target (warm start); see linear.LinearProgram.
        return linear.LinearProgram(
            self.eq_rows, self.eq_values, self.ub_rows, self.ub_values, self.lower, self.upper
        )


def _numeric(table: QuestionTable) -> list[int]:
    if table.values is None:
        return []
    return [k for k, value in enumerate(table.values) if value is not None]


def published_constraints(model: Model, result: QuestionResult) -> Constraints:
    """What a reader of `result` knows (plus the structure of the tables), nothing else."""
    table = model.table
    rows: list[np.ndarray] = list(model.structural)
    values: list[float] = [0.0] * len(rows)
    tags: list[tuple] = [("structure",)] * len(rows)
    ub_rows: list[np.ndarray] = []
    ub_values: list[float] = []
    lower = [0.0] * model.n_vars
    upper: list[float | None] = [None] * model.n_vars
    policy = result.policy
    numeric = _numeric(table)
    for group, published in zip(model.groups, result.groups, strict=True):
        if published.n is not None:
            rows.append(model.group_row(group))
            values.append(float(published.n))
            tags.append(("n", group.key))
        elif published.n_suppressed is Suppressed.SMALL_GROUP:
            ub_rows.append(model.group_row(group))
            ub_values.append(float(policy.MIN_GROUP - 1))
        for k, cell in enumerate(published.cells):
            variable = group.variables[k]
            if cell.count is not None:
                rows.append(model.unit(variable))
                values.append(float(cell.count))
                tags.append(("cell", group.key, k))
            elif cell.suppressed is Suppressed.FEWER_THAN_MIN_CELL:
                lower[variable] = 1.0
                upper[variable] = float(policy.MIN_CELL - 1)
        if published.mean is not None:
            assert table.values is not None
            rows.append(model._vector({group.variables[k]: 1.0 for k in numeric}))
            values.append(float(sum(group.counts[k] for k in numeric)))
            tags.append(("mean", group.key))
            rows.append(model._vector({group.variables[k]: float(table.values[k]) for k in numeric}))  # type: ignore[arg-type]
            values.append(float(sum(group.counts[k] * table.values[k] for k in numeric)))  # type: ignore[operator]
            tags.append(("mean", group.key))
    n_vars = model.n_vars
    return Constraints(
        eq_rows=np.array(rows).reshape(len(rows), n_vars),
        eq_values=np.array(values),
        tags=tuple(tags),
        ub_rows=np.array(ub_rows).reshape(len(ub_rows), n_vars),
        ub_values=np.array(ub_values),
        lower=tuple(lower),
        upper=tuple(upper),
    )


def _primary_status(counts: Sequence[int], policy: Policy) -> Suppressed | None:
    n = sum(counts)
    if n < policy.MIN_GROUP:
        return Suppressed.SMALL_GROUP
    if n < policy.HOMOGENEITY_GROUP and max(counts) == n:
        return Suppressed.HOMOGENEOUS
    return None


def protected_targets(model: Model, result: QuestionResult) -> list[Target]:
    """The quantities no reader may pin down: every unpublished count of a non-empty group, and the
    counts of the residual / union-of-unpublished pseudo-groups that primary rules would suppress."""
    policy = result.policy
    targets: list[Target] = []
    seen: set[bytes] = set()

    def add(label: str, vector: np.ndarray, groups: tuple[str, ...], categories: tuple[int, ...]) -> None:
        key = vector.tobytes()
        if key not in seen:
            seen.add(key)
            targets.append(Target(label, vector, groups, categories))

    for group, published in zip(model.groups, result.groups, strict=True):
        if group.n == 0:
            continue
        for k, cell in enumerate(published.cells):
            if cell.count is None:
                add(f"{group.key}/{model.table.categories[k]}", model.unit(group.variables[k]), (group.key,), (k,))
    for dim in model.table.dimensions:
        members = [
            group
            for group, published in zip(model.groups, result.groups, strict=True)
            if group.dimension == dim.name and published.status is not None
        ]
        residual = model.residuals.get(dim.name)
        pseudo: list[tuple[str, list[_Group]]] = []
        if residual is not None:
            pseudo.append((residual.key, [residual]))
            members.append(residual)
        if len(members) >= 2:
            pseudo.append((f"{dim.name}:{UNPUBLISHED}", members))
        for key, parts in pseudo:
            counts = [sum(part.counts[k] for part in parts) for k in range(len(model.table.categories))]
            if sum(counts) == 0:
                continue
            whole = _primary_status(counts, policy) is not None
            real = tuple(part.key for part in parts if part is not residual)
            for k, count in enumerate(counts):
                if whole or 0 < count < policy.MIN_CELL:
                    vector = model._vector({part.variables[k]: 1.0 for part in parts})
                    add(f"{key}/{model.table.categories[k]}", vector, real, (k,))
    return targets


# ----------------------------------------------------------------------------------------- gate


@dataclass
class _State:
    status: list[Suppressed | None]
    n_hidden: list[Suppressed | None]
    cells: list[list[Suppressed | None]]
    mean: list[bool]
    withheld: bool = False


def _result(model: Model, state: _State, policy: Policy) -> QuestionResult:
    table = model.table
    numeric = _numeric(table)
    groups = []
    for index, group in enumerate(model.groups):
        n = None if state.n_hidden[index] else group.n
        cells = []
        for k, marker in enumerate(state.cells[index]):
            count = None if marker else group.counts[k]
            percent = None if count is None or not n else round(100.0 * count / n, 1)
            cells.append(CellResult(table.categories[k], count, marker, percent))
        mean = None
        if state.mean[index]:
            assert table.values is not None
            denominator = sum(group.counts[k] for k in numeric)
            mean = round(sum(group.counts[k] * table.values[k] for k in numeric) / denominator, 2)  # type: ignore[operator]
        groups.append(GroupResult(group.key, n, state.n_hidden[index], state.status[index], tuple(cells), mean))
    return QuestionResult(policy, table.categories, tuple(groups), state.withheld)


def _primary(model: Model, policy: Policy) -> _State:
    numeric = _numeric(model.table)
    town_n = model.groups[0].n
    state = _State([], [], [], [])
    for group in model.groups:
        status = _primary_status(group.counts, policy)
        if status is None and group.dimension is not None and 0 < town_n - group.n < policy.MIN_CELL:
            status = Suppressed.NESTED_DIFFERENCE
        state.status.append(status)
        state.n_hidden.append(Suppressed.SMALL_GROUP if status is Suppressed.SMALL_GROUP else None)
        if status is not None:
            state.cells.append([status] * len(group.counts))
            state.mean.append(False)
        else:
            state.cells.append([Suppressed.FEWER_THAN_MIN_CELL if 0 < c < policy.MIN_CELL else None for c in group.counts])
            state.mean.append(bool(numeric) and sum(group.counts[k] for k in numeric) > 0)
    return state


def _withhold_all(model: Model, state: _State) -> None:
    state.withheld = True
    for index in range(len(model.groups)):
        if state.status[index] is None:
            state.status[index] = Suppressed.SECONDARY
        state.cells[index] = [state.status[index]] * len(state.cells[index])
        state.mean[index] = False
        if state.n_hidden[index] is None:
            state.n_hidden[index] = Suppressed.SECONDARY


def _priority(model: Model, tag: tuple, own: Iterable[str] = ()) -> tuple:
    """Means of the groups in `own` first, then counts of the breakdowns smallest first (ties:
    group order, then category order), then the town's counts, then other means in group order.
    The town's distribution is what most readers come for: hiding a locality's count costs less."""
    g = next(i for i, group in enumerate(model.groups) if group.key == tag[1])
    if tag[0] == "cell":
        return (1, g == 0, model.groups[g].counts[tag[2]], g, tag[2])
    return (0 if tag[1] in own else 2, False, 0, g, 0)


def _suppress(model: Model, state: _State, tag: tuple) -> None:
    g = next(i for i, group in enumerate(model.groups) if group.key == tag[1])
    if tag[0] == "mean":
        state.mean[g] = False
    else:
        state.cells[g][tag[2]] = Suppressed.SECONDARY


def _suppress_one(model: Model, state: _State, candidates: Iterable[tuple], own: Iterable[str] = ()) -> bool:
    """Suppress the first of the candidates in priority order; False when there is none."""
    own = set(own)
    candidates = sorted(
        {tag for tag in candidates if tag[0] in ("cell", "mean")}, key=lambda t: _priority(model, t, own)
    )
    if not candidates:
        return False
    _suppress(model, state, candidates[0])
    return True


def _rank_pass(model: Model, state: _State, policy: Policy) -> None:
    while not state.withheld:
        result = _result(model, state, policy)
        constraints = published_constraints(model, result)
        basis = linear.row_space_basis(constraints.eq_rows)
        exposed = next((t for t in protected_targets(model, result) if linear.in_row_space(basis, t.vector)), None)
        if exposed is None:
            return
        own = set(exposed.groups) or {TOWN}
        mask = linear.involved_rows(constraints.eq_rows, exposed.vector)
        used = {tag for tag, flag in zip(constraints.tags, mask, strict=True) if flag and tag[0] in ("cell", "mean")}
        essential = linear.essential_rows(constraints.eq_rows, exposed.vector)
        needed = {tag for tag, flag in zip(constraints.tags, essential, strict=True) if flag and tag in used}
        # Prefer an item every derivation needs (so one suppression hides the target), else any
        # item the derivation uses; within that: a mean of the target's own group first, then the
        # smallest count, then other means.
        pool = sorted(needed or used, key=lambda tag: _priority(model, tag, own))
        if pool:
            _suppress(model, state, pool[0])
        else:
            _withhold_all(model, state)


def insiders(model: Model) -> list[tuple[int, ...]]:
    """Every kind of respondent the true counts allow: the cells (town, one level per dimension,
    all in one category) that contain them."""
    table = model.table
    kinds = []
    for k in range(len(table.categories)):
        if table.town[k] == 0:
            continue
        choices = []
        for dim in table.dimensions:
            groups = [g for g in model.groups if g.dimension == dim.name]
            if dim.name in model.residuals:
                groups.append(model.residuals[dim.name])
            choices.append([g.variables[k] for g in groups if g.counts[k] > 0])
        for combination in itertools.product(*choices):
            kinds.append((model.groups[0].variables[k], *combination))
    return kinds


def pinned_targets(
    model: Model,
    result: QuestionResult,
    *,
    insider_check: bool = True,
    first_only: bool = False,
    verified: set[bytes] | None = None,
) -> list[tuple[Target, tuple[int, ...]]]:
    """Targets a reader (or an insider, given as the cells containing them) can pin down.

    `verified` collects targets found safe; they are skipped on later calls, which is sound
    because further suppression only removes equations and bounds (intervals only widen)."""
    constraints = published_constraints(model, result)
    kinds = insiders(model) if insider_check else []
    occupied = tuple(np.flatnonzero(model.true_cells() > 0).tolist()) if insider_check else ()
    found = []
    for target in protected_targets(model, result):
        key = target.vector.tobytes()
        if verified is not None and key in verified:
            continue
        low, high, at_low, at_high = constraints.range_with_points(target.vector)
        if linear.pins_down(low, high):
            found.append((target, ()))
        elif (
            insider_check
            and linear.integers_in(low, high) < result.policy.INSIDER_MARGIN
            and _pinned_if_every_cell_known_nonempty(constraints, target, occupied)
        ):
            support = set(np.flatnonzero(target.vector).tolist())
            # Insiders inside the target's own cells pin it most often: try them first.
            for kind in sorted(kinds, key=lambda kind: -len(support.intersection(kind))):
                # An insider only knows that their cells are >= 1. That can only narrow the
                # interval, and an end whose optimal point already has those cells >= 1 stays
                # where it is: only the other end needs solving again.
                low_kept = all(at_low[v] >= 1 - 1e-9 for v in kind)
                high_kept = at_high is None or all(at_high[v] >= 1 - 1e-9 for v in kind)
                if low_kept and high_kept:
                    continue
                try:
                    insider_low = low if low_kept else constraints.extreme(target.vector, kind, maximize=False)
                    insider_high = high if high_kept else constraints.extreme(target.vector, kind, maximize=True)
                except linear.Infeasible:
                    continue
                if linear.pins_down(insider_low, insider_high):
                    found.append((target, kind))
                    break
        if verified is not None and (not found or found[-1][0] is not target):
            verified.add(key)
        if found and first_only:
            break
    return found


def _pinned_if_every_cell_known_nonempty(constraints: Constraints, target: Target, occupied: tuple[int, ...]) -> bool:
    """A shortcut for the insider check. Every insider knows only that some non-empty cells are >= 1;
    a reader who knew that of *all* non-empty cells knows more than any insider, so their interval
    lies inside every insider's. When even that reader cannot pin the target, no insider can, and
    the per-insider LPs are skipped (two solves instead of hundreds)."""
    try:
        low = constraints.extreme(target.vector, occupied, maximize=False)
        high = constraints.extreme(target.vector, occupied, maximize=True)
    except linear.Infeasible:  # pragma: no cover - the true cells satisfy these bounds
        return True
    return linear.pins_down(low, high)


def _audit_pass(model: Model, state: _State, policy: Policy, verified: set[bytes]) -> bool:
    """One round of the interval audit; True when something was changed.

    For the first pinned target, in this order, the first step that changes anything:
    a mean of its groups; the smallest count in its groups or categories; any other mean;
    'fewer than' markers (which carry bounds) in its groups or categories; the n of its groups;
    the smallest count anywhere; any 'fewer than' marker; any group's n (the town's last);
    finally, withhold the whole question."""
    result = _result(model, state, policy)
    found = pinned_targets(model, result, first_only=True, verified=verified)
    if not found:
        return False
    target = found[0][0]
    groups = set(target.groups) or {TOWN}
    index = {group.key: i for i, group in enumerate(model.groups)}

    def near(g: int, k: int) -> bool:
        return model.groups[g].key in groups or k in target.categories

    published = [
        ("cell", group.key, k)
        for g, group in enumerate(model.groups)
        for k in range(len(group.counts))
        if state.cells[g][k] is None
    ]
    means = [("mean", group.key) for g, group in enumerate(model.groups) if state.mean[g]]
    if _suppress_one(model, state, [m for m in means if m[1] in groups]):
        return True
    if _suppress_one(model, state, [c for c in published if near(index[c[1]], c[2])]):
        return True
    if _suppress_one(model, state, means):
        return True
    if _downgrade_markers(model, state, near):
        return True
    for key in sorted(groups, key=lambda key: (key == TOWN, index[key])):
        if state.n_hidden[index[key]] is None:
            state.n_hidden[index[key]] = Suppressed.SECONDARY
            return True
    if _suppress_one(model, state, published):
        return True
    if _downgrade_markers(model, state, lambda g, k: True):
        return True
    for g in sorted(range(len(model.groups)), key=lambda g: (g == 0, g)):
        if state.n_hidden[g] is None:
            state.n_hidden[g] = Suppressed.SECONDARY
            return True
    _withhold_all(model, state)
    return True


def _downgrade_markers(model: Model, state: _State, where) -> bool:
    """Turn 'fewer than MIN_CELL' markers (bounds 1..MIN_CELL-1) into plain secondary markers."""
    changed = False
    for g, markers in enumerate(state.cells):
        for k, marker in enumerate(markers):
            if marker is Suppressed.FEWER_THAN_MIN_CELL and where(g, k):
                markers[k] = Suppressed.SECONDARY
                changed = True
    return changed


def protect(table: QuestionTable, policy: Policy = DEFAULT_POLICY) -> QuestionResult:
    """Gate one question: primary suppression, secondary suppression, interval audit."""
    table.validate()
    model = Model.of(table)
    state = _primary(model, policy)
    _rank_pass(model, state, policy)
    verified: set[bytes] = set()
    while not state.withheld and _audit_pass(model, state, policy, verified):
        pass
    return _result(model, state, policy)


def protect_many(tables: Iterable[QuestionTable], policy: Policy = DEFAULT_POLICY) -> list[QuestionResult]:
    """Gate every question of a survey (the gate sees counts only; its cost does not grow with the
    number of responses, only with the number of groups and categories)."""
    return [protect(table, policy) for table in tables]


__all__ = [
    "DEFAULT_POLICY",
    "Constraints",
    "Dimension",
    "Model",
    "Policy",
    "QuestionResult",
    "QuestionTable",
    "Suppressed",
    "Target",
    "insiders",
    "pinned_targets",
    "protect",
    "protect_many",
    "protected_targets",
    "published_constraints",
]
