"""The information-loss figures (results/loss.py): published and hidden numbers of a snapshot."""

from participation.results.loss import Loss, count_loss


def _cell(count=None, marker=None):
    return {"count": count, "percent": None, "marker": marker}


def _group(cells, n, n_marker=None, marker=None, mean=None, key="town"):
    return {"key": key, "n": n, "n_marker": n_marker, "marker": marker, "cells": cells, "mean": mean, "median": None}


def _table(groups, values=(None, None)):
    categories = [{"key": f"c{i}", "label": {"de": str(i)}, "value": v} for i, v in enumerate(values)]
    return {"key": "t", "label": None, "measure": "distribution", "categories": categories, "withheld": False, "groups": groups}


def _data(*tables, respondents=None):
    return {"respondents": respondents, "questions": [{"tables": list(tables)}]}


def test_published_cells_and_group_sizes_are_counted():
    table = _table([_group([_cell(12), _cell(0)], 12)])
    assert count_loss(_data(table)) == Loss(published=3, hidden={})


def test_hidden_numbers_are_counted_by_marker():
    town = _group([_cell(20), _cell(None, "fewer_than_min_cell"), _cell(None, "protected")], 27)
    small = _group([_cell(), _cell(), _cell()], None, "fewer_than_min_group", "fewer_than_min_group", key="locality:mose")
    loss = count_loss(_data(_table([town, small], values=(None, None, None))))
    assert loss.published == 2
    # Mose's cells carry no marker of their own: the group's marker says why.
    assert loss.hidden == {"fewer_than_min_cell": 1, "protected": 1, "fewer_than_min_group": 4}
    assert loss.total == 8 and loss.hidden_total == 6
    assert loss.by_marker() == [("fewer_than_min_cell", 1), ("fewer_than_min_group", 4), ("protected", 1)]
    assert loss.published_share == 0.25


def test_means_count_only_where_the_table_has_one():
    shown = _group([_cell(10), _cell(15)], 25, mean=1.6)
    hidden = _group([_cell(10), _cell(None, "fewer_than_min_cell")], 13, mean=None, key="locality:elbeu")
    nobody = _group([_cell(0), _cell(0)], 0, key="locality:mose")  # no mean can exist
    loss = count_loss(_data(_table([shown, hidden, nobody], values=(1, 2))))
    assert loss.published == 4 + 2 + 3  # cells, n and mean; cell and n; cells and n
    assert loss.hidden == {"fewer_than_min_cell": 1, "protected": 1}


def test_the_respondents_table_counts_and_a_hidden_n_without_marker_is_protected():
    respondents = _table([_group([_cell(40), _cell(None, "fewer_than_min_group")], 47)])
    question = _table([_group([_cell(), _cell()], None, marker="protected")])
    loss = count_loss(_data(question, respondents=respondents))
    assert loss.published == 2
    assert loss.hidden == {"fewer_than_min_group": 1, "protected": 3}


def test_empty_data_has_nothing_to_count():
    loss = count_loss({"respondents": None, "questions": []})
    assert (loss.total, loss.published_share, loss.by_marker()) == (0, None, [])


def test_every_number_of_a_real_snapshot_is_counted_once(snapshot_data):
    loss = count_loss(snapshot_data)
    tables = [snapshot_data["respondents"]] + [t for q in snapshot_data["questions"] for t in q["tables"]]
    cells = sum(len(g["cells"]) for t in tables for g in t["groups"])
    sizes = sum(len(t["groups"]) for t in tables)
    assert cells + sizes <= loss.total <= cells + 2 * sizes
    assert set(loss.hidden) <= {"fewer_than_min_cell", "fewer_than_min_group", "protected"}
    assert loss.hidden["fewer_than_min_group"] > 0 and loss.published > 0
