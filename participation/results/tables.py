"""From counted answers to the tables the privacy gate protects (pure: no Flask, no database).

Each question becomes one or more one-way tables whose categories sum to the group's n, because
that is what the gate models (a proper distribution per group):

- single, demographic, locality, scale, number (in bins): one distribution;
- matrix: one distribution per item (items are answered independently);
- multiple: one chosen / not chosen table per option (options are ticked independently);
- ranking: one distribution over the options per place. Per-option tables would be unsafe: the
  counts of one place over all options add up to the number who filled it, so a hidden count of
  one option could be worked out from the others. Top-N counts and points per option are derived
  afterwards from published counts only (`snapshots.py`);
- short and long text: answered / not answered among all respondents of the group.

Locality and demographic questions describe the groups themselves, so their counts are held to
the group threshold (MIN_GROUP) instead of MIN_CELL: "3 people from Mose took part" is not shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from participation.results.aggregate import LOCALITY, DimensionCounts, SurveyCounts, demographic_dimension
from participation.disclosure.table_gate import Policy, QuestionTable

Text = Mapping[str, str]  # {"de": ..., "en": ...}

NO_ANSWER = {"de": "keine Angabe", "en": "no answer"}
CHOSEN = {"de": "ausgewählt", "en": "chosen"}
NOT_CHOSEN = {"de": "nicht ausgewählt", "en": "not chosen"}
ANSWERED = {"de": "beantwortet", "en": "answered"}
NOT_ANSWERED = {"de": "nicht beantwortet", "en": "not answered"}
NO_LOCALITY = {"de": "keine Ortschaft genannt", "en": "no locality given"}

GROUP_KINDS = ("locality", "demographic")


@dataclass(frozen=True)
class Choice:
    id: int
    key: str  # "o12" for options, the slug for localities
    label: Text


@dataclass(frozen=True)
class QuestionInfo:
    """What tabulation needs to know of a question: plain data, read from the models once."""

    id: int
    kind: str
    options: tuple[Choice, ...] = ()  # options, matrix items, or the localities (locality question)
    min_value: int | None = None
    max_value: int | None = None
    max_choices: int | None = None
    allow_no_answer: bool = False

    @property
    def places(self) -> int:
        count = len(self.options)
        return min(self.max_choices, count) if self.max_choices else count


@dataclass(frozen=True)
class Category:
    key: str
    label: Text
    value: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "label": dict(self.label), "value": self.value}


@dataclass(frozen=True)
class Breakdown:
    """A published dimension: localities, or the options of one demographic question."""

    key: str  # "locality" or "demo17"
    label: Text
    levels: tuple[Choice, ...]
    question_id: int | None = None  # the demographic question it comes from


@dataclass(frozen=True)
class PlannedTable:
    question_id: int
    key: str
    label: Text | None
    measure: str  # distribution, share, place, answered
    categories: tuple[Category, ...]
    table: QuestionTable
    #: Locality and demographic tables count groups: their cells are held to MIN_GROUP.
    counts_groups: bool = False
    place: int | None = None


# ------------------------------------------------------------------------------------ bins


@dataclass(frozen=True)
class Bin:
    low: float
    high: float | None  # None: open at the top

    @property
    def key(self) -> str:
        return f"b{_plain(self.low)}-{'' if self.high is None else _plain(self.high)}"

    @property
    def label(self) -> Text:
        if self.high is None:
            return {"de": f"{_plain(self.low)} und mehr", "en": f"{_plain(self.low)} or more"}
        if self.high == self.low:
            return {"de": _plain(self.low), "en": _plain(self.low)}
        return {"de": f"{_plain(self.low)}–{_plain(self.high)}", "en": f"{_plain(self.low)}–{_plain(self.high)}"}

    def holds(self, value: float) -> bool:
        return value >= self.low and (self.high is None or value < self.high + 1)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def number_bins(low: int | None, high: int | None) -> tuple[Bin, ...]:
    """The bins of a number question, fixed by its allowed range alone (declared before any answer):
    single values for short ranges, five equal bins for long ones, widening bins when open-ended."""
    low = 0 if low is None else low
    if high is not None and high - low + 1 <= 7:
        return tuple(Bin(value, value) for value in range(low, high + 1))
    if high is not None:
        width = math.ceil((high - low + 1) / 5)
        return tuple(
            Bin(start, min(high, start + width - 1)) for start in range(low, high + 1, width)
        )
    edges = [low, low + 1, low + 2, low + 5, low + 10, low + 20]
    return tuple(Bin(a, b - 1) for a, b in zip(edges, edges[1:])) + (Bin(edges[-1], None),)


# ------------------------------------------------------------------------------ categories


def _scale_categories(info: QuestionInfo) -> tuple[Category, ...]:
    low, high = info.min_value or 1, info.max_value or 5
    categories = tuple(Category(f"v{value}", {"de": str(value), "en": str(value)}, value) for value in range(low, high + 1))
    return categories + ((Category("na", NO_ANSWER),) if info.allow_no_answer else ())


def _choice_categories(info: QuestionInfo) -> tuple[Category, ...]:
    categories = tuple(Category(choice.key, choice.label) for choice in info.options)
    return categories + ((Category("na", NO_ANSWER),) if info.allow_no_answer else ())


class _Level:
    """The counted answers of one question in one breakdown level."""

    def __init__(self, counts: DimensionCounts, level: int | None, question_id: int):
        self.rows = [
            (key, count) for key, count in counts.values.get(level, {}).items() if key[0] == question_id
        ]
        self.answered = counts.answered.get(level, {}).get(question_id, 0)
        self.respondents = counts.respondents.get(level, 0)

    def count(self, option=..., locality=..., number=..., abstained=None, text=None) -> int:
        total = 0
        for (_, o, l, v, a, t), count in self.rows:
            if option is not ... and o != option:
                continue
            if locality is not ... and l != locality:
                continue
            if number is not ... and v != number:
                continue
            if abstained is not None and a != abstained:
                continue
            if text is not None and t != text:
                continue
            total += count
        return total

    def numbers(self, option=...) -> list[tuple[float, int]]:
        return [
            (v, count)
            for (_, o, _l, v, a, _t), count in self.rows
            if v is not None and not a and (option is ... or o == option)
        ]


def _distribution_vectors(info: QuestionInfo, level: _Level) -> dict[str, tuple[tuple[str, object], list[int]]]:
    """Table key -> ((measure, label/place), counts per category) for one question in one level."""
    kind = info.kind
    tables: dict[str, tuple[tuple[str, object], list[int]]] = {}
    key = f"q{info.id}"
    na = [level.count(abstained=True)] if info.allow_no_answer else []
    if kind in ("single", "demographic"):
        tables[key] = (("distribution", None), [level.count(option=c.id, abstained=False) for c in info.options] + na)
    elif kind == "locality":
        tables[key] = (("distribution", None), [level.count(locality=c.id, abstained=False) for c in info.options] + na)
    elif kind == "scale":
        values = range(info.min_value or 1, (info.max_value or 5) + 1)
        tables[key] = (("distribution", None), [level.count(number=float(v), abstained=False) for v in values] + na)
    elif kind == "matrix":
        values = range(info.min_value or 1, (info.max_value or 5) + 1)
        for item in info.options:
            item_na = [level.count(option=item.id, abstained=True)] if info.allow_no_answer else []
            counts = [level.count(option=item.id, number=float(v), abstained=False) for v in values]
            tables[f"{key}_{item.key}"] = (("distribution", item), counts + item_na)
    elif kind == "number":
        bins = number_bins(info.min_value, info.max_value)
        numbers = level.numbers()
        tables[key] = (("distribution", None), [sum(c for v, c in numbers if b.holds(v)) for b in bins])
    elif kind == "multiple":
        for option in info.options:
            chosen = level.count(option=option.id)
            tables[f"{key}_{option.key}"] = (("share", option), [chosen, level.answered - chosen])
    elif kind == "ranking":
        for place in range(1, info.places + 1):
            counts = [level.count(option=c.id, number=float(place)) for c in info.options]
            tables[f"{key}_place{place}"] = (("place", place), counts)
    elif kind in ("short_text", "long_text"):
        answered = level.count(text=True)
        tables[key] = (("answered", None), [answered, level.respondents - answered])
    return tables


def _categories(info: QuestionInfo, measure: str) -> tuple[Category, ...]:
    if info.kind in ("scale", "matrix"):
        return _scale_categories(info)
    if info.kind == "number":
        return tuple(Category(b.key, b.label) for b in number_bins(info.min_value, info.max_value))
    if measure == "share":
        return (Category("chosen", CHOSEN), Category("not_chosen", NOT_CHOSEN))
    if measure == "answered":
        return (Category("answered", ANSWERED), Category("not_answered", NOT_ANSWERED))
    if measure == "place":
        return tuple(Category(c.key, c.label) for c in info.options)
    return _choice_categories(info)


def published_breakdowns(
    info: QuestionInfo, counts: SurveyCounts, breakdowns: Iterable[Breakdown], min_cross_group: int
) -> list[Breakdown]:
    """Which breakdowns a question's tables get (PRIVACY.md §4: one-way tables only).

    Most questions are broken down by locality and by each demographic question. A demographic or
    locality question broken down by another group would be a cross table of two groups (age band
    × locality, age band × gender): age × locality only where every locality that took part has
    at least `min_cross_group` respondents, two demographics never."""
    respondents = counts.dimensions[LOCALITY].respondents
    localities_large = all(
        count >= min_cross_group for level, count in respondents.items() if level is not None and count > 0
    )
    chosen = []
    for breakdown in breakdowns:
        if info.kind == "locality" and breakdown.key == LOCALITY:
            continue
        if info.kind == "demographic":
            if breakdown.key == demographic_dimension(info.id):
                continue
            if breakdown.key != LOCALITY or not localities_large:
                continue
        if info.kind == "locality" and not localities_large:
            continue
        chosen.append(breakdown)
    return chosen


def plan_tables(
    info: QuestionInfo, counts: SurveyCounts, breakdowns: Iterable[Breakdown]
) -> list[PlannedTable]:
    """The gate's input tables for one question: the town plus the given breakdowns (see
    `published_breakdowns` for which those may be)."""
    localities = counts.dimensions[LOCALITY]
    town: dict[str, list[int]] = {}
    shapes: dict[str, tuple[str, object]] = {}
    for level in localities.respondents.keys() | localities.values.keys():
        for key, (shape, vector) in _distribution_vectors(info, _Level(localities, level, info.id)).items():
            shapes[key] = shape
            town[key] = [a + b for a, b in zip(town.get(key, [0] * len(vector)), vector, strict=True)]
    if not town:  # nobody answered anything: tables of zeros
        empty = _Level(DimensionCounts(), None, info.id)
        for key, (shape, vector) in _distribution_vectors(info, empty).items():
            shapes[key], town[key] = shape, vector
    dimensions: dict[str, dict[str, dict[str, list[int]]]] = {key: {} for key in town}
    for breakdown in breakdowns:
        dim_counts = counts.dimensions[breakdown.key]
        for choice in breakdown.levels:
            vectors = _distribution_vectors(info, _Level(dim_counts, choice.id, info.id))
            for key in town:
                dimensions[key].setdefault(breakdown.key, {})[choice.key] = vectors[key][1]
    planned = []
    for key, counts_town in town.items():
        (measure, detail) = shapes[key]
        categories = _categories(info, measure)
        if len(categories) < 2:
            continue
        numeric = [c.value for c in categories] if info.kind in ("scale", "matrix") else None
        table = QuestionTable.build(
            [c.key for c in categories], counts_town, dimensions[key], values=numeric
        )
        planned.append(
            PlannedTable(
                question_id=info.id,
                key=key,
                label=detail.label if isinstance(detail, Choice) else None,
                measure=measure,
                categories=categories,
                table=table,
                counts_groups=info.kind in GROUP_KINDS,
                place=detail if measure == "place" else None,
            )
        )
    return planned


def respondents_table(localities: tuple[Choice, ...], counts: SurveyCounts) -> PlannedTable:
    """How many took part, by locality (with "none given"), held to the group threshold."""
    town_counts = counts.dimensions[LOCALITY].respondents
    categories = tuple(Category(c.key, c.label) for c in localities) + (Category("none", NO_LOCALITY),)
    vector = [town_counts.get(c.id, 0) for c in localities] + [town_counts.get(None, 0)]
    table = QuestionTable.build([c.key for c in categories], vector)
    return PlannedTable(0, "respondents", None, "distribution", categories, table, counts_groups=True)


def policy_for(planned: PlannedTable, policy: Policy) -> Policy:
    """Group-describing tables hide counts below MIN_GROUP, not just below MIN_CELL."""
    return replace(policy, MIN_CELL=max(policy.MIN_CELL, policy.MIN_GROUP)) if planned.counts_groups else policy
