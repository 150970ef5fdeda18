"""The linear programs of the attacker: columns with bounds and sparse rows, solved with HiGHS for
many objectives (pure: numpy and HiGHS, nothing of the app)."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence

import highspy
import numpy as np

INF = math.inf
EPS = 1e-6


class ModelError(Exception):
    """The published numbers contradict the attacker's assumptions: an assumption is wrong."""



def integers_in(low: float, high: float) -> float:
    """How many integers lie in [low, high] (inf when unbounded)."""
    if math.isinf(high) or math.isinf(low):
        return INF
    return max(0, math.floor(high + EPS) - math.ceil(low - EPS) + 1)


class Program:
    """Columns with bounds, sparse rows lo <= a·x <= hi, solved for many objectives with HiGHS
    (warm-started: the model stays loaded and only the objective or a few bounds change)."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.highs: highspy.Highs | None = None
        self.solves = 0
        self._cost: list[int] = []
        self._seen: set = set()

    def column(self, low: float = 0.0, high: float = INF) -> int:
        self.lower.append(low)
        self.upper.append(high)
        return len(self.lower) - 1

    def row(self, coefficients: Mapping[int, float], low: float, high: float) -> None:
        row = {c: v for c, v in coefficients.items() if v != 0}
        if row:
            key = (tuple(sorted(row.items())), low, high)
            if key not in self._seen:
                self._seen.add(key)
                self.rows.append((row, low, high))
        elif low > EPS or high < -EPS:
            raise ModelError("an empty row that cannot hold")

    def fix_zeros(self) -> None:
        """Columns the structure alone forces to 0: in a row sum(a·x) = 0 over non-negative
        columns whose positive (or negative) side is all 0, the other side is 0 too. Repeated
        until nothing changes (a table's n in a group that cannot answer it, and so on)."""
        changed = True
        while changed:
            changed = False
            for coefficients, low, high in self.rows:
                if low != 0 or high != 0:
                    continue
                if any(self.lower[c] != 0 for c in coefficients):
                    continue
                positive = [c for c, a in coefficients.items() if a > 0]
                negative = [c for c, a in coefficients.items() if a < 0]
                for side, other in ((positive, negative), (negative, positive)):
                    if all(self.upper[c] == 0 for c in side) and any(self.upper[c] != 0 for c in other):
                        for c in other:
                            self.upper[c] = 0.0
                        changed = True

    def fixed_at_zero(self, columns: Iterable[int]) -> bool:
        return all(self.upper[c] == 0 for c in columns)

    def compile(self) -> None:
        inf = highspy.kHighsInf
        highs = _silent_highs()
        highs.setOptionValue("presolve", "off")
        # Only the objective changes between solves: the basis stays primal feasible, so primal
        # simplex starts from it (about 2.5 times faster here than HiGHS's default dual).
        highs.setOptionValue("simplex_strategy", 4)
        n = len(self.lower)
        lower = np.array(self.lower, dtype=float)
        upper = np.array([inf if math.isinf(v) else v for v in self.upper], dtype=float)
        highs.addVars(n, lower, upper)
        starts, indices, values, row_low, row_high = [], [], [], [], []
        for coefficients, low, high in self.rows:
            starts.append(len(indices))
            for column, value in coefficients.items():
                indices.append(column)
                values.append(value)
            row_low.append(-inf if math.isinf(low) else low)
            row_high.append(inf if math.isinf(high) else high)
        if self.rows:
            highs.addRows(
                len(self.rows),
                np.array(row_low, dtype=float),
                np.array(row_high, dtype=float),
                len(indices),
                np.array(starts, dtype=np.int32),
                np.array(indices, dtype=np.int32),
                np.array(values, dtype=float),
            )
        self.highs = highs

    def raise_lower(self, columns: Sequence[int], value: float | None) -> None:
        """Set these columns' lower bound to max(own, value); None restores the own bounds."""
        if not columns:
            return
        indices = np.array(columns, dtype=np.int32)
        own = np.array([self.lower[c] for c in columns], dtype=float)
        lower = own if value is None else np.maximum(own, value)
        upper = np.array([highspy.kHighsInf if math.isinf(self.upper[c]) else self.upper[c] for c in columns])
        self.highs.changeColsBounds(len(columns), indices, lower, upper)

    def extreme(self, target: Mapping[int, float], maximize: bool, dual: bool = False) -> tuple[float, np.ndarray | None]:
        """(optimum, solution); (±inf, None) when unbounded; raises ModelError when infeasible.
        `dual`: only bounds changed since the last solve of this objective (dual simplex)."""
        highs = self.highs
        highs.setOptionValue("simplex_strategy", 1 if dual else 4)
        if self._cost:
            highs.changeColsCost(len(self._cost), np.array(self._cost, dtype=np.int32), np.zeros(len(self._cost)))
        columns = list(target)
        if columns:
            highs.changeColsCost(len(columns), np.array(columns, dtype=np.int32), np.array([target[c] for c in columns], dtype=float))
        self._cost = columns
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        highs.run()
        self.solves += 1
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return float(highs.getInfo().objective_function_value), np.array(highs.getSolution().col_value)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (INF if maximize else -INF), None
        if status == highspy.HighsModelStatus.kInfeasible:
            raise ModelError("the published numbers admit no solution under the attacker's assumptions")
        raise RuntimeError(f"HiGHS stopped with {highs.modelStatusToString(status)}")


_banner_shown = False


def _silent_highs() -> highspy.Highs:
    """HiGHS prints a banner on its first construction, before options can be set."""
    global _banner_shown
    if _banner_shown:
        highs = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    highs.setOptionValue("output_flag", False)
    return highs



def combine(parts: Iterable[tuple[Mapping[int, float], float]]) -> dict[int, float]:
    total: dict[int, float] = {}
    for expr, factor in parts:
        for column, value in expr.items():
            total[column] = total.get(column, 0.0) + factor * value
    return total


def plus(*exprs: Mapping[int, float]) -> dict[int, float]:
    return combine((e, 1.0) for e in exprs)


def scale(expr: Mapping[int, float], factor: float) -> dict[int, float]:
    return {c: v * factor for c, v in expr.items()}


def neg(expr: Mapping[int, float]) -> dict[int, float]:
    return scale(expr, -1.0)
