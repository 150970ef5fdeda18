"""What a result page shows, read from a snapshot: tables of formatted cells, markers kept as
markers (the page words them and links them to the explanation). Pure: no Flask, no database.

The page and the JSON API read the same snapshot, so their numbers agree by construction; this
module only chooses rows and columns and formats numbers for the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from participation.results.charts import ChartData, ChartWords, chart_data, mean, number, percent

TOWN = "town"
SINGLE_TABLE_MEASURES = ("distribution", "answered")


@dataclass(frozen=True)
class Label:
    text: str
    lang: str  # the language of the text: differs from the page's when English is missing


@dataclass(frozen=True)
class Cell:
    text: str = ""
    marker: str | None = None  # "fewer_than_min_cell" | "protected" | "fewer_than_min_group"
    span: int = 1


@dataclass(frozen=True)
class Column:
    key: str  # what the column holds: "count", "percent", "mean", "n", "answer", "locality", ...
    label: Label | None = None  # set for columns named by the data (an option, a locality)


@dataclass(frozen=True)
class Row:
    label: Label | None  # None: the row names a column key (e.g. "n")
    cells: tuple[Cell, ...]
    key: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    wide: bool = False  # more columns than a phone shows: scrolls inside its own box


#: Up to this many columns a table fits a phone (answer, count, share); wider ones scroll in a box
#: of their own (focusable, so the arrow keys scroll it).
PHONE_COLUMNS = 3


def _wide(columns) -> bool:
    return len(columns) > PHONE_COLUMNS


@dataclass(frozen=True)
class Breakdown:
    key: str  # the dimension's key: "locality", "demo17"
    dimension: Label
    table: Table


@dataclass
class QuestionView:
    number: int
    kind: str
    prompt: Label
    help: Label | None
    life_areas: list[str]
    n: Cell  # how many in the group answered
    withheld: str | None = None  # the whole group's results are withheld: the marker
    table: Table | None = None
    mean: Cell | None = None
    median: Label | None = None
    scale: dict | None = None
    unit: Label | None = None  # number questions: what was counted ("Personen")
    chart: ChartData | None = None
    breakdowns: list[Breakdown] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


def label(text: dict | str | None, language: str) -> Label:
    if not text:
        return Label("", language)
    if isinstance(text, str):
        return Label(text, "de")
    if text.get(language):
        return Label(text[language], language)
    return Label(text.get("de", ""), "de")


def _group(table: dict, key: str) -> dict | None:
    return next((group for group in table["groups"] if group["key"] == key), None)


def _count_cell(cell: dict, language: str) -> Cell:
    if cell["marker"] or cell["count"] is None:
        return Cell(marker=cell["marker"] or "protected")
    return Cell(number(cell["count"], language))


def _both(cell: dict, language: str) -> Cell:
    """Percentage with the count in brackets, or the marker."""
    if cell["marker"] or cell["count"] is None:
        return Cell(marker=cell["marker"] or "protected")
    if cell["percent"] is None:
        return Cell(number(cell["count"], language))
    return Cell(f"{percent(cell['percent'], language)} ({number(cell['count'], language)})")


def _share_cell(cell: dict, language: str) -> Cell:
    """Only the percentage (breakdowns: the group's n stands beside it; counts are in the API)."""
    if cell["marker"] or cell["count"] is None:
        return Cell(marker=cell["marker"] or "protected")
    if cell["percent"] is None:
        return Cell(number(cell["count"], language))
    return Cell(percent(cell["percent"], language))


def _n_cell(group: dict | None, language: str) -> Cell:
    if group is None:
        return Cell(marker="protected")
    if group["n"] is None:
        return Cell(marker=group["n_marker"] or "protected")
    return Cell(number(group["n"], language))


def _mean_cell(group: dict, language: str) -> Cell:
    if group["marker"]:
        return Cell(marker=group["marker"])
    return Cell(marker="protected") if group["mean"] is None else Cell(mean(group["mean"], language))


def _withheld(table: dict, group: dict | None) -> str | None:
    if table["withheld"] or group is None:
        return "protected"
    return group["marker"]


def group_n(question: dict, group_key: str, language: str) -> Cell:
    """How many of the group answered the question (the first table that says)."""
    groups = [_group(table, group_key) for table in question["tables"]]
    for group in groups:
        if group is not None and group["n"] is not None:
            return Cell(number(group["n"], language))
    return _n_cell(next((g for g in groups if g is not None), None), language)


# --- the group's own table ------------------------------------------------------------------


def _distribution_table(table: dict, group: dict, language: str) -> Table:
    rows = []
    for category, cell in zip(table["categories"], group["cells"]):
        if cell["marker"] or cell["count"] is None:
            cells = (Cell(marker=cell["marker"] or "protected", span=2),)
        else:
            share = "" if cell["percent"] is None else percent(cell["percent"], language)
            cells = (Cell(number(cell["count"], language)), Cell(share))
        rows.append(Row(label(category["label"], language), cells, category["key"]))
    return Table((Column("answer"), Column("count"), Column("percent")), tuple(rows))


def _share_table(question: dict, group_key: str, language: str) -> Table:
    rows = []
    for table in question["tables"]:
        group = _group(table, group_key)
        marker = _withheld(table, group)
        if marker:
            cells = (Cell(marker=marker, span=2),)
        else:
            chosen = group["cells"][0]
            if chosen["marker"] or chosen["count"] is None:
                cells = (Cell(marker=chosen["marker"] or "protected", span=2),)
            else:
                cells = (Cell(number(chosen["count"], language)), Cell(percent(chosen["percent"], language)))
        rows.append(Row(label(table["label"], language), cells, table["key"]))
    return Table((Column("answer"), Column("chosen"), Column("percent")), tuple(rows))


def _items_table(question: dict, group_key: str, language: str) -> Table:
    """Matrix items or ranked options: one row each, its distribution and its mean."""
    categories = question["tables"][0]["categories"]
    first = "item" if question["kind"] == "matrix" else "answer"
    # The mean comes first: on a phone it is what shows without scrolling the table sideways.
    columns = [Column(first), Column("mean" if question["kind"] == "matrix" else "points")]
    columns += [Column("category", label(c["label"], language)) for c in categories]
    rows = []
    for table in question["tables"]:
        group = _group(table, group_key)
        marker = _withheld(table, group)
        if marker:
            cells = (Cell(marker=marker, span=len(columns) - 1),)
        else:
            cells = (_mean_cell(group, language),) + tuple(_both(cell, language) for cell in group["cells"])
        rows.append(Row(label(table["label"], language), cells, table["key"]))
    return Table(tuple(columns), tuple(rows), wide=_wide(columns))


# --- breakdowns: the same question for every level of a dimension, beside the whole town --------


def _levels(dimension: dict, language: str) -> list[tuple[str, Label]]:
    return [(level["key"], label(level["label"], language)) for level in dimension["levels"]]


def _single_breakdown(table: dict, levels: list[tuple[str, Label]], language: str) -> Table:
    has_mean = any(group["mean"] is not None for group in table["groups"])
    columns = [Column("group"), Column("n")]
    columns += [Column("category", label(c["label"], language)) for c in table["categories"]]
    if has_mean:
        columns.append(Column("mean"))
    rows = []
    for key, name in levels:
        group = _group(table, key)
        if group is None:
            continue
        n = _n_cell(group, language)
        marker = _withheld(table, group)
        if marker:
            rest = (Cell(marker=marker, span=len(columns) - 2),) if n.marker != marker else ()
            rows.append(Row(name, (Cell(n.text, n.marker, span=1 if rest else len(columns) - 1),) + rest, key))
            continue
        cells = [n] + [_share_cell(cell, language) for cell in group["cells"]]
        if has_mean:
            cells.append(_mean_cell(group, language))
        rows.append(Row(name, tuple(cells), key))
    return Table(tuple(columns), tuple(rows), wide=_wide(columns))


def _multi_breakdown(question: dict, levels: list[tuple[str, Label]], language: str) -> Table:
    """Options or items as rows, levels as columns; each cell the share chosen or the mean."""
    measure = question["tables"][0]["measure"]
    present = [(key, name) for key, name in levels if _group(question["tables"][0], key) is not None]
    first = "item" if question["kind"] == "matrix" else "answer"
    columns = (Column(first),) + tuple(Column("group", name) for _, name in present)
    rows = [Row(None, tuple(group_n(question, key, language) for key, _ in present), "n")]
    for table in question["tables"]:
        cells = []
        for key, _ in present:
            group = _group(table, key)
            marker = _withheld(table, group)
            if marker:
                cells.append(Cell(marker=marker))
            elif measure == "share":
                cells.append(_share_cell(group["cells"][0], language))
            else:
                cells.append(_mean_cell(group, language))
        rows.append(Row(label(table["label"], language), tuple(cells), table["key"]))
    return Table(columns, tuple(rows), wide=_wide(columns))


def _breakdowns(question: dict, snapshot: dict, language: str, town_label: Label) -> list[Breakdown]:
    result = []
    for dimension in snapshot["dimensions"]:
        levels = [(TOWN, town_label)] + _levels(dimension, language)
        if question["tables"][0]["measure"] in SINGLE_TABLE_MEASURES and question["kind"] != "matrix":
            table = _single_breakdown(question["tables"][0], levels, language)
        else:
            table = _multi_breakdown(question, levels, language)
        if len(table.rows) > 1:
            result.append(Breakdown(dimension["key"], label(dimension["label"], language), table))
    return result


# --- a whole question --------------------------------------------------------------------------


def question_view(
    question: dict, snapshot: dict, group_key: str, language: str, words: ChartWords, town_label: Label,
) -> QuestionView:
    first = question["tables"][0] if question["tables"] else None
    view = QuestionView(
        number=question["number"],
        kind=question["kind"],
        prompt=label(question["prompt"], language),
        help=label(question["help"], language) if (question.get("help") or {}).get("de") else None,
        life_areas=list(question.get("life_areas") or []),
        n=group_n(question, group_key, language) if first else Cell(marker="protected"),
        scale=question.get("scale"),
        unit=label(question["unit"], language) if (question.get("unit") or {}).get("de") else None,
        quotes=[quote["text"] for quote in question.get("quotes", []) if quote["group"] == group_key],
    )
    if first is None:
        view.withheld = "protected"
        return view
    group = _group(first, group_key)
    single = first["measure"] in SINGLE_TABLE_MEASURES and question["kind"] != "matrix"
    if single:
        view.withheld = _withheld(first, group)
        if not view.withheld:
            view.table = _distribution_table(first, group, language)
            view.mean = None if group["mean"] is None else Cell(mean(group["mean"], language))
            median = next((c for c in first["categories"] if c["key"] == group["median"]), None)
            view.median = label(median["label"], language) if median else None
    else:
        markers = {_withheld(table, _group(table, group_key)) for table in question["tables"]}
        if None not in markers:
            view.withheld = "fewer_than_min_group" if markers == {"fewer_than_min_group"} else "protected"
        elif first["measure"] == "share":
            view.table = _share_table(question, group_key, language)
        else:
            view.table = _items_table(question, group_key, language)
    view.chart = chart_data(question, group_key, language, words)
    if group_key == TOWN:
        view.breakdowns = _breakdowns(question, snapshot, language, town_label)
    return view


def published_for(question: dict, group_key: str) -> bool:
    """Whether the question has tables for this group at all (the locality question, say, is not
    broken down by locality: its page leaves it out rather than call it protected)."""
    return any(_group(table, group_key) is not None for table in question["tables"])


def respondents_table(snapshot: dict, language: str) -> Table | None:
    """Who took part, by locality (the whole town's view)."""
    table = snapshot.get("respondents")
    group = _group(table, TOWN) if table else None
    if group is None or _withheld(table, group):
        return None
    counts = _distribution_table(table, group, language)
    return Table((Column("locality"),) + counts.columns[1:], counts.rows)


def respondents_n(snapshot: dict, group_key: str, language: str) -> Cell:
    """How many took part: the town's n, or a locality's cell of the town's respondents table."""
    table = snapshot.get("respondents")
    town = _group(table, TOWN) if table else None
    if town is None or table["withheld"]:
        return Cell(marker="protected")
    if group_key == TOWN:
        return _n_cell(town, language)
    slug = group_key.split(":", 1)[1]
    index = next((i for i, c in enumerate(table["categories"]) if c["key"] == slug), None)
    if index is None or town["marker"]:
        return Cell(marker=town["marker"] or "protected")
    return _count_cell(town["cells"][index], language)


def locality_level(snapshot: dict, slug: str) -> dict | None:
    """The published level of a locality, by its slug (None: not published in this snapshot)."""
    for dimension in snapshot["dimensions"]:
        if dimension["key"] == "locality":
            return next((level for level in dimension["levels"] if level.get("slug") == slug), None)
    return None


def localities(snapshot: dict) -> list[dict]:
    return next((d["levels"] for d in snapshot["dimensions"] if d["key"] == "locality"), [])


def has_markers(views: list[QuestionView]) -> bool:
    """Whether anything on the page is hidden (then the explanation is needed near the top)."""
    def cells(table: Table | None):
        return [cell for row in table.rows for cell in row.cells] if table else []

    for view in views:
        found = view.withheld or view.n.marker or any(cell.marker for cell in cells(view.table))
        found = found or any(cell.marker for b in view.breakdowns for cell in cells(b.table))
        if found:
            return True
    return False
