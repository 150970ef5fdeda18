"""Unit tests for each rule of the privacy gate (PRIVACY.md §3–§5). Pure: no app, no database."""

import json
import math

import numpy as np
import pytest

from participation.disclosure import linear
from participation.disclosure.table_gate import (
    Model,
    Policy,
    QuestionTable,
    Suppressed,
    pinned_targets,
    protect,
    protect_many,
    protected_targets,
    published_constraints,
)

YES_NO = ["yes", "no"]


def assert_safe(table, result):
    """No protected quantity is in the row space of, or pinned down by, what is published."""
    model = Model.of(table)
    constraints = published_constraints(model, result)
    basis = linear.row_space_basis(constraints.eq_rows)
    for target in protected_targets(model, result):
        assert not linear.in_row_space(basis, target.vector), target.label
        low, high = constraints.range(target.vector)
        assert not linear.pins_down(low, high), (target.label, low, high)
    assert pinned_targets(model, result) == []


def counts(group):
    return [cell.count for cell in group.cells]


def markers(group):
    return [cell.suppressed for cell in group.cells]


def test_large_table_is_published_unchanged():
    table = QuestionTable.build(YES_NO, [60, 40], {"locality": {"a": [30, 20], "b": [30, 20]}}, complete=["locality"])
    result = protect(table)
    assert counts(result.group("town")) == [60, 40]
    assert counts(result.group("locality:a")) == [30, 20]
    assert [c.percent for c in result.group("locality:a").cells] == [60.0, 40.0]
    assert result.group("town").n == 100
    assert not result.withheld


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_small_count_is_suppressed_and_not_recoverable_from_the_row_total(small):
    table = QuestionTable.build(["a", "b", "c"], [small, 20, 30])
    town = protect(table).group("town")
    assert town.cells[0].suppressed is Suppressed.FEWER_THAN_MIN_CELL
    assert town.cells[0].count is None and town.cells[0].percent is None
    # n - b - c would give the small count back: one more cell goes (the smallest, b).
    assert town.cells[1].suppressed is Suppressed.SECONDARY
    assert town.cells[2].count == 30 and town.n == 50 + small
    assert_safe(table, protect(table))


def test_zero_and_min_cell_are_published():
    table = QuestionTable.build(["a", "b", "c"], [0, 5, 30])
    assert counts(protect(table).group("town")) == [0, 5, 30]


def test_small_group_publishes_nothing_but_fewer_than():
    table = QuestionTable.build(YES_NO, [5, 4], values=[1, 0])
    town = protect(table).group("town")
    assert town.n is None and town.n_suppressed is Suppressed.SMALL_GROUP
    assert town.status is Suppressed.SMALL_GROUP
    assert counts(town) == [None, None] and markers(town) == [Suppressed.SMALL_GROUP] * 2
    assert town.mean is None and all(c.percent is None for c in town.cells)


def test_homogeneous_small_group_is_suppressed():
    table = QuestionTable.build(YES_NO, [15, 0])
    town = protect(table).group("town")
    assert town.status is Suppressed.HOMOGENEOUS and town.n == 15
    assert counts(town) == [None, None]


def test_homogeneity_stops_at_the_threshold():
    table = QuestionTable.build(YES_NO, [20, 0])
    assert counts(protect(table).group("town")) == [20, 0]


def test_nested_groups_differing_by_fewer_than_min_cell():
    table = QuestionTable.build(
        YES_NO, [60, 40], {"locality": {"a": [58, 39], "b": [2, 1]}}, complete=["locality"]
    )
    result = protect(table)
    a = result.group("locality:a")
    assert a.status is Suppressed.NESTED_DIFFERENCE and counts(a) == [None, None]
    assert result.group("locality:b").status is Suppressed.SMALL_GROUP
    assert_safe(table, result)


def test_differencing_by_totals_is_blocked():
    """Town minus the other localities would give Mose: a second locality loses its counts."""
    table = QuestionTable.build(
        YES_NO,
        [71, 49],
        {"locality": {"a": [30, 20], "b": [20, 15], "c": [15, 12], "mose": [6, 2]}},
        complete=["locality"],
    )
    result = protect(table)
    assert result.group("locality:mose").status is Suppressed.SMALL_GROUP
    hidden = [g.key for g in result.groups if g.key != "locality:mose" and None in counts(g)]
    assert hidden  # some other cells were suppressed
    assert_safe(table, result)


def test_residual_is_protected():
    """Respondents who named no locality are town minus localities: 3 people, never shown."""
    table = QuestionTable.build(YES_NO, [52, 51], {"locality": {"a": [50, 50]}})
    result = protect(table)
    assert_safe(table, result)
    model = Model.of(table)
    assert any(t.label.startswith("locality:(none)") for t in protected_targets(model, result))


def test_mean_does_not_reveal_a_suppressed_cell():
    table = QuestionTable.build(["1", "2", "3"], [3, 20, 30], values=[1, 2, 3])
    result = protect(table)
    town = result.group("town")
    assert town.cells[0].suppressed is Suppressed.FEWER_THAN_MIN_CELL
    assert_safe(table, result)


def test_mean_is_published_for_safe_groups():
    table = QuestionTable.build(["1", "2", "3", "dk"], [10, 20, 30, 7], values=[1, 2, 3, None])
    town = protect(table).group("town")
    assert town.mean == round((10 + 40 + 90) / 60, 2)
    assert counts(town) == [10, 20, 30, 7]


def test_fewer_than_markers_carry_bounds():
    """n = 10 spread as 1 or 2 over many categories: 'fewer than 5' would pin a cell down
    (e.g. all cells must be 1), so the gate gives up the markers or n."""
    table = QuestionTable.build([str(i) for i in range(10)], [1] * 10)
    result = protect(table)
    assert_safe(table, result)


def test_policy_is_configurable():
    table = QuestionTable.build(["a", "b", "c"], [3, 20, 30])
    assert counts(protect(table, Policy(MIN_CELL=3)).group("town")) == [3, 20, 30]
    policy = Policy.from_config({"MIN_CELL": 3, "MIN_GROUP": 60, "OTHER": 1})
    assert policy.MIN_GROUP == 60 and policy.HOMOGENEITY_GROUP == 20
    assert protect(table, policy).group("town").n is None


def test_result_is_json_friendly_and_deterministic():
    table = QuestionTable.build(
        ["1", "2", "3"],
        [12, 20, 31],
        {"locality": {"a": [5, 10, 20], "mose": [2, 3, 1]}, "age": {"young": [6, 9, 15], "old": [6, 11, 16]}},
        values=[1, 2, 3],
    )
    first, second = protect(table), protect(table)
    assert first == second
    data = json.loads(json.dumps(first.to_dict()))
    assert data["policy"]["MIN_CELL"] == 5
    assert [g["key"] for g in data["groups"]] == ["town", "locality:a", "locality:mose", "age:young", "age:old"]
    for group in data["groups"]:
        for cell in group["cells"]:
            assert (cell["count"] is None) == (cell["suppressed"] is not None)
            if cell["percent"] is not None:
                assert cell["count"] is not None and group["n"] is not None


def test_protect_many():
    tables = [QuestionTable.build(YES_NO, [30, 20]), QuestionTable.build(YES_NO, [3, 2])]
    results = protect_many(tables)
    assert [r.group("town").n for r in results] == [50, None]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"categories": ["a"], "town": [3]},
        {"categories": ["a", "a"], "town": [3, 4]},
        {"categories": YES_NO, "town": [3, -1]},
        {"categories": YES_NO, "town": [3, 4], "dimensions": {"l": {"x": [4, 0]}}},
        {"categories": YES_NO, "town": [3, 4], "dimensions": {"l": {"x": [3, 3]}}, "complete": ["l"]},
        {"categories": YES_NO, "town": [3, 4], "values": [1]},
    ],
)
def test_invalid_tables_are_rejected(kwargs):
    with pytest.raises(ValueError):
        QuestionTable.build(**kwargs)


def test_linear_helpers():
    rows = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    basis = linear.row_space_basis(rows)
    assert linear.in_row_space(basis, np.array([1.0, 0.0, 0.0]))
    assert not linear.in_row_space(basis, np.array([0.0, 0.0, 1.0]))
    low, high = linear.lp_range(rows, np.array([5.0, 2.0]), np.zeros((0, 3)), np.zeros(0), [0] * 3, [None] * 3,
                                np.array([0.0, 0.0, 1.0]))
    assert low == 0 and math.isinf(high)
    assert linear.pins_down(2.0, 2.4) and not linear.pins_down(2.0, 3.0)
    assert linear.integers_in(0.5, 3.5) == 3


def test_suppressed_pair_survives_an_insider():
    """b and c are small; their union is town minus a. An insider in b who said yes must not learn
    how the other small-locality residents answered (PRIVACY §6.4)."""
    table = QuestionTable.build(
        YES_NO, [21, 34], {"locality": {"a": [19, 31], "b": [1, 2], "c": [1, 1]}}, complete=["locality"]
    )
    result = protect(table)
    assert_safe(table, result)
    model = Model.of(table)
    constraints = published_constraints(model, result)
    labels = {t.label for t in protected_targets(model, result)}
    assert "locality:(unpublished)/yes" in labels
    b_yes = model.group("locality:b").variables[0]
    insider = (model.group("town").variables[0], b_yes)
    for target in protected_targets(model, result):
        low, high = constraints.range(target.vector, insider)
        assert not linear.pins_down(low, high), target.label


def test_benchmark_shape_runs_on_counts_only():
    """Many responses do not make the gate slower: it only sees counts."""
    table = QuestionTable.build(
        ["1", "2", "3", "4", "5"],
        [2570, 18841, 9598, 14118, 54873],
        {"locality": {"mose": [8, 64, 27, 64, 178], "rest": [2562, 18777, 9571, 14054, 54695]}},
        values=[1, 2, 3, 4, 5],
        complete=["locality"],
    )
    result = protect(table)
    assert result.group("locality:mose").n == 341
    assert all(cell.count is not None for group in result.groups for cell in group.cells)
