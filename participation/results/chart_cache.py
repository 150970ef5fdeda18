"""Charts are drawn once per snapshot, language and group, on first request, and kept.

A snapshot never changes, so neither does its chart. Two workers may draw the same chart at the same
moment: the insert ignores a row that is already there, and the first one stays.
"""

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from participation.extensions import db
from participation.results import charts, queries
from participation.results.models import ResultChart


def chart_key(number: int, group_key: str) -> str:
    return f"q{number}/{group_key}"


def store_chart(snapshot_id: int, key: str, language: str, svg: str) -> None:
    """Keep a rendered chart, unless another request kept the same one first.

    It is written in a short transaction of its own: the page request that asked for it is a read,
    and on SQLite turning a read transaction into a write fails at once if another worker wrote
    meanwhile, while a transaction that starts with the write waits for the lock.
    """
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(ResultChart)
        .values(snapshot_id=snapshot_id, key=key, language=language, svg=svg)
        .on_conflict_do_nothing(index_elements=["snapshot_id", "key", "language"])
    )
    with db.engine.begin() as connection:
        connection.execute(statement)


def cached_svg(snapshot_id: int, number: int, locality_slug: str | None, language: str) -> str | None:
    """A chart drawn before, or None."""
    group_key = "town" if locality_slug is None else f"locality:{locality_slug}"
    return queries.get_chart_svg(snapshot_id, chart_key(number, group_key), language)


def draw_and_keep(
    snapshot_id: int, question: dict, group_key: str, language: str, words: charts.ChartWords, title: str
) -> str | None:
    """Draw a question's chart for a group and keep it; None when there is nothing to draw."""
    data = charts.chart_data(question, group_key, language, words)
    if data is None:
        return None
    svg = charts.render_svg(data, title, charts.describe(data))
    store_chart(snapshot_id, chart_key(question["number"], group_key), language, svg)
    return svg
