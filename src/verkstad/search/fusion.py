"""Reciprocal rank fusion of ranked lists. No Django.

``score(d) = Σ weight_i / (k + rank_i(d))`` over the lists ``d`` appears in (ranks
start at 1). With k = 60 and equal weights a document ranked well by either list
rises; one ranked by both rises most (Cormack, Clarke and Büttcher 2009). A list that
is empty (no embeddings yet) leaves the other's order as it was.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = 60

T = TypeVar("T", bound=Hashable)


def rrf(
    rankings: Sequence[Sequence[T]],
    *,
    weights: Sequence[float] | None = None,
    k: int = K,
) -> list[tuple[T, float]]:
    """Fuse ranked lists of ids into one, best first, with each id's fused score.

    Ties keep the order in which ids first appear (the first list first).
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[T, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def lexical_weight(term_count: int) -> float:
    """The keyword side's weight: full for one or two words, less for long questions.

    Long natural-language questions are where dense ranking is strongest and keyword
    matching noisiest (docs/search.md, research note section "Hybrid ranking").
    """
    return 1.0 if term_count <= 2 else 0.5
