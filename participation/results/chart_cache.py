"""Charts are drawn once per snapshot, language and group, on first request, and kept.

A snapshot never changes, so neither does its chart. Two workers may draw the same chart at the same
moment: the insert ignores a row that is already there, and the first one stays.
"""

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from participation.extensions import db
from participation.results import charts, queries
from participation.results.draw import draw_elsewhere
from participation.results.models import ResultChart


def chart_key(number: int, group_key: str) -> str:
    return f"q{number}/{group_key}"


def store_charts(snapshot_id: int, language: str, charts_by_key: dict[str, str]) -> None:
    """Keep rendered charts, except those another request kept first (the first one stays).

    They are written in a short transaction of their own: the page request that asked for them is
    a read, and on SQLite turning a read transaction into a write fails at once if another worker
    wrote meanwhile, while a transaction that starts with the write waits for the lock.
    """
    if not charts_by_key:
        return
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(ResultChart).on_conflict_do_nothing(index_elements=["snapshot_id", "key", "language"])
    rows = [{"snapshot_id": snapshot_id, "key": key, "language": language, "svg": svg} for key, svg in charts_by_key.items()]
    with db.engine.begin() as connection:
        connection.execute(statement, rows)


def cached_svg(snapshot_id: int, number: int, locality_slug: str | None, language: str) -> str | None:
    """A chart drawn before, or None."""
    group_key = "town" if locality_slug is None else f"locality:{locality_slug}"
    return queries.get_chart_svg(snapshot_id, chart_key(number, group_key), language)


def draw_and_keep(
    snapshot_id: int, data: dict, number: int, group_key: str, language: str, words: charts.ChartWords, title_of
) -> str | None:
    """Draw the chart of question `number` for a group and keep it; None when there is nothing to draw.

    The charts of all other questions for the same group and language are drawn with it, in one
    helper process (draw.py): a page asks for all of them at once, and starting the process costs
    more than drawing a dozen charts.
    """
    jobs = {}
    for question in data["questions"]:
        chart = charts.chart_data(question, group_key, language, words)
        if chart is not None:
            jobs[chart_key(question["number"], group_key)] = (chart, title_of(question), charts.describe(chart))
    key = chart_key(number, group_key)
    if key not in jobs:
        return None
    drawn = dict(zip(jobs, draw_elsewhere(list(jobs.values())), strict=True))
    store_charts(snapshot_id, language, drawn)
    return drawn[key]
