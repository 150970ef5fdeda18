"""The published form of a survey's results: what a `ResultSnapshot.data` holds.

Every consumer (result pages, charts, the JSON API, exports, the derivation step) reads this and
nothing else, so the numbers are the same everywhere. Built once by `build_snapshot_data` from the
privacy gate's output; never changed afterwards.

Format (version 1)
------------------
Texts are ``{"de": ..., "en": ...}`` (English may be missing: fall back to German). Group keys are
``"town"``, ``"locality:<slug>"`` or ``"<dimension key>:<level key>"`` for a demographic, e.g.
``"demo17:o88"``.

    {
      "format": 1,
      "survey": {"slug": str, "title": text, "intro": text},
      "version": int, "published_on": "YYYY-MM-DD", "reason": str,
      "policy": {"MIN_CELL": 5, "MIN_GROUP": 10, "HOMOGENEITY_GROUP": 20, "MIN_FREE_TEXT_GROUP": 10,
                 "MIN_CROSS_GROUP": 20},
      "dimensions": [                       # the published breakdowns, localities first
        {"key": "locality", "label": text,
         "levels": [{"key": "locality:mose", "slug": "mose", "label": text}, ...]},
        {"key": "demo17", "label": text, "levels": [{"key": "demo17:o88", "label": text}, ...]}
      ],
      "respondents": <table>,               # how many took part: categories are the localities
      "questions": [
        {"id": int, "number": int (1, 2, ... in survey order), "kind": str, "prompt": text,
         "help": text, "life_areas": [slug, ...],
         "scale": {"min": int, "max": int, "label_min": text, "label_max": text} | null,
         "unit": text,                       # number questions
         "tables": [<table>, ...],           # see below
         "quotes": [{"group": "town" | "locality:<slug>", "text": str}, ...]}   # shuffled
      ]
    }

A <table> is one gated table:

    {"key": str, "label": text | null,     # label: the option (multiple, ranking) or item (matrix)
     "measure": "distribution" | "share" | "places" | "answered",
     "categories": [{"key": str, "label": text, "value": number | null}, ...],
     "withheld": bool,                      # true: nothing of this table is published
     "groups": [
       {"key": "town", "n": int | null,
        "n_marker": null | "fewer_than_min_group" | "protected",
        "marker": null | "fewer_than_min_group" | "protected",   # why no distribution is shown
        "cells": [{"count": int | null, "percent": float | null,
                   "marker": null | "fewer_than_min_cell" | "protected"}, ...],
        "mean": float | null, "median": str | null},              # median: a category key
       ...]}

Every table has the town group and one group per level of its breakdowns. A demographic question
is broken down by locality only where every locality has at least MIN_CROSS_GROUP respondents
(and never by another demographic); the locality question by demographics only then, too.

Tables per question kind:
- single, demographic, locality: one "distribution" table over the options (+ "na" = keine Angabe).
- multiple: one "share" table per option, categories ["chosen", "not_chosen"]; n is everyone who
  answered the question.
- scale: one "distribution" over the values min..max (+ "na"), with mean and median.
- matrix: one "distribution" table per item, like a scale.
- ranking: one "places" table per option, categories "place1".."placeN" and "not_ranked"; the value
  of a category is its points (N for place 1 ... 1 for place N, 0 not ranked), the mean is the
  average points.
- number: one "distribution" over pre-declared bins of the allowed range; median is a bin.
- short_text, long_text: one "answered" table, categories ["answered", "not_answered"] over all
  respondents of the group; the texts themselves appear only as moderated quotes.

Markers: a hidden count is "fewer_than_min_cell" (1 to MIN_CELL-1, shown as "fewer than 5") or
"protected" (hidden so that other numbers cannot give it away). A group below MIN_GROUP shows
"fewer_than_min_group" ("fewer than 10 answers"). Any other reason to hide a group's distribution
(everyone answered alike, the group differs from the town by a handful of people) is shown as
"protected" on purpose: naming the reason would tell what it hides.
"""


import datetime as dt
import random
from collections.abc import Iterable, Mapping

from participation import disclosure
from participation.disclosure.policy import Policy, Suppressed
from participation.disclosure.table_gate import QuestionResult, protect
from participation.results.aggregate import LOCALITY, SurveyCounts
from participation.results.gated import gate_survey, public_marker as _marker
from participation.results.structure import SurveyStructure, texts
from participation.results.tables import PlannedTable, plan_tables, policy_for, published_breakdowns, respondents_table

FORMAT = 1
TOWN = "town"
NUMERIC_KINDS = ("scale", "matrix", "number")


def build_snapshot_data(
    survey,
    structure: SurveyStructure,
    counts: SurveyCounts,
    policy: Policy,
    *,
    version: int,
    published_on: dt.date,
    reason: str = "",
    quotes: Iterable[tuple[int, str | None, str]] = (),
    earlier: Iterable[Mapping] = (),
    paper_forms: bool | None = None,
    profiles=None,
) -> dict:
    """Gate every table of the survey and lay the result out in the snapshot format (above).

    `quotes` are (question id, locality slug or None, text) as moderators chose them; `earlier`
    the data of earlier versions still shown, of the same responses (the gate judges the new
    version together with them). `paper_forms` (whether any response came on paper) and
    `profiles` (the respondents as insiders, `queries.insider_profiles`) are read from the
    database when not given.
    """
    quotes_by_question: dict[int, list[dict[str, str]]] = {}
    for question_id, locality, text in quotes:
        group = _quote_group(question_id, locality, structure, counts, policy)
        quotes_by_question.setdefault(question_id, []).append({"group": group, "text": text})
    shuffle = random.SystemRandom().shuffle
    if disclosure.WHOLE_PUBLICATION:
        respondents, gated_tables = _whole_publication(
            survey, structure, counts, policy, quotes_by_question, earlier, paper_forms, profiles
        )
    else:
        respondents, gated_tables = _table_by_table(structure, counts, policy)
    questions = []
    for number, question in enumerate(structure.questions, 1):
        tables = gated_tables.get(question.id, [])
        chosen = quotes_by_question.get(question.id, [])
        shuffle(chosen)
        questions.append(
            {
                "id": question.id,
                "number": number,
                "kind": question.kind,
                "prompt": texts(question, "prompt"),
                "help": texts(question, "help_text"),
                "life_areas": [area.slug for area in question.life_areas],
                "scale": _scale(question),
                "unit": texts(question, "unit"),
                "tables": tables,
                "quotes": chosen,
            }
        )
    return {
        "format": FORMAT,
        "survey": {"slug": survey.slug, "title": texts(survey, "title"), "intro": texts(survey, "intro")},
        "version": version,
        "published_on": published_on.isoformat(),
        "reason": reason,
        "policy": policy.to_dict(),
        "dimensions": [
            {
                "key": breakdown.key,
                "label": dict(breakdown.label),
                "levels": [
                    {"key": f"{breakdown.key}:{level.key}", "label": dict(level.label)}
                    | ({"slug": level.key} if breakdown.key == LOCALITY else {})
                    for level in breakdown.levels
                ],
            }
            for breakdown in structure.breakdowns
        ],
        "respondents": respondents,
        "questions": questions,
    }


def _whole_publication(survey, structure, counts, policy, quotes_by_question, earlier, paper_forms, profiles):
    """Every table through the whole-publication gate (participation.disclosure.gate)."""
    from participation.results import gate_queries as queries

    if paper_forms is None:
        paper_forms = queries.has_paper_forms(survey.id)
    if profiles is None:
        def profiles(layout, groups):
            return queries.insider_profiles(survey.id, structure, layout, groups)
    quote_groups = [
        (question_id, quote["group"])
        for question_id, chosen in quotes_by_question.items()
        for quote in chosen
        if quote["group"] != TOWN
    ]
    return gate_survey(
        structure, counts, policy,
        locality_exact=survey.access_mode == "open" and survey.locality_id is None,
        single_locality=survey.locality_id is not None,
        required_enforced=not paper_forms,
        quote_groups=quote_groups, earlier=list(earlier), profiles=profiles,
    )


def _table_by_table(structure, counts, policy):
    """Every table gated alone (the state before the whole-publication audit; tests only)."""
    by_question = {}
    for info in structure.infos:
        breakdowns = published_breakdowns(info, counts, structure.breakdowns, policy.MIN_CROSS_GROUP)
        planned = plan_tables(info, counts, breakdowns)
        gated = [(table, protect(table.table, policy_for(table, policy))) for table in planned]
        if info.kind == "ranking":
            by_question[info.id] = _ranking_tables(info, gated)
        else:
            by_question[info.id] = [_table_dict(table, result, info.kind) for table, result in gated]
    respondents = respondents_table(structure.localities, counts)
    return _table_dict(respondents, protect(respondents.table, policy_for(respondents, policy)), ""), by_question


def _scale(question) -> dict | None:
    if question.kind not in ("scale", "matrix"):
        return None
    return {
        "min": question.min_value,
        "max": question.max_value,
        "label_min": texts(question, "label_min"),
        "label_max": texts(question, "label_max"),
    }


def _quote_group(question_id: int, locality: str | None, structure, counts: SurveyCounts, policy: Policy) -> str:
    """A quote may stand for a locality only where enough people answered the question there."""
    if locality is None:
        return TOWN
    level = next((choice.id for choice in structure.localities if choice.key == locality), None)
    rows = counts.dimensions[LOCALITY].values.get(level, {})
    answered = sum(count for key, count in rows.items() if key[0] == question_id and key[5])
    return f"{LOCALITY}:{locality}" if level is not None and answered >= policy.MIN_FREE_TEXT_GROUP else TOWN


# ---------------------------------------------------------------------------- gate -> format


def _table_dict(planned: PlannedTable, result: QuestionResult, kind: str) -> dict:
    # In tables that count people per group the small-cell bound is MIN_GROUP.
    small = "fewer_than_min_group" if planned.counts_groups else "fewer_than_min_cell"
    groups = []
    for group in result.groups:
        marker = _marker(group.status)
        cells = [
            {
                "count": cell.count,
                "percent": cell.percent,
                "marker": marker if marker and cell.count is None else _marker(cell.suppressed, small),
            }
            for cell in group.cells
        ]
        groups.append(
            {
                "key": group.key,
                "n": group.n,
                "n_marker": _marker(group.n_suppressed),
                "marker": marker,
                "cells": cells,
                "mean": group.mean,
                "median": _median(planned, cells) if kind in NUMERIC_KINDS else None,
            }
        )
    return {
        "key": planned.key,
        "label": None if planned.label is None else dict(planned.label),
        "measure": planned.measure,
        "categories": [category.to_dict() for category in planned.categories],
        "withheld": result.withheld,
        "groups": groups,
    }


def _median(planned: PlannedTable, cells: list[dict]) -> str | None:
    """The median category, only when every count it rests on is published (then it adds nothing)."""
    ordered = [(category.key, cell["count"]) for category, cell in zip(planned.categories, cells) if category.key != "na"]
    if any(count is None for _, count in ordered):
        return None
    total = sum(count for _, count in ordered)
    if not total:
        return None
    running = 0
    for key, count in ordered:
        running += count
        if 2 * running >= total:
            return key
    return None


def _ranking_tables(info, gated: list[tuple[PlannedTable, QuestionResult]]) -> list[dict]:
    """Per option, its places (gated per place, see tables.py), not ranked and average points.
    Derived numbers appear only where every count they rest on is published."""
    places = [_table_dict(table, result, info.kind) for table, result in gated]
    if not places:
        return []
    top = len(places)
    categories = [
        {"key": f"place{p}", "label": {"de": f"Platz {p}", "en": f"Place {p}"}, "value": top + 1 - p}
        for p in range(1, top + 1)
    ] + [{"key": "not_ranked", "label": {"de": "nicht gewählt", "en": "not ranked"}, "value": 0}]
    first = places[0]
    tables = []
    for index, option in enumerate(info.options):
        groups = []
        for g, first_group in enumerate(first["groups"]):
            n = first_group["n"]
            cells = [dict(place["groups"][g]["cells"][index]) for place in places]
            counts = [cell["count"] for cell in cells]
            if n is not None and all(count is not None for count in counts):
                rest = n - sum(counts)
                cells.append({"count": rest, "percent": _percent(rest, n), "marker": None})
            else:
                cells.append({"count": None, "percent": None, "marker": first_group["marker"] or "protected"})
            for cell in cells:
                cell["percent"] = _percent(cell["count"], n)
            mean = None
            if n and all(cell["count"] is not None for cell in cells):
                mean = round(sum(c["count"] * cat["value"] for c, cat in zip(cells, categories)) / n, 2)
            groups.append(
                {
                    "key": first_group["key"],
                    "n": n,
                    "n_marker": first_group["n_marker"],
                    "marker": first_group["marker"],
                    "cells": cells,
                    "mean": mean,
                    "median": None,
                }
            )
        tables.append(
            {
                "key": f"q{info.id}_{option.key}",
                "label": dict(option.label),
                "measure": "places",
                "categories": categories,
                "withheld": any(place["withheld"] for place in places),
                "groups": groups,
            }
        )
    return tables


def _percent(count: int | None, n: int | None) -> float | None:
    return None if count is None or not n else round(100.0 * count / n, 1)


def quote_rows(quotes: Iterable, localities: Mapping[int, str]) -> list[tuple[int, str | None, str]]:
    """Quote models as plain (question id, locality slug, text)."""
    return [(quote.question_id, localities.get(quote.locality_id), quote.text) for quote in quotes]
