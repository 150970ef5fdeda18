"""The primary rules of PRIVACY.md §3, applied to every group of every table of a publication.

Per group, in this order:
  1. n < MIN_GROUP: nothing of the group is shown, n included ("fewer than MIN_GROUP").
  2. n < HOMOGENEITY_GROUP and one category holds all n: the distribution is hidden (n shown).
  3. Nested groups: if 0 < n(town) − n(group) < MIN_CELL, the group's distribution is hidden: the
     few outside it would be the difference of two published distributions (§6.2).
  4. A count 0 < c < MIN_CELL is hidden ("fewer than MIN_CELL"); in tables that count people per
     group (locality, demographic, respondents) the bound is MIN_GROUP.
Means are shown where the distribution is. What else must be hidden so that none of these can be
worked out is the secondary suppression of `gate.py`.
"""

from __future__ import annotations

from participation.disclosure.policy import Policy, Suppressed
from participation.disclosure.publication import TOWN, GroupShown, Publication, Shown, Table


def small_cell(table: Table, policy: Policy) -> int:
    """Counts below this are "fewer than" in this table."""
    return max(policy.MIN_CELL, policy.MIN_GROUP) if table.counts_groups else policy.MIN_CELL


def group_status(table: Table, group: str, policy: Policy) -> Suppressed | None:
    counts = table.counts[group]
    n = sum(counts)
    if n < policy.MIN_GROUP:
        return Suppressed.SMALL_GROUP
    if n < policy.HOMOGENEITY_GROUP and max(counts) == n:
        return Suppressed.HOMOGENEOUS
    if group != TOWN and 0 < table.n(TOWN) - n < policy.MIN_CELL:
        return Suppressed.NESTED_DIFFERENCE
    return None


def numeric_answers(table: Table, group: str) -> int:
    if table.values is None:
        return 0
    return sum(count for count, value in zip(table.counts[group], table.values) if value is not None)


def primary(publication: Publication) -> Shown:
    policy = publication.policy
    tables: dict[str, dict[str, GroupShown]] = {}
    for table in publication.tables:
        small = small_cell(table, policy)
        groups = {}
        for group in table.shown_groups:
            status = group_status(table, group, policy)
            counts = table.counts[group]
            if status is not None:
                n = Suppressed.SMALL_GROUP if status is Suppressed.SMALL_GROUP else None
                groups[group] = GroupShown(n, [status] * len(counts), False, status)
            else:
                cells = [Suppressed.FEWER_THAN_MIN_CELL if 0 < c < small else None for c in counts]
                groups[group] = GroupShown(None, cells, numeric_answers(table, group) > 0)
        tables[table.key] = groups
    return Shown(policy, tables)
