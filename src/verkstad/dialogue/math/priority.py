"""Which statement to show next: Pol.is's ``comment-priorities`` (``conversation.clj``).

``importance = (1 − p)·(E + 1)·a`` with ``p = (P+1)/(S+2)``, ``a = (A+1)/(S+2)`` and E the
statement's extremity (length of its PCA projection); ``priority = (importance · (1 +
8·2^(−S/5)))²``, so new statements bubble up. Meta statements get ``7² = 49``.
"""

from __future__ import annotations

import numpy as np

META_PRIORITY = 7.0


def importance(agree: np.ndarray, passes: np.ndarray, seen: np.ndarray, extremity: np.ndarray):
    a = (np.asarray(agree, dtype=np.float64) + 1) / (np.asarray(seen, dtype=np.float64) + 2)
    p = (np.asarray(passes, dtype=np.float64) + 1) / (np.asarray(seen, dtype=np.float64) + 2)
    return (1 - p) * (np.asarray(extremity, dtype=np.float64) + 1) * a


def priorities(
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
    extremity: np.ndarray,
    *,
    meta: np.ndarray | None = None,
) -> np.ndarray:
    seen = np.asarray(seen, dtype=np.float64)
    passes = seen - np.asarray(agree) - np.asarray(disagree)
    value = importance(agree, passes, seen, extremity) * (1 + 8 * np.power(2.0, -seen / 5))
    if meta is not None:
        value = np.where(meta, META_PRIORITY, value)
    return value**2
