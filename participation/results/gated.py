"""Every table of a survey through the whole-publication gate, laid out in the snapshot format.

`snapshots.py` documents the format; this module fills its "respondents" and "tables" from the
gate's decision (`participation.disclosure.gate`), and reads earlier versions back as what they
showed, so the gate judges the new version together with them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from participation.disclosure.policy import Policy, Suppressed
from participation.disclosure.publication import (
    LOCALITY,
    TOWN,
    GroupShown,
    Profile,
    Question,
    Shown,
)
from participation.results.publication import NUMERIC_KINDS, survey_publication

#: Public marker -> what it says about a group's distribution, its n and a cell.
_GROUP_MARKERS = {"fewer_than_min_group": Suppressed.SMALL_GROUP, "protected": Suppressed.SECONDARY}
_N_MARKERS = {"fewer_than_min_group": Suppressed.SMALL_GROUP, "protected": Suppressed.SECONDARY}


def questionnaire_facts(structure) -> dict[int, Question]:
    """What every resident reads on the survey pages about each question."""
    facts = {}
    for question, info in zip(structure.questions, structure.infos, strict=True):
        show_if = None
        if question.show_if_question_id is not None and question.show_if_options:
            condition = next((q for q in structure.questions if q.id == question.show_if_question_id), None)
            keys = tuple(f"o{option.id}" for option in question.show_if_options)
            show_if = (question.show_if_question_id, keys) if condition is not None else None
        facts[question.id] = Question(
            id=question.id,
            kind=question.kind,
            required=bool(question.required),
            show_if=show_if,
            max_choices=info.max_choices,
            open_below=question.kind == "number" and question.min_value is None,
        )
    return facts


def earlier_shown(data: Mapping) -> Shown:
    """What an earlier version showed, read from its snapshot data."""
    policy = Policy.from_config(data.get("policy", {}))
    tables: dict[str, dict[str, GroupShown]] = {}
    numbers: dict[str, dict[str, tuple]] = {}
    entries = [data.get("respondents")] + [t for q in data.get("questions", []) for t in q["tables"]]
    entries = [table for table in entries if table]
    for table in entries:
        measure = table.get("measure")
        for group in table["groups"]:
            status = _GROUP_MARKERS.get(group.get("marker"))
            cells = []
            for cell in group["cells"]:
                marker = cell.get("marker")
                if cell["count"] is not None:
                    cells.append(None)
                elif status is None and (marker == "fewer_than_min_cell" or (
                    marker == "fewer_than_min_group" and measure != "places"
                )):
                    cells.append(Suppressed.FEWER_THAN_MIN_CELL)
                else:  # "protected", a group's marker, or an older layout's place marker: >= 0
                    cells.append(Suppressed.SECONDARY)
            n = None if group["n"] is not None else _N_MARKERS.get(group.get("n_marker"), Suppressed.SECONDARY)
            tables.setdefault(table["key"], {})[group["key"]] = GroupShown(n, cells, group.get("mean") is not None, status)
            numbers.setdefault(table["key"], {})[group["key"]] = (
                group["n"], [cell["count"] for cell in group["cells"]], group.get("mean"),
            )
    return Shown(policy, tables, numbers)


def gate_survey(
    structure,
    counts,
    policy: Policy,
    *,
    locality_exact: bool,
    single_locality: bool,
    required_enforced: bool,
    quote_groups: Iterable[tuple[int, str]] = (),
    earlier: Iterable[Mapping] = (),
    profiles: Callable[[Mapping, Collection[str]], Iterable[Profile]] | None = None,
) -> tuple[dict, dict[int, list[dict]]]:
    """(respondents table, question id -> its tables) in the snapshot format."""
    from participation.disclosure.gate import protect_publication  # numpy and HiGHS: on first use

    holder: dict = {}
    publication, layout = survey_publication(
        structure, counts, policy,
        questions=questionnaire_facts(structure),
        required_enforced=required_enforced, locality_exact=locality_exact, single_locality=single_locality,
        quotes=quote_groups, earlier=[earlier_shown(data) for data in earlier],
        profiles=None if profiles is None else (lambda groups: profiles(holder["layout"], groups)),
    )
    holder["layout"] = layout
    decision = protect_publication(publication)
    by_question: dict[int, list[dict]] = {}
    respondents = None
    for table in publication.tables:
        info, categories, measure = layout[table.key]
        entry = _table_dict(table, decision.shown.tables[table.key], categories, measure, info, policy)
        if table.question is None:
            respondents = entry
        else:
            by_question.setdefault(table.question, []).append(entry)
    return respondents, by_question


def public_marker(reason: Suppressed | None, small_cells: str = "fewer_than_min_cell") -> str | None:
    """Public markers name only what the reader may know: the thresholds. Every other reason
    (homogeneous group, nested difference, secondary) is "protected" on purpose."""
    if reason is None:
        return None
    if reason is Suppressed.SMALL_GROUP:
        return "fewer_than_min_group"
    if reason is Suppressed.FEWER_THAN_MIN_CELL:
        return small_cells
    return "protected"


def _label(info, key: str):
    if info is None or key == f"q{info.id}":
        return None
    suffix = key[len(f"q{info.id}_"):]
    option = next((o for o in info.options if o.key == suffix), None)
    return None if option is None else dict(option.label)


def _table_dict(table, states: Mapping[str, GroupShown], categories, measure, info, policy) -> dict:
    small = "fewer_than_min_group" if table.counts_groups else "fewer_than_min_cell"
    groups = []
    for g in table.shown_groups:
        state = states[g]
        truth = table.counts[g]
        n = sum(truth) if state.n is None else None
        group_marker = public_marker(state.status)
        cells = []
        for count, marker in zip(truth, state.cells, strict=True):
            shown = count if marker is None else None
            cells.append({
                "count": shown,
                "percent": None if shown is None or not n else round(100.0 * shown / n, 1),
                "marker": group_marker if group_marker and shown is None else public_marker(marker, small),
            })
        mean = None
        if state.mean and table.values is not None:
            numeric = [(c, v) for c, v in zip(truth, table.values) if v is not None]
            answers = sum(c for c, _ in numeric)
            mean = round(sum(c * v for c, v in numeric) / answers, 2) if answers else None
        kind = info.kind if info is not None else ""
        groups.append({
            "key": g, "n": n, "n_marker": public_marker(state.n), "marker": group_marker, "cells": cells,
            "mean": mean, "median": _median(categories, cells) if kind in NUMERIC_KINDS + ("number",) else None,
        })
    return {
        "key": table.key,
        "label": _label(info, table.key),
        "measure": "distribution" if measure == "respondents" else measure,
        "categories": [category.to_dict() for category in categories],
        "withheld": False,
        "groups": groups,
    }


def _median(categories, cells: list[dict]) -> str | None:
    """The median category, only when every count it rests on is published (then it adds nothing)."""
    ordered = [(c.key, cell["count"]) for c, cell in zip(categories, cells) if c.key != "na"]
    if any(count is None for _, count in ordered):
        return None
    total = sum(count for _, count in ordered)
    running = 0
    for key, count in ordered:
        running += count
        if total and 2 * running >= total:
            return key
    return None


__all__ = ["LOCALITY", "TOWN", "earlier_shown", "gate_survey", "questionnaire_facts"]
