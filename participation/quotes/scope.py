"""For which groups a question's free-text answers may be quoted (PRIVACY.md §3, §4). Pure.

Free text is never shown for a group smaller than MIN_FREE_TEXT_GROUP. A locality may be named
next to an answer (to moderators) or a quote (in public) only when it has that many text answers
to the question. Naming the large localities says something about the answers left unnamed too:
they come from the small localities or from nowhere in particular. So the unnamed rest must be
empty or large enough itself; if it is not, the smallest named locality joins it.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteScope:
    #: Text answers to the question, all localities together.
    total: int
    #: The localities that may be named.
    localities: frozenset[int]
    #: Whether any quote may be published for the question at all (the whole town is a group too).
    quotable: bool


def quote_scope(counts: Mapping[int | None, int], minimum: int) -> QuoteScope:
    """The scope for a question whose text answers number `counts[locality_id]` (None: no locality)."""
    total = sum(counts.values())
    if total < minimum:
        return QuoteScope(total, frozenset(), False)
    named = {locality for locality, count in counts.items() if locality is not None and count >= minimum}
    rest = total - sum(counts[locality] for locality in named)
    if 0 < rest < minimum and named:
        # The smallest named locality has at least `minimum` answers, so one step is enough.
        named.remove(min(named, key=lambda locality: (counts[locality], locality)))
    return QuoteScope(total, frozenset(named), True)
