"""Linear algebra and interval helpers for the privacy gate (pure: numpy and scipy only).

Everything here works on plain matrices over the unknown cells of one question (see
`participation.results.privacy` for what the cells are). Two questions are asked:

* `in_row_space`: is a target vector a linear combination of the published equations?
  If so, the target's value follows *exactly* from what is published (rank test).
* `lp_range`: the smallest and largest value the target can take over all non-negative
  cell values consistent with everything published (LP relaxation of the integer problem).
  The relaxation's interval contains the integer interval, so the gate demands that the LP
  interval holds at least two integers (`pins_down` is False); for the one-dimensional tables
  (a network matrix, totally unimodular) the LP bounds are integral and the check is exact.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linprog

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
    Raises Infeasible."""
    bounds = list(zip(lower, upper, strict=True))
    kwargs = {
        "A_eq": eq_rows if eq_rows.shape[0] else None,
        "b_eq": eq_values if eq_rows.shape[0] else None,
        "A_ub": ub_rows if ub_rows.shape[0] else None,
        "b_ub": ub_values if ub_rows.shape[0] else None,
        "bounds": bounds,
        "method": "highs",
    }
    low = linprog(c=target, **kwargs)
    if low.status == 2:
        raise Infeasible
    if low.status != 0:  # pragma: no cover - the minimum of a non-negative target is bounded
        raise RuntimeError(f"linprog failed: {low.message}")
    high = linprog(c=-target, **kwargs)
    if high.status == 3:
        return float(low.fun), math.inf, low.x, None
    if high.status != 0:  # pragma: no cover
        raise RuntimeError(f"linprog failed: {high.message}")
    return float(low.fun), float(-high.fun), low.x, high.x


def integers_in(low: float, high: float) -> float:
    """How many integers lie in [low, high] (inf when unbounded)."""
    if math.isinf(high):
        return math.inf
    return max(0, math.floor(high + _INT_EPS) - math.ceil(low - _INT_EPS) + 1)


def pins_down(low: float, high: float) -> bool:
    """True when at most one integer value is possible: the target is disclosed."""
    return integers_in(low, high) < 2
