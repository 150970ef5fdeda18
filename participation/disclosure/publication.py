"""What the whole-publication gate takes in and gives back: plain data, no application types.

A *publication* is everything one version of a survey's results shows: every table of every
question, the respondents table, and what quotes and the participation counter tell. Next to the
true counts it carries the structure any resident can read in the questionnaire (`Question`) and
the earlier versions still shown (`Shown`), because a reader combines all of them.

Groups are keyed "town", "<dimension>:<level>" and "<dimension>:(none)" (the *residual*: who gave no
level of that dimension; never published, but a reader can form it by differencing). Every table
has true counts for every group, published or not: a table broken down by locality only still
counts each age band's answers, which a reader does not see but which still add up.

Measures (how the categories of a table relate to its n):
- "distribution": exclusive categories adding up to n (single, scale, matrix item, number bins,
  locality, demographic);
- "share": chosen / not chosen of one option of a multiple-choice question (n shared by its options);
- "places": place 1..N and not ranked of one option of a ranking (n shared by its options);
- "answered": answered / not answered of a text question, over everybody in the group;
- "respondents": the respondents table: categories are the localities (and "none"), its n the town.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from participation.disclosure.policy import Policy, Suppressed

TOWN = "town"
RESIDUAL = "(none)"
LOCALITY = "locality"


def residual(dimension: str) -> str:
    return f"{dimension}:{RESIDUAL}"


@dataclass(frozen=True)
class Question:
    """What the questionnaire tells every reader about one question."""

    id: int
    kind: str
    required: bool = False
    #: Shown only to who chose one of these categories of another question: (question id, keys).
    show_if: tuple[int, tuple[str, ...]] | None = None
    max_choices: int | None = None
    #: A number question without a lower end: answers below the bins are counted nowhere.
    open_below: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    question: int | None  # None: the respondents table
    measure: str
    categories: tuple[str, ...]
    #: The true counts per category for every group (published or not, residuals included).
    counts: Mapping[str, tuple[int, ...]]
    #: The groups this table shows, the town first.
    shown_groups: tuple[str, ...]
    #: Numeric value per category (None: no value, e.g. "keine Angabe"); a mean is published.
    values: tuple[float | None, ...] | None = None
    #: Counts of people per group (locality, demographic, respondents): held to MIN_GROUP.
    counts_groups: bool = False
    #: Option key within its question (share and places tables).
    option: str | None = None

    def n(self, group: str) -> int:
        return sum(self.counts[group])


@dataclass(frozen=True)
class Publication:
    policy: Policy
    #: Dimension key -> its levels' group keys (without the residual), localities first.
    dimensions: Mapping[str, tuple[str, ...]]
    sizes: Mapping[str, int]  # true number of respondents per group (residuals included)
    tables: Sequence[Table]
    questions: Mapping[int, Question]
    #: Required questions were answered by everybody who saw them (false once paper forms exist:
    #: a paper form cannot insist on an answer).
    required_enforced: bool = True
    #: Everybody without a locality answer is in "no locality" (an open survey for the whole town):
    #: the locality question's n in a locality is that locality's size.
    locality_exact: bool = True
    #: The survey is for one locality: nobody is in "no locality".
    single_locality: bool = False
    #: What the participation counter showed, rounded down to tens: group -> value.
    counter: Mapping[str, int] = field(default_factory=dict)
    #: (text question id, group) for quotes shown for a group: MIN_FREE_TEXT_GROUP answered there.
    quotes: Sequence[tuple[int, str]] = ()
    #: Earlier versions still shown, of the very same responses.
    earlier: Sequence[Shown] = ()
    #: Insiders are checked when given: called with groups of one person, it returns the
    #: respondents in them as each knows themselves (`Profile`). Everybody else the counts describe.
    profiles: object = None  # Callable[[Collection[str]], Iterable[Profile]] | None

    @property
    def groups(self) -> tuple[str, ...]:
        groups = [TOWN]
        for dimension, levels in self.dimensions.items():
            groups += [*levels, residual(dimension)]
        return tuple(groups)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


@dataclass(frozen=True)
class Profile:
    """One respondent as they know themselves: their groups and, per table, their category
    (None: they did not answer the question)."""

    groups: tuple[str, ...]
    categories: Mapping[str, str | None]


# ------------------------------------------------------------------------------------ output


@dataclass
class GroupShown:
    """What one group of one table shows: a number is shown where its marker is None."""

    n: Suppressed | None
    cells: list[Suppressed | None]
    mean: bool  # the mean is shown (numeric tables)
    status: Suppressed | None = None  # why the whole distribution is hidden, if it is

    def copy(self) -> GroupShown:
        return GroupShown(self.n, list(self.cells), self.mean, self.status)


@dataclass
class Shown:
    """What a version shows: table key -> group -> GroupShown, with the counts it shows (an
    earlier version's are read from its published data; the policy is that version's)."""

    policy: Policy
    tables: dict[str, dict[str, GroupShown]]
    #: table key -> group -> (n or None, [count or None, ...], mean or None) as published.
    numbers: dict[str, dict[str, tuple[int | None, list[int | None], float | None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """The gate's answer: what the new version shows, and how much the whole audit hid."""

    shown: Shown
    secondary: int  # numbers hidden beyond the primary rules
    rounds: int  # LP solves
