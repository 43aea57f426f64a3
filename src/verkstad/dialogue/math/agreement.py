"""Agreement between two clusterings: the adjusted Rand index (Hubert and Arabie, 1985)."""

from __future__ import annotations

import numpy as np


def _pairs(counts: np.ndarray) -> float:
    counts = np.asarray(counts, dtype=np.float64)
    return float((counts * (counts - 1) / 2).sum())


def adjusted_rand_index(labels_a, labels_b) -> float:
    """ARI of two labelings of the same items: 1 identical, about 0 for chance.

    Labels may be any hashable values. Two labelings that each put everything in one cluster
    (or everything in its own cluster) count as identical, 1.0, as in scikit-learn.
    """
    a = np.asarray(labels_a)
    b = np.asarray(labels_b)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("labelings must be 1-D and of the same length")
    n = len(a)
    if n < 2:
        return 1.0
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1), dtype=np.int64)
    np.add.at(table, (ia, ib), 1)
    index = _pairs(table)
    rows = _pairs(table.sum(axis=1))
    cols = _pairs(table.sum(axis=0))
    total = n * (n - 1) / 2
    expected = rows * cols / total
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return float((index - expected) / (maximum - expected))
