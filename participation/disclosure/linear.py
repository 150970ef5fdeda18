"""Linear algebra and interval helpers for the privacy gate (pure: numpy and HiGHS only).

Everything here works on plain matrices over the unknown cells of one question (see
`participation.disclosure.table_gate` for what the cells are). Two questions are asked:

* `in_row_space`: is a target vector a linear combination of the published equations?
  If so, the target's value follows *exactly* from what is published (rank test).
* `lp_range`: the smallest and largest value the target can take over all non-negative
  cell values consistent with everything published (LP relaxation of the integer problem, solved with HiGHS).
  The relaxation's interval contains the integer interval, so the gate demands that the LP
  interval holds at least two integers (`pins_down` is False); for the one-dimensional tables
  (a network matrix, totally unimodular) the LP bounds are integral and the check is exact.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence

import highspy
import numpy as np

_RANK_RTOL = 1e-10
_RESIDUAL_TOL = 1e-7
_INT_EPS = 1e-6


def row_space_basis(rows: np.ndarray) -> np.ndarray:
    """Orthonormal basis (one basis vector per row) of the row space of `rows`."""
    n_vars = rows.shape[1]
    if rows.shape[0] == 0:
        return np.zeros((0, n_vars))
    _, singular, vt = np.linalg.svd(rows, full_matrices=False)
    if singular.size == 0 or singular[0] == 0.0:
        return np.zeros((0, n_vars))
    tol = singular[0] * max(rows.shape) * _RANK_RTOL
    rank = int(np.sum(singular > tol))
    return vt[:rank]


def in_row_space(basis: np.ndarray, target: np.ndarray) -> bool:
    """True when `target` lies (up to a tolerance) in the space spanned by `basis`."""
    norm = float(np.linalg.norm(target))
    if norm == 0.0:
        return True
    residual = target - basis.T @ (basis @ target) if basis.shape[0] else target
    return float(np.linalg.norm(residual)) <= _RESIDUAL_TOL * max(1.0, norm)


def involved_rows(rows: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows used by the minimum-norm derivation of `target` from `rows`."""
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    coefficients = np.linalg.lstsq(rows.T, target, rcond=None)[0]
    scale = max(1.0, float(np.max(np.abs(coefficients))))
    return np.abs(coefficients) > 1e-8 * scale


def essential_rows(rows: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows every derivation of `target` needs: removing any one of them alone
    takes `target` out of the row space. (target = rowsᵀa; the other derivations are a + y for y
    in the left null space; row i is essential when a_i != 0 and every such y has y_i = 0.)"""
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    coefficients = np.linalg.lstsq(rows.T, target, rcond=None)[0]
    u, singular, _ = np.linalg.svd(rows, full_matrices=True)
    tol = (singular[0] if singular.size else 0.0) * max(rows.shape) * _RANK_RTOL
    rank = int(np.sum(singular > tol))
    left_null = u[:, rank:]
    scale = max(1.0, float(np.max(np.abs(coefficients))))
    used = np.abs(coefficients) > 1e-8 * scale
    fixed = np.linalg.norm(left_null, axis=1) < 1e-8 if left_null.shape[1] else np.ones(rows.shape[0], dtype=bool)
    return used & fixed


class Infeasible(Exception):
    """The constraints admit no non-negative solution (e.g. an impossible insider)."""


def lp_range(*args, **kwargs) -> tuple[float, float]:
    """(min, max) of target·x; see `lp_range_with_points`."""
    low, high, _, _ = lp_range_with_points(*args, **kwargs)
    return low, high


def lp_range_with_points(
    eq_rows: np.ndarray,
    eq_values: np.ndarray,
    ub_rows: np.ndarray,
    ub_values: np.ndarray,
    lower: Sequence[float],
    upper: Sequence[float | None],
    target: np.ndarray,
) -> tuple[float, float, np.ndarray, np.ndarray | None]:
    """(min, max, argmin, argmax) of target·x subject to eq_rows·x = eq_values,
    ub_rows·x <= ub_values, lower <= x <= upper. max is math.inf (argmax None) when unbounded.
    Raises Infeasible. (One-off form of `LinearProgram.range_with_points`.)"""
    program = LinearProgram(eq_rows, eq_values, ub_rows, ub_values, lower, upper)
    return program.range_with_points(target)


class LinearProgram:
    """One set of published constraints, solved for many targets.

    The audit asks the same constraints for the range of hundreds of targets (and insiders). HiGHS
    keeps the model and its last basis between solves, so each further target costs a warm-started
    simplex run of a few iterations instead of building and presolving a new problem (scipy's
    `linprog` did that per call and spent most of the gate's time there).
    """

    def __init__(
        self,
        eq_rows: np.ndarray,
        eq_values: np.ndarray,
        ub_rows: np.ndarray,
        ub_values: np.ndarray,
        lower: Sequence[float],
        upper: Sequence[float | None],
    ):
        inf = highspy.kHighsInf
        self.n = len(lower)
        self.lower = np.array(lower, dtype=float)
        self.upper = np.array([inf if bound is None else bound for bound in upper], dtype=float)
        highs = new_highs()
        highs.setOptionValue("presolve", "off")  # tiny models; presolve would blur infeasible vs unbounded
        highs.addVars(self.n, self.lower, self.upper)
        rows = np.vstack([eq_rows.reshape(-1, self.n), ub_rows.reshape(-1, self.n)])
        if rows.shape[0]:
            row_lower = np.concatenate([eq_values, np.full(ub_rows.shape[0], -inf)])
            row_upper = np.concatenate([eq_values, ub_values])
            starts, indices, values = [], [], []
            for row in rows:
                starts.append(len(indices))
                nonzero = np.flatnonzero(row)
                indices.extend(nonzero.tolist())
                values.extend(row[nonzero].tolist())
            highs.addRows(
                rows.shape[0],
                row_lower.astype(float),
                row_upper.astype(float),
                len(indices),
                np.array(starts, dtype=np.int32),
                np.array(indices, dtype=np.int32),
                np.array(values, dtype=float),
            )
        self.highs = highs
        self._all = np.arange(self.n, dtype=np.int32)

    def range(self, target: np.ndarray, insider: Sequence[int] = ()) -> tuple[float, float]:
        low, high, _, _ = self.range_with_points(target, insider)
        return low, high

    def range_with_points(
        self, target: np.ndarray, insider: Sequence[int] = ()
    ) -> tuple[float, float, np.ndarray, np.ndarray | None]:
        """Like `lp_range_with_points`; an insider (variables known to be >= 1) raises those bounds."""
        raised = [v for v in insider if self.lower[v] < 1.0]
        if raised:
            self._set_lower(raised, 1.0)
        try:
            self.highs.changeColsCost(self.n, self._all, np.asarray(target, dtype=float))
            low = self._solve(highspy.ObjSense.kMinimize)
            if low is None:
                raise Infeasible
            high = self._solve(highspy.ObjSense.kMaximize)
        finally:
            if raised:
                self._set_lower(raised, None)
        if high is _UNBOUNDED:
            return low[0], math.inf, low[1], None
        if high is None:  # pragma: no cover - feasibility was just shown
            raise Infeasible
        return low[0], high[0], low[1], high[1]

    def extreme(self, target: np.ndarray, insider: Sequence[int], maximize: bool) -> float:
        """Only the min (or max) of target·x for an insider; raises Infeasible; max may be inf."""
        raised = [v for v in insider if self.lower[v] < 1.0]
        if raised:
            self._set_lower(raised, 1.0)
        try:
            self.highs.changeColsCost(self.n, self._all, np.asarray(target, dtype=float))
            found = self._solve(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        finally:
            if raised:
                self._set_lower(raised, None)
        if found is None:
            raise Infeasible
        return math.inf if found is _UNBOUNDED else found[0]

    def _set_lower(self, variables: list[int], value: float | None) -> None:
        indices = np.array(variables, dtype=np.int32)
        lower = np.full(len(variables), value) if value is not None else self.lower[indices]
        self.highs.changeColsBounds(len(variables), indices, lower.astype(float), self.upper[indices])

    def _solve(self, sense):
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            value = self.highs.getInfo().objective_function_value
            return float(value), np.array(self.highs.getSolution().col_value)
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return _UNBOUNDED
        raise RuntimeError(f"HiGHS stopped with {self.highs.modelStatusToString(status)}")  # pragma: no cover


_UNBOUNDED = object()
_banner_printed = False


def new_highs() -> highspy.Highs:
    """A silent solver. HiGHS prints a copyright banner to the process's stdout on the first
    construction, before any option can be set; it would land in CLI output and server logs."""
    global _banner_printed
    if _banner_printed:
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
        _banner_printed = True
    highs.setOptionValue("output_flag", False)
    return highs


def integers_in(low: float, high: float) -> float:
    """How many integers lie in [low, high] (inf when unbounded)."""
    if math.isinf(high):
        return math.inf
    return max(0, math.floor(high + _INT_EPS) - math.ceil(low - _INT_EPS) + 1)


def pins_down(low: float, high: float) -> bool:
    """True when at most one integer value is possible: the target is disclosed."""
    return integers_in(low, high) < 2
