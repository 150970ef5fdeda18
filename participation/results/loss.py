"""How much of a survey's results the privacy gate hides: the analyst's information-loss figures.

Counted from the snapshot data alone (results/snapshots.py), so the preview and every published
version are measured the same way, whichever gate produced them. Pure: a dict in, numbers out.

What counts as one number: every cell of every group of every table (of `data["respondents"]` and
of each question's tables), every group's n, and every group's mean where the table has one (its
categories carry numeric values: scales, matrices, rankings). A cell with `count` not None is
published; otherwise it is hidden under its `marker`. An n that is None is hidden under its
`n_marker`. A missing marker falls back to the group's marker, then to "protected" (a withheld
table hides everything without naming why). A mean that cannot exist (nobody gave a numeric
answer, all of whose counts are published) is not a number and is not counted.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: The order the markers are listed in: the thresholds first, then the rest.
MARKERS = ("fewer_than_min_cell", "fewer_than_min_group", "protected")
FALLBACK = "protected"


@dataclass(frozen=True)
class Loss:
    published: int = 0
    #: Hidden numbers per marker ("fewer_than_min_cell", "fewer_than_min_group", "protected").
    hidden: dict[str, int] = field(default_factory=dict)

    @property
    def hidden_total(self) -> int:
        return sum(self.hidden.values())

    @property
    def total(self) -> int:
        return self.published + self.hidden_total

    @property
    def published_share(self) -> float | None:
        """Published numbers as a share of all (None when there is nothing to count)."""
        return self.published / self.total if self.total else None

    def by_marker(self) -> list[tuple[str, int]]:
        """(marker, count) for every marker with hidden numbers, known markers first."""
        known = [(marker, self.hidden[marker]) for marker in MARKERS if self.hidden.get(marker)]
        other = sorted((marker, n) for marker, n in self.hidden.items() if marker not in MARKERS and n)
        return known + other


def count_loss(data: dict) -> Loss:
    """Published and hidden numbers of one snapshot's data."""
    published = 0
    hidden: Counter[str] = Counter()
    for table in _tables(data):
        has_mean = any(category.get("value") is not None for category in table.get("categories", []))
        numeric = [category.get("value") is not None for category in table.get("categories", [])]
        for group in table.get("groups", []):
            group_marker = group.get("marker")
            for cell in group.get("cells", []):
                if cell.get("count") is not None:
                    published += 1
                else:
                    hidden[cell.get("marker") or group_marker or FALLBACK] += 1
            if group.get("n") is not None:
                published += 1
            else:
                hidden[group.get("n_marker") or group_marker or FALLBACK] += 1
            if has_mean and _mean_exists(group, numeric):
                if group.get("mean") is not None:
                    published += 1
                else:
                    hidden[group_marker or FALLBACK] += 1
    return Loss(published, dict(hidden))


def _tables(data: dict) -> Iterable[dict]:
    if data.get("respondents"):
        yield data["respondents"]
    for question in data.get("questions", []):
        yield from question.get("tables", [])


def _mean_exists(group: dict, numeric: list[bool]) -> bool:
    """False only when the published numbers show that nobody gave a numeric answer."""
    if group.get("mean") is not None:
        return True
    if group.get("n") == 0:
        return False
    counts = [cell.get("count") for cell, is_numeric in zip(group.get("cells", []), numeric) if is_numeric]
    return not counts or any(count is None or count > 0 for count in counts)
