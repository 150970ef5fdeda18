"""The public participation counter of an open survey (PRIVACY.md §4). Pure: no Flask.

While a survey runs, the public sees only how many took part, rounded down to tens, for the town
and per locality; below ten only "fewer than 10". An exact number that moves by one would tell
a neighbour who watched the page when someone in a small locality answered.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STEP = 10


def rounded_down(count: int, step: int = STEP) -> int:
    """`count` rounded down to a multiple of `step`; 0 means "fewer than `step`"."""
    return max(count, 0) // step * step


@dataclass(frozen=True)
class ParticipationCounter:
    #: The whole town (with responses that named no locality), rounded down to tens.
    town: int
    #: (locality name, rounded count) in the order given: every locality, also those without any.
    localities: tuple[tuple[str, int], ...]


def participation_counter(
    counts: Mapping[int | None, int], localities: Sequence[tuple[int, str]]
) -> ParticipationCounter:
    """Round the exact `counts` per locality id (None: no locality named) for publication.

    `localities` are (id, name) pairs in the order to show.
    """
    return ParticipationCounter(
        town=rounded_down(sum(counts.values())),
        localities=tuple((name, rounded_down(counts.get(locality_id, 0))) for locality_id, name in localities),
    )
