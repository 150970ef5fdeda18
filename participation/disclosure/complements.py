"""The obvious complements, before any linear program: a sum with one unknown left.

Most of what secondary suppression hides is the textbook case: a row of a table whose n is shown
and all but one of its counts, or a category whose localities add up to the town's count, all
shown but one. Any reader subtracts; the gate's LP would find it and name that very row through
its duals, at two solves or more per step. This pass takes those steps by counting:

* every equation of the model (a fact or a published number) that alone pins a hidden count
  (its other terms' bounds leave fewer than two integers) gets its cheapest other number hidden
  (`Gate._cost`), never a 0 that other numbers imply anyway (`_worth_hiding`); the equations the
  newly hidden number is in are looked at again (the usual cascade through a table);
* a mean over one hidden count (or two, with n shown) is hidden, as the LP would hide it first.

Group sizes are left to the LP: a locality's size is tied to every table at once, and only an
audit that sees them all finds the cheap way (often one more locality's size, hidden everywhere).

It only hides, so the audit that follows is never less safe: the LP stays the judge of
everything (bounds, inequalities, several equations together, insiders). On the demo survey the
gate then needs about a third of the solves, and publishes slightly more than without this pass
(the LP's duals name rows, not the cheapest way out).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from typing import TYPE_CHECKING

from participation.disclosure.program import pinned
from participation.disclosure.publication import TOWN

if TYPE_CHECKING:
    from participation.disclosure.gate import Gate


def hide_obvious_complements(gate: Gate) -> int:
    """Hide until no equation alone pins a target; how many numbers were hidden."""
    model, program = gate.model, gate.model.program
    base_lower, base_upper = model.base
    equations = [i for i, (_, low, high) in enumerate(program.rows) if low == high]
    rows_of: dict[int, list[int]] = defaultdict(list)
    for index in equations:
        for column in program.rows[index][0]:
            rows_of[column].append(index)
    # Not group sizes (nor the tables that count people per group, the locality and demographic
    # questions): a size is tied to every table at once, which only the LP audit sees whole.
    sizes = {column for name, column in model.columns.items()
             if name[0] == "N" or name[0] == "x" and model.tables[name[1]].counts_groups}
    targets = {next(iter(t.expression)) for t in gate.targets() if len(t.expression) == 1} - sizes
    # Insiders' "at least 1" counts too (the audit runs as their coalition, see gate.py).
    lower = _Floored(program.lower, program.floors())
    hidden = _hide_means_over_unknowns(gate, lower, targets)
    queue = deque(equations)
    while queue:
        index = queue.popleft()
        coefficients, value, _ = program.rows[index]
        held = _pinned_target(coefficients, value, lower, program.upper, targets)
        if held is None:
            continue
        candidates = [
            item for c in coefficients if c != held and base_lower[c] < base_upper[c] and c not in sizes
            for item in model.column_items.get(c, ()) if gate._hideable(item) and _worth_hiding(gate, item)
        ]
        item = min(candidates, key=gate._cost, default=None)
        if item is None:
            continue  # nothing in this sum worth hiding: the LP audit decides
        gate._hide(item)
        hidden += 1
        column = model.item_column[item]
        if gate.pub.sizes.get(item.group, 0) > 0 and column not in sizes:
            targets.add(column)  # a number just hidden must not be derivable either
        queue.extend(rows_of[column])
        queue.append(index)  # the row may still pin it (a column shown by two items)
    return hidden


def _worth_hiding(gate: Gate, item) -> bool:
    """Hiding a 0 protects nothing where other published numbers imply it: an empty group's
    numbers (and its size, a 0 in the locality question) and a group's 0 where the town's count of
    the same category is 0 too. Hiding those only starts a chase through the tables."""
    model = gate.model
    if model.about_empty_group(item):
        return False
    if item.kind != "cell" or model.true_value(item) > 0:
        return True
    return model.tables[item.table].counts[TOWN][item.category] > 0


def _hide_means_over_unknowns(gate: Gate, lower, targets) -> int:
    """A mean shown over a hidden count is one more equation on it (rounded to two decimals):
    with n it pins one hidden count, often two. The gate's LP hides such a mean first (it is the
    cheapest number); this does it for every mean resting on a hidden count that is a target."""
    model, program = gate.model, gate.model.program
    hidden = 0
    for item in list(model.item_rows):
        state = gate.shown.tables[item.table][item.group]
        if not state.mean:
            continue
        table = model.tables[item.table]
        columns = [next(iter(model.cell(table, item.group, k)))
                   for k, value in enumerate(table.values) if value is not None]
        unknown = [c for c in columns if lower[c] < program.upper[c]]
        n_column = next(iter(model.n(table, item.group)))
        n_known = lower[n_column] == program.upper[n_column]
        if any(c in targets for c in unknown) and (len(unknown) == 1 or len(unknown) == 2 and n_known):
            gate._hide(item)
            hidden += 1
    return hidden


def _pinned_target(coefficients, value, lower, upper, targets) -> int | None:
    """A target column this equation alone pins, given every column's own bounds."""
    parts = {}
    for c, a in coefficients.items():  # the range of each term a·x_c
        parts[c] = (a * lower[c], a * upper[c]) if a > 0 else (a * upper[c], a * lower[c])
    low_sum = sum(low for low, _ in parts.values() if not math.isinf(low))
    high_sum = sum(high for _, high in parts.values() if not math.isinf(high))
    low_open = sum(1 for low, _ in parts.values() if math.isinf(low))
    high_open = sum(1 for _, high in parts.values() if math.isinf(high))
    for c, a in coefficients.items():
        if c not in targets:
            continue
        own_low, own_high = parts[c]
        # The rest of the terms: the sums without this one (infinite if another term is).
        rest_low = -math.inf if low_open - math.isinf(own_low) else low_sum - (0 if math.isinf(own_low) else own_low)
        rest_high = math.inf if high_open - math.isinf(own_high) else high_sum - (0 if math.isinf(own_high) else own_high)
        low, high = (value - rest_high) / a, (value - rest_low) / a
        if a < 0:
            low, high = high, low
        if pinned(max(low, lower[c]), min(high, upper[c])):
            return c
    return None


class _Floored:
    """Column lower bounds, raised where an insider is counted."""

    def __init__(self, lower, floors):
        self.lower, self.floors = lower, floors

    def __getitem__(self, column: int) -> float:
        return max(self.lower[column], self.floors.get(column, 0.0))
