"""Property tests: the attacks 1–4 of PRIVACY.md §6 fail on random small cross-tables.

The attacker here is written independently of the gate's own bookkeeping: it reads only the
gate's JSON output (`to_dict()`) and the shape of the tables (categories, localities, age bands,
whether a dimension covers everybody), and derives everything it can with linear algebra and
linear programming over the non-negative cells. Means are given to the attacker in their strongest
form (the number of numeric answers and the sum of their values, exactly).
"""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.disclosure import linear
from participation.disclosure.table_gate import DEFAULT_POLICY, QuestionTable, protect

POLICY = DEFAULT_POLICY
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RESIDUAL = "(none)"


@st.composite
def scenarios(draw):
    """A random question: the full cross-classification locality × age × category of respondents
    (with optional 'no locality' / 'no age band' respondents), aggregated into the published shape,
    and one random respondent (the insider)."""
    k = draw(st.integers(2, 4))
    localities = draw(st.integers(2, 5))
    with_age = draw(st.booleans())
    ages = draw(st.integers(2, 3)) if with_age else 1
    locality_complete = draw(st.booleans())
    age_complete = draw(st.booleans()) or not with_age
    rows = localities + (0 if locality_complete else 1)
    columns = ages + (0 if age_complete else 1)
    small = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 6, 9])
    cell = st.one_of(small, st.integers(0, 12 if with_age else 30))
    cross = np.array(draw(st.lists(cell, min_size=rows * columns * k, max_size=rows * columns * k))).reshape(
        rows, columns, k
    )
    if draw(st.integers(0, 3)) == 0:  # one locality holds nearly everybody: nested near-misses
        cross[1:] = np.array(draw(st.lists(st.sampled_from([0, 0, 0, 1]), min_size=cross[1:].size,
                                           max_size=cross[1:].size))).reshape(cross[1:].shape)
    categories = [f"c{i}" for i in range(k)]
    loc_names = [f"l{i}" for i in range(localities)]
    age_names = [f"a{i}" for i in range(ages)]
    dimensions = {"locality": {name: cross[i].sum(axis=0).tolist() for i, name in enumerate(loc_names)}}
    complete = ["locality"] if locality_complete else []
    if with_age:
        dimensions["age"] = {name: cross[:, j].sum(axis=0).tolist() for j, name in enumerate(age_names)}
        if age_complete:
            complete.append("age")
    values = draw(st.sampled_from([None, list(range(1, k + 1)), [*range(1, k), None]]))
    table = QuestionTable.build(categories, cross.sum(axis=(0, 1)).tolist(), dimensions, values, complete)
    people = [index for index, count in np.ndenumerate(cross) if count > 0]
    insider = draw(st.sampled_from(people)) if people else None
    return table, cross, insider


class Attacker:
    """Everything one can derive from a published result and the tables' shape."""

    def __init__(self, table, data):
        self.table = table
        self.k = len(table.categories)
        self.index = {}
        for cat in range(self.k):
            self.index[("town", cat)] = len(self.index)
        self.levels = {}
        for dim in table.dimensions:
            levels = [*dim.levels] + ([] if dim.complete else [RESIDUAL])
            self.levels[dim.name] = levels
            for level in levels:
                for cat in range(self.k):
                    self.index[(f"{dim.name}:{level}", cat)] = len(self.index)
        self.n_vars = len(self.index)
        rows, values, ub_rows, ub_values = [], [], [], []
        self.lower = [0.0] * self.n_vars
        self.upper = [None] * self.n_vars
        for dim in table.dimensions:  # the levels (with the residual) partition the town
            for cat in range(self.k):
                row = self.row({(f"{dim.name}:{level}", cat): 1 for level in self.levels[dim.name]})
                row[self.index[("town", cat)]] -= 1
                rows.append(row)
                values.append(0)
        truth = self.truth_by_group()
        self.groups = {g["key"]: g for g in data["groups"]}
        for key, group in self.groups.items():
            everyone = self.row({(key, cat): 1 for cat in range(self.k)})
            if group["n"] is not None:
                rows.append(everyone)
                values.append(group["n"])
            elif group["n_suppressed"] == "small_group":
                ub_rows.append(everyone)
                ub_values.append(POLICY.MIN_GROUP - 1)
            for cat, cell in enumerate(group["cells"]):
                variable = self.index[(key, cat)]
                if cell["count"] is not None:
                    rows.append(self.row({(key, cat): 1}))
                    values.append(cell["count"])
                    if cell["percent"] is not None:  # a percentage only restates count / n
                        assert group["n"] is not None
                        assert math.isclose(cell["percent"], round(100 * cell["count"] / group["n"], 1))
                elif cell["suppressed"] == "fewer_than_min_cell":
                    self.lower[variable], self.upper[variable] = 1, POLICY.MIN_CELL - 1
                else:
                    assert cell["percent"] is None
            if group["mean"] is not None:
                numeric = [cat for cat, value in enumerate(table.values) if value is not None]
                rows.append(self.row({(key, cat): 1 for cat in numeric}))
                values.append(sum(truth[key][cat] for cat in numeric))
                rows.append(self.row({(key, cat): table.values[cat] for cat in numeric}))
                values.append(sum(truth[key][cat] * table.values[cat] for cat in numeric))
        self.rows = np.array(rows, dtype=float).reshape(len(rows), self.n_vars)
        self.values = np.array(values, dtype=float)
        self.ub_rows = np.array(ub_rows, dtype=float).reshape(len(ub_rows), self.n_vars)
        self.ub_values = np.array(ub_values, dtype=float)
        self.basis = linear.row_space_basis(self.rows)

    def row(self, coefficients):
        row = np.zeros(self.n_vars)
        for key, value in coefficients.items():
            row[self.index[key]] += value
        return row

    def truth_by_group(self):
        truth = {"town": list(self.table.town)}
        for dim in self.table.dimensions:
            for level, counts in zip(dim.levels, dim.counts):
                truth[f"{dim.name}:{level}"] = list(counts)
            truth[f"{dim.name}:{RESIDUAL}"] = [
                self.table.town[cat] - sum(c[cat] for c in dim.counts) for cat in range(self.k)
            ]
        return truth

    def derivable(self, target):
        return linear.in_row_space(self.basis, target)

    def interval(self, target, insider_cells=()):
        lower = list(self.lower)
        for key in insider_cells:
            lower[self.index[key]] = max(lower[self.index[key]], 1)
        return linear.lp_range(self.rows, self.values, self.ub_rows, self.ub_values, lower, self.upper, target)

    def suppressed_cells(self):
        """(label, target vector) for every withheld count of a non-empty group, and every count of
        a never-published residual group small enough to be protected."""
        truth = self.truth_by_group()
        for key, group in self.groups.items():
            if sum(truth[key]) == 0:
                continue
            for cat, cell in enumerate(group["cells"]):
                if cell["count"] is None:
                    yield f"{key}/{cat}", self.row({(key, cat): 1})
        for dim in self.table.dimensions:
            key = f"{dim.name}:{RESIDUAL}"
            if not dim.complete and 0 < sum(truth[key]) < POLICY.MIN_GROUP:
                for cat in range(self.k):
                    yield f"{key}/{cat}", self.row({(key, cat): 1})


def attack(table):
    result = protect(table)
    return result, Attacker(table, result.to_dict())


@SETTINGS
@given(scenarios())
def test_attack_1_differencing_by_totals(scenario):
    """Town total minus the other localities never gives a suppressed locality count, nor does any
    other linear combination of what is published."""
    table, _, _ = scenario
    result, attacker = attack(table)
    for dim in table.dimensions:
        if not dim.complete:
            continue
        for level in dim.levels:
            group = result.group(f"{dim.name}:{level}")
            for cat, cell in enumerate(group.cells):
                if cell.count is not None or sum(dict(zip(dim.levels, dim.counts))[level]) == 0:
                    continue
                town = result.group("town").cells[cat].count
                others = [result.group(f"{dim.name}:{other}").cells[cat].count for other in dim.levels if other != level]
                assert town is None or None in others, (level, cat)
    for label, target in attacker.suppressed_cells():
        assert not attacker.derivable(target), label


@SETTINGS
@given(scenarios())
def test_attack_2_nested_groups_never_differ_by_a_few(scenario):
    """Never two published distributions of nested groups (town ⊃ locality, town ⊃ age band) whose
    sizes differ by 1 to MIN_CELL - 1."""
    table, _, _ = scenario
    result = protect(table)
    size = {"town": sum(table.town)}
    for dim in table.dimensions:
        for level, counts in zip(dim.levels, dim.counts):
            size[f"{dim.name}:{level}"] = sum(counts)
    published = [group.key for group in result.groups if any(cell.count is not None for cell in group.cells)]
    for key in published:
        assert size[key] >= POLICY.MIN_GROUP, key  # no distribution of a small group at all
        if key != "town" and "town" in published:
            assert not 0 < size["town"] - size[key] < POLICY.MIN_CELL, key
    for group in result.groups:  # a published n is the true n; a hidden one says why
        assert group.n in (None, size[group.key])
        assert (group.n is None) == (group.n_suppressed is not None)


@SETTINGS
@given(scenarios())
def test_attack_3_suppressed_cells_keep_an_interval(scenario):
    """From row totals, column totals, percentages and means together, every suppressed cell can
    still take at least two integer values."""
    table, _, _ = scenario
    _, attacker = attack(table)
    for label, target in attacker.suppressed_cells():
        low, high = attacker.interval(target)
        assert not linear.pins_down(low, high), (label, low, high)


@SETTINGS
@given(scenarios())
def test_attack_4_insider_cannot_pin_down_a_suppressed_cell(scenario):
    """A respondent who knows their own answer, locality and age band (so each of their cells is at
    least 1) still cannot pin down any suppressed cell, their own included."""
    table, cross, insider = scenario
    if insider is None:
        return
    _, attacker = attack(table)
    locality, age, cat = insider
    cells = [("town", cat)]
    loc_levels = attacker.levels["locality"]
    cells.append((f"locality:{loc_levels[locality]}", cat))
    if "age" in attacker.levels:
        cells.append((f"age:{attacker.levels['age'][age]}", cat))
    for label, target in attacker.suppressed_cells():
        low, high = attacker.interval(target, cells)
        assert not linear.pins_down(low, high), (label, cells, low, high)
