"""A survey's counts and questionnaire as the whole-publication gate's input (disclosure.publication).

Pure (the insider check reads answers through `gate_queries`). Every table of
every question is counted in every group, whether or not the table publishes that group: a reader
does not see the age bands of the locality question, but they still add up to its town counts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from participation.disclosure.policy import Policy
from participation.disclosure.publication import (
    LOCALITY,
    RESIDUAL,
    TOWN,
    Profile,
    Publication,
    Question,
    Shown,
    Table,
)
from participation.results.aggregate import DimensionCounts, SurveyCounts
from participation.results.tables import (
    GROUP_KINDS,
    NO_LOCALITY,
    Breakdown,
    Category,
    QuestionInfo,
    _categories,
    _distribution_vectors,
    _Level,
    published_breakdowns,
)

NUMERIC_KINDS = ("scale", "matrix")


def group_key(breakdown: Breakdown, level_id: int | None) -> str:
    if level_id is None:
        return f"{breakdown.key}:{RESIDUAL}"
    return f"{breakdown.key}:{next(c.key for c in breakdown.levels if c.id == level_id)}"


def ranking_categories(info: QuestionInfo) -> tuple[Category, ...]:
    top = info.places
    places = tuple(
        Category(f"place{p}", {"de": f"Platz {p}", "en": f"Place {p}"}, top + 1 - p) for p in range(1, top + 1)
    )
    return places + (Category("not_ranked", {"de": "nicht gewählt", "en": "not ranked"}, 0),)


def question_vectors(info: QuestionInfo, level: _Level) -> dict[str, list[int]]:
    """Table key -> counts per category of one question in one level, in the published layout
    (rankings per option: its places and not ranked)."""
    vectors = {key: counts for key, (_, counts) in _distribution_vectors(info, level).items()}
    if info.kind != "ranking":
        return vectors
    tables = {}
    for index, option in enumerate(info.options):
        places = [vectors[f"q{info.id}_place{p}"][index] for p in range(1, info.places + 1)]
        tables[f"q{info.id}_{option.key}"] = places + [level.answered - sum(places)]
    return tables


def table_layout(info: QuestionInfo) -> list[tuple[str, str, tuple[Category, ...], str | None]]:
    """(key, measure, categories, option key) of every table of a question."""
    if info.kind == "ranking":
        return [(f"q{info.id}_{o.key}", "places", ranking_categories(info), o.key) for o in info.options]
    empty = _Level(DimensionCounts(), None, info.id)
    layout = []
    for key, ((measure, detail), _) in _distribution_vectors(info, empty).items():
        categories = _categories(info, measure)
        option = detail.key if measure == "share" else None
        layout.append((key, measure, categories, option))
    return layout


def survey_publication(
    structure,
    counts: SurveyCounts,
    policy: Policy,
    *,
    questions: Mapping[int, Question],
    required_enforced: bool,
    locality_exact: bool,
    single_locality: bool,
    quotes: Iterable[tuple[int, str]] = (),
    earlier: Iterable[Shown] = (),
    profiles: Callable[[Collection[str]], Iterable[Profile]] | None = None,
) -> tuple[Publication, dict[str, tuple]]:
    """The gate's input, and per table key its (question info or None, categories, measure)."""
    breakdowns = structure.breakdowns
    dimensions = {b.key: tuple(f"{b.key}:{c.key}" for c in b.levels) for b in breakdowns}
    sizes: dict[str, int] = {}
    for breakdown in breakdowns:
        for level, count in counts.dimensions[breakdown.key].respondents.items():
            sizes[group_key(breakdown, level)] = sizes.get(group_key(breakdown, level), 0) + count
    sizes[TOWN] = sum(counts.dimensions[LOCALITY].respondents.values())
    tables: list[Table] = [_respondents(structure, counts, sizes, dimensions)]
    localities = tuple(Category(c.key, c.label) for c in structure.localities) + (Category("none", NO_LOCALITY),)
    layout: dict[str, tuple] = {"respondents": (None, localities, "respondents")}
    for info in structure.infos:
        per_group: dict[str, dict[str, list[int]]] = {}
        for breakdown in breakdowns:
            dimension = counts.dimensions[breakdown.key]
            for level in {None, *(c.id for c in breakdown.levels)} | dimension.respondents.keys():
                per_group[group_key(breakdown, level)] = question_vectors(info, _Level(dimension, level, info.id))
        locality = counts.dimensions[LOCALITY]
        town: dict[str, list[int]] = {}
        for level in {None, *locality.respondents.keys()}:
            for key, vector in question_vectors(info, _Level(locality, level, info.id)).items():
                town[key] = [a + b for a, b in zip(town.get(key, [0] * len(vector)), vector)]
        shown_groups = (TOWN,) + tuple(
            g for b in published_breakdowns(info, counts, breakdowns, policy.MIN_CROSS_GROUP) for g in dimensions[b.key]
        )
        for key, measure, categories, option in table_layout(info):
            if len(categories) < 2:
                continue
            group_counts = {g: tuple(vectors[key]) for g, vectors in per_group.items()}
            group_counts[TOWN] = tuple(town.get(key, [0] * len(categories)))
            numeric = info.kind in NUMERIC_KINDS or info.kind == "ranking"
            tables.append(Table(
                key=key, question=info.id, measure=measure, categories=tuple(c.key for c in categories),
                counts=group_counts, shown_groups=shown_groups,
                values=tuple(c.value for c in categories) if numeric else None,
                counts_groups=info.kind in GROUP_KINDS, option=option,
            ))
            layout[key] = (info, categories, measure)
    publication = Publication(
        policy=policy, dimensions=dimensions, sizes=sizes, tables=tables, questions=questions,
        required_enforced=required_enforced, locality_exact=locality_exact, single_locality=single_locality,
        counter=_counter(sizes, dimensions), quotes=tuple(quotes), earlier=tuple(earlier), profiles=profiles,
    )
    return publication, layout


def _respondents(structure, counts: SurveyCounts, sizes, dimensions) -> Table:
    """How many took part per locality (and "none"): its cells are the locality groups' sizes."""
    respondents = counts.dimensions[LOCALITY].respondents
    keys = tuple(c.key for c in structure.localities) + ("none",)
    vector = tuple(respondents.get(c.id, 0) for c in structure.localities) + (respondents.get(None, 0),)
    group_counts = {g: tuple(0 for _ in keys) for g in sizes}
    group_counts[TOWN] = vector
    return Table("respondents", None, "respondents", keys, group_counts, (TOWN,), counts_groups=True)


def _counter(sizes: Mapping[str, int], dimensions) -> dict[str, int]:
    """The participation counter (surveys/counter.py): town and localities, rounded down to tens."""
    groups = [TOWN, *dimensions.get(LOCALITY, ())]
    return {g: sizes.get(g, 0) // 10 * 10 for g in groups}


def profile_of(structure, answers: list[tuple], locality: int | None, layout: Mapping[str, tuple]) -> Profile:
    """One respondent's groups and category per table, from their answer rows
    (question, option, locality, number, abstained, has text)."""
    single = DimensionCounts()
    questions = set()
    for row in answers:
        single.values[None][row] = single.values[None].get(row, 0) + 1
        questions.add(row[0])
    single.answered[None] = {q: 1 for q in questions}
    single.respondents[None] = 1
    groups = [TOWN]
    for breakdown in structure.breakdowns:
        if breakdown.key == LOCALITY:
            level = locality
        else:
            level = next((row[1] for row in answers if row[0] == breakdown.question_id and not row[4]), None)
        groups.append(group_key(breakdown, level if any(c.id == level for c in breakdown.levels) else None))
    categories: dict[str, str | None] = {}
    for info in structure.infos:
        for key, vector in question_vectors(info, _Level(single, None, info.id)).items():
            if key not in layout:
                continue
            _, cats, _ = layout[key]
            index = next((i for i, c in enumerate(vector) if c), None)
            categories[key] = None if index is None else cats[index].key
    return Profile(tuple(groups), categories)
