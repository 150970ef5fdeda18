"""One linear program kept loaded in HiGHS and solved for many objectives.

The whole-publication gate asks the same question hundreds of times: the smallest and the largest
value of one hidden number over everything a reader knows. Only the objective changes between
those solves (and, when the gate hides one more number, the bounds of one column or row), so the
model stays loaded and each solve starts from the last basis (warm start).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from participation.disclosure.linear import new_highs

INF = math.inf
#: Tolerance for "an integer lies in the interval": HiGHS's own feasibility tolerance is 1e-7.
EPS = 1e-6


class Infeasible(Exception):
    """The constraints admit no solution: a fact the gate assumed does not hold for the data."""


def integers_in(low: float, high: float) -> float:
    """How many integers lie in [low, high] (inf when unbounded)."""
    if math.isinf(high) or math.isinf(low):
        return INF
    return max(0, math.floor(high + EPS) - math.ceil(low - EPS) + 1)


def pinned(low: float, high: float) -> bool:
    """Fewer than two integers fit: a reader knows the number (counts are integers)."""
    return integers_in(low, high) < 2


@dataclass
class Extreme:
    value: float
    point: np.ndarray | None  # the optimal solution; None when unbounded
    duals: np.ndarray | None  # row duals at the optimum (which rows hold the bound)
    reduced: np.ndarray | None = None  # column duals (which column bounds hold it)


class Program:
    """Columns with bounds and sparse rows lo <= a·x <= hi; rows may change bounds later."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.highs: highspy.Highs | None = None
        self.solves = 0
        self._cost: list[int] = []
        self._floor: dict[int, float] = {}  # raised lower bounds (raise_lower) by column

    def column(self, low: float = 0.0, high: float = INF) -> int:
        self.lower.append(low)
        self.upper.append(high)
        return len(self.lower) - 1

    def row(self, coefficients: Mapping[int, float], low: float, high: float) -> int:
        """Add a row; its index (for changing its bounds later)."""
        self.rows.append(({c: v for c, v in coefficients.items() if v != 0}, low, high))
        return len(self.rows) - 1

    def fix_zeros(self) -> None:
        """Columns that rows `sum = 0` over non-negative columns force to 0: where one side of
        such a row is all fixed at 0, so is the other. Repeated until nothing changes."""
        changed = True
        while changed:
            changed = False
            for coefficients, low, high in self.rows:
                if low != 0 or high != 0 or any(self.lower[c] != 0 for c in coefficients):
                    continue
                positive = [c for c, a in coefficients.items() if a > 0]
                negative = [c for c, a in coefficients.items() if a < 0]
                for side, other in ((positive, negative), (negative, positive)):
                    if all(self.upper[c] == 0 for c in side) and any(self.upper[c] != 0 for c in other):
                        for c in other:
                            self.upper[c] = 0.0
                        changed = True

    def is_cone(self) -> bool:
        """Every bound is 0 or infinite: the solutions form a cone (any solution times t >= 0 is
        one too), so an expression not 0 at one solution takes arbitrarily large values."""
        return (all(v == 0 for v in self.lower) and all(v == 0 or math.isinf(v) for v in self.upper)
                and all((low == 0 or math.isinf(low)) and (high == 0 or math.isinf(high))
                        for _, low, high in self.rows))

    def compile(self) -> None:
        inf = highspy.kHighsInf
        highs = new_highs()
        highs.setOptionValue("presolve", "off")
        # Dual simplex: on the demo survey primal simplex was about a quarter faster, but its duals
        # named rows that made the gate hide about 5 % more numbers (1,850 published against 1,940).
        highs.setOptionValue("simplex_strategy", 1)
        n = len(self.lower)
        upper = np.array([inf if math.isinf(v) else v for v in self.upper], dtype=float)
        highs.addVars(n, np.array(self.lower, dtype=float), upper)
        starts, indices, values, row_low, row_high = [], [], [], [], []
        for coefficients, low, high in self.rows:
            starts.append(len(indices))
            indices.extend(coefficients)
            values.extend(coefficients.values())
            row_low.append(-inf if math.isinf(low) else low)
            row_high.append(inf if math.isinf(high) else high)
        if self.rows:
            highs.addRows(
                len(self.rows), np.array(row_low, dtype=float), np.array(row_high, dtype=float), len(indices),
                np.array(starts, dtype=np.int32), np.array(indices, dtype=np.int32), np.array(values, dtype=float),
            )
        self.highs = highs

    def set_row_bounds(self, index: int, low: float, high: float) -> None:
        coefficients, _, _ = self.rows[index]
        self.rows[index] = (coefficients, low, high)
        if self.highs is not None:
            inf = highspy.kHighsInf
            self.highs.changeRowBounds(index, -inf if math.isinf(low) else low, inf if math.isinf(high) else high)

    def set_column_bounds(self, column: int, low: float, high: float) -> None:
        self.lower[column], self.upper[column] = low, high
        if self.highs is not None:
            inf = highspy.kHighsInf
            low = max(low, self._floor.get(column, -INF))  # an insider's "at least 1" stays
            self.highs.changeColBounds(column, -inf if math.isinf(low) else low, inf if math.isinf(high) else high)

    def raise_lower(self, columns: Sequence[int], value: float | None) -> None:
        """Set these columns' lower bound to max(own, value); None restores their own bounds
        (an insider: every count they are part of is at least 1)."""
        if not columns:
            return
        own = np.array([self.lower[c] for c in columns], dtype=float)
        lower = own if value is None else np.maximum(own, value)
        for c in columns:
            if value is None:
                self._floor.pop(c, None)
            else:
                self._floor[c] = value
        upper = np.array([highspy.kHighsInf if math.isinf(self.upper[c]) else self.upper[c] for c in columns])
        self.highs.changeColsBounds(len(columns), np.array(columns, dtype=np.int32), lower, upper)

    def floors(self) -> dict[int, float]:
        """The raised lower bounds in force (`raise_lower`), by column."""
        return dict(self._floor)

    def extreme(self, target: Mapping[int, float], maximize: bool, duals: bool = False) -> Extreme:
        """The optimum of target·x; raises Infeasible when nothing satisfies the rows."""
        highs = self.highs
        if self._cost:
            highs.changeColsCost(len(self._cost), np.array(self._cost, dtype=np.int32), np.zeros(len(self._cost)))
        columns = list(target)
        if columns:
            costs = np.array([target[c] for c in columns], dtype=float)
            highs.changeColsCost(len(columns), np.array(columns, dtype=np.int32), costs)
        self._cost = columns
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        status = self._run()
        if status == highspy.HighsModelStatus.kOptimal:
            value = float(highs.getInfo().objective_function_value)
            if not duals:
                return Extreme(value, None, None)
            solution = highs.getSolution()
            return Extreme(value, None, np.asarray(solution.row_dual), np.asarray(solution.col_dual))
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return Extreme(INF if maximize else -INF, None, None)
        if status == highspy.HighsModelStatus.kInfeasible:
            raise Infeasible("the published numbers and the facts admit no solution")
        raise RuntimeError(f"HiGHS stopped with {highs.modelStatusToString(status)}")

    def point(self) -> np.ndarray:
        """The solution of the last optimal solve."""
        return np.asarray(self.highs.getSolution().col_value)

    def _run(self):
        """Solve; a warm start HiGHS gives up on ("Unknown", rare) is solved again from scratch."""
        highs = self.highs
        highs.run()
        self.solves += 1
        status = highs.getModelStatus()
        if status in (highspy.HighsModelStatus.kNotset, highspy.HighsModelStatus.kUnknown):
            highs.clearSolver()
            highs.run()
            self.solves += 1
            status = highs.getModelStatus()
        return status


def combine(parts: Iterable[tuple[Mapping[int, float], float]]) -> dict[int, float]:
    """The sum of factor · expression over the parts (expressions as {column: coefficient})."""
    total: dict[int, float] = {}
    for expression, factor in parts:
        for column, value in expression.items():
            total[column] = total.get(column, 0.0) + factor * value
    return total
