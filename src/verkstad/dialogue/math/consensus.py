"""Consensus, group-aware consensus, divisive and uncertain statements.

- Consensus (Pol.is's ``select-consensus-comments``), over every participant: a statement is in
  the agree list when ``pa > 0.5`` and ``pat > 1.2816``, ranked by ``pa·pat``; likewise
  disagree. Five of each.
- Group-aware consensus (Pol.is's ``group-aware-consensus``): ``Π_g (A_g+1)/(S_g+2)`` over the
  groups; Pol.is computes the agree side only, we also give the disagree side.
- Divisive statements are ours: where the groups' net agreement ``(A_g − D_g)/(S_g + 2)`` is
  furthest apart, counted only when the most and least agreeing groups differ by Pol.is's own
  two-proportion test at 90 %.
- Uncertain statements follow Pol.is's report ("areas of uncertainty"): more than 30 % passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verkstad.dialogue.math.stats import Z_90, prop_test, two_prop_test

PICK_MAX = 5
UNCERTAIN_PASS_SHARE = 0.3


@dataclass(frozen=True)
class ConsensusStatement:
    statement: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class Consensus:
    agree: list[ConsensusStatement]
    disagree: list[ConsensusStatement]


def select_consensus(
    na: np.ndarray,
    nd: np.ndarray,
    ns: np.ndarray,
    *,
    excluded: np.ndarray | None = None,
    pick_max: int = PICK_MAX,
) -> Consensus:
    """Pol.is's majority opinion: per-statement counts over all participants."""
    na, nd, ns = (np.asarray(x, dtype=np.float64) for x in (na, nd, ns))
    if excluded is None:
        excluded = np.zeros(len(na), dtype=bool)

    def top(successes: np.ndarray) -> list[ConsensusStatement]:
        p = (successes + 1) / (ns + 2)
        test = prop_test(successes, ns)
        candidates = np.flatnonzero((p > 0.5) & (test > Z_90) & ~excluded)
        ranked = candidates[np.argsort(-(p * test)[candidates], kind="stable")][:pick_max]
        return [
            ConsensusStatement(
                statement=int(j),
                n_success=int(successes[j]),
                n_trials=int(ns[j]),
                p_success=float(p[j]),
                p_test=float(test[j]),
            )
            for j in ranked
        ]

    return Consensus(agree=top(na), disagree=top(nd))


def group_aware_consensus(
    agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(agree, disagree) consensus per statement from (n_groups, n_statements) counts."""
    agree, disagree, seen = (np.asarray(x, dtype=np.float64) for x in (agree, disagree, seen))
    if agree.shape[0] == 0:
        n = agree.shape[1]
        return np.zeros(n), np.zeros(n)
    return (
        np.prod((agree + 1) / (seen + 2), axis=0),
        np.prod((disagree + 1) / (seen + 2), axis=0),
    )


@dataclass(frozen=True)
class DivisiveStatement:
    statement: int
    divisiveness: float  # max − min of the groups' net agreement, in [0, 2)
    most_agreeing_group: int
    least_agreeing_group: int
    z: float


def select_divisive(
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
    *,
    excluded: np.ndarray | None = None,
    pick_max: int = PICK_MAX,
) -> list[DivisiveStatement]:
    agree, disagree, seen = (np.asarray(x, dtype=np.float64) for x in (agree, disagree, seen))
    n_groups, n = agree.shape
    if n_groups < 2:
        return []
    if excluded is None:
        excluded = np.zeros(n, dtype=bool)
    net = (agree - disagree) / (seen + 2)
    high = np.argmax(net, axis=0)
    low = np.argmin(net, axis=0)
    cols = np.arange(n)
    spread = net[high, cols] - net[low, cols]
    z = two_prop_test(agree[high, cols], agree[low, cols], seen[high, cols], seen[low, cols])
    candidates = np.flatnonzero((z > Z_90) & ~excluded & (spread > 0))
    ranked = candidates[np.argsort(-spread[candidates], kind="stable")][:pick_max]
    return [
        DivisiveStatement(
            statement=int(j),
            divisiveness=float(spread[j]),
            most_agreeing_group=int(high[j]),
            least_agreeing_group=int(low[j]),
            z=float(z[j]),
        )
        for j in ranked
    ]


def select_uncertain(
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
    *,
    excluded: np.ndarray | None = None,
    share: float = UNCERTAIN_PASS_SHARE,
) -> list[tuple[int, float]]:
    """(statement, pass share) for statements passed on by more than ``share``, most first."""
    agree, disagree, seen = (np.asarray(x, dtype=np.float64) for x in (agree, disagree, seen))
    if excluded is None:
        excluded = np.zeros(len(seen), dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        passes = np.where(seen > 0, (seen - agree - disagree) / seen, 0.0)
    candidates = np.flatnonzero((passes > share) & ~excluded)
    ranked = candidates[np.argsort(-passes[candidates], kind="stable")]
    return [(int(j), float(passes[j])) for j in ranked]
