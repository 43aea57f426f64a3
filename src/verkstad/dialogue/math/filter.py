"""Who gets clustered: Pol.is's ``in-conv`` participant filter (``conversation.clj``)."""

from __future__ import annotations

import numpy as np

MIN_VOTES = 7
GREEDY_N = 15


def clustered_participants(
    votes_per_participant: np.ndarray,
    n_statements: int,
    *,
    min_votes: int = MIN_VOTES,
    greedy_n: int = GREEDY_N,
    already_in: np.ndarray | None = None,
) -> np.ndarray:
    """A boolean mask of the participants to cluster.

    A participant qualifies with at least ``min(min_votes, n_statements)`` votes (every vote
    counts, passes and votes on moderated-out statements too). While fewer than ``greedy_n``
    qualify, the participants with the most votes are added, most first and, among equal
    counts, the earlier row first. ``already_in`` (a mask from the previous run) keeps
    everyone who was in once: membership is sticky, as in Pol.is.
    """
    counts = np.asarray(votes_per_participant, dtype=np.int64)
    mask = counts >= min(min_votes, n_statements)
    mask &= counts > 0
    if already_in is not None:
        mask |= already_in
    missing = greedy_n - int(mask.sum())
    if missing > 0:
        candidates = np.flatnonzero(~mask & (counts > 0))
        order = candidates[np.argsort(-counts[candidates], kind="stable")]
        mask[order[:missing]] = True
    return mask
