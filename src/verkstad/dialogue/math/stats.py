"""Pol.is's test statistics (``stats.clj``), vectorised.

Both add one to every count before testing, which keeps small groups from looking certain.
"""

from __future__ import annotations

import numpy as np

Z_90 = 1.2816  # one-sided 90 % (Pol.is's ``z-sig-90?``)


def prop_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """``2·sqrt(n+1)·((s+1)/(n+1) − 0.5)``: is the proportion above one half?"""
    s = np.asarray(successes, dtype=np.float64) + 1
    n = np.asarray(trials, dtype=np.float64) + 1
    return 2.0 * np.sqrt(n) * (s / n - 0.5)


def two_prop_test(
    succ_in: np.ndarray, succ_out: np.ndarray, pop_in: np.ndarray, pop_out: np.ndarray
) -> np.ndarray:
    """Two-proportion z-test of "in" above "out", with +1 on all four counts.

    Returns 0 where the pooled proportion is 1 (Pol.is's guard).
    """
    s1 = np.asarray(succ_in, dtype=np.float64) + 1
    s2 = np.asarray(succ_out, dtype=np.float64) + 1
    n1 = np.asarray(pop_in, dtype=np.float64) + 1
    n2 = np.asarray(pop_out, dtype=np.float64) + 1
    pi1 = s1 / n1
    pi2 = s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (pi1 - pi2) / np.sqrt(variance)
    return np.where(pooled == 1, 0.0, z)


def z_sig_90(z: np.ndarray) -> np.ndarray:
    return np.asarray(z) > Z_90
