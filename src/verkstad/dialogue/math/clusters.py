"""Base clusters, opinion groups and the choice of k (Pol.is's ``clusters.clj``).

Participants' 2-D projections are first grouped into up to 100 *base clusters* by k-means.
Opinion groups are then a weighted k-means of the base-cluster centres (weight = members),
for every k in ``2..min(k_max, 2 + n_base // 12)``; the k with the best mean silhouette,
computed over the base-cluster centres, wins. Pol.is's k-means is used throughout: a cold start
takes the first k distinct points in row order, empty clusters are dropped, and iteration
stops when every centre moved less than 0.01.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

BASE_K = 100
BASE_MAX_ITERS = 100
GROUP_MAX_ITERS = 20  # Pol.is passes 100, which its kmeans ignores (upstream quirk Q3)
SAME_CLUSTERING_TOLERANCE = 0.01
K_BUFFER = 4
GROUP_RESTARTS = 20  # ours: seeded k-means++ restarts of the group k-means on a cold start
_CHUNK = 16384


@dataclass(frozen=True, eq=False)
class Clustering:
    """k-means result: cluster ids (stable across warm starts), centres and row labels.

    ``labels[i]`` is the position in ``ids``/``centers`` of row i's cluster.
    """

    ids: np.ndarray
    centers: np.ndarray
    labels: np.ndarray
    weights: np.ndarray  # total weight (members, or weighted members) per cluster

    @property
    def k(self) -> int:
        return len(self.ids)


def first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    """Indices of the first ``k`` distinct rows, in row order (Pol.is's ``init-clusters``)."""
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64)
    _, first = np.unique(points, axis=0, return_index=True)
    return np.sort(first)[:k]


def nearest(points: np.ndarray, centers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of and distance to the closest centre for every point (first centre on ties)."""
    n = len(points)
    labels = np.empty(n, dtype=np.int64)
    dist = np.empty(n)
    centre_sq = (centers**2).sum(axis=1)
    for start in range(0, n, _CHUNK):
        chunk = points[start : start + _CHUNK]
        d2 = centre_sq[None, :] - 2.0 * (chunk @ centers.T)
        idx = np.argmin(d2, axis=1)
        labels[start : start + _CHUNK] = idx
        exact = ((chunk - centers[idx]) ** 2).sum(axis=1)
        dist[start : start + _CHUNK] = np.sqrt(exact)
    return labels, dist


def _weighted_centres(
    points: np.ndarray, weights: np.ndarray, labels: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    total = np.bincount(labels, weights=weights, minlength=k)
    sums = np.stack(
        [np.bincount(labels, weights=weights * points[:, d], minlength=k) for d in range(2)],
        axis=1,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        centres = sums / total[:, None]
    return centres, total


def _same_clustering(old: np.ndarray, new: np.ndarray, tolerance: float) -> bool:
    """Pol.is's ``same-clustering?``: sort both sets of centres, compare pairwise."""
    a = old[np.lexsort(old.T[::-1])]
    b = new[np.lexsort(new.T[::-1])]
    m = min(len(a), len(b))
    return bool(np.all(np.sqrt(((a[:m] - b[:m]) ** 2).sum(axis=1)) < tolerance))


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise Euclidean distance of 2-D points (faster than a sum over a 2-long axis)."""
    return np.hypot(a[:, 0] - b[:, 0], a[:, 1] - b[:, 1])


class _Bounds:
    """Exact nearest-centre assignment across k-means steps, with Yinyang bounds.

    Centres are split into about k/10 groups (Ding et al., 2015). ``upper`` is at least the
    distance to the assigned centre; ``lower[:, g]`` at most the distance to any other centre
    of group g. When centres move, the bounds are loosened by the drift (each group by its
    largest drift), and only points whose upper bound crosses a lower bound are measured
    again. The labels are those of measuring every point every step (up to exact ties).
    """

    def __init__(self, points: np.ndarray, centres: np.ndarray) -> None:
        self.points = points
        self.centres = centres
        n, k = len(points), len(centres)
        n_groups = max(1, min(k // 10, 16))
        if n_groups > 1:
            grouping = kmeans(centres, n_groups, max_iters=5, tolerance=0.0, bounded=False)
            self.group_of = grouping.labels
        else:
            self.group_of = np.zeros(k, dtype=np.int64)
        self.labels = np.zeros(n, dtype=np.int64)
        self.upper = np.zeros(n)
        # (groups, points): reductions over groups run along contiguous rows.
        self.lower = np.zeros((int(self.group_of.max()) + 1 if k else 1, n))
        self._measure(np.arange(n))

    def _measure(self, rows: np.ndarray) -> None:
        k = len(self.centres)
        # Centres sorted by group, so each group is a run of columns.
        order = np.argsort(self.group_of, kind="stable")
        centres = self.centres[order]
        groups = self.group_of[order]
        n_groups = self.lower.shape[0]
        bounds = np.searchsorted(groups, np.arange(n_groups + 1))
        centre_sq = (centres**2).sum(axis=1)
        for start in range(0, len(rows), _CHUNK):
            part = rows[start : start + _CHUNK]
            chunk = self.points[part]
            # Squared distance minus |p|²: the same argmin, one pass less. Centres run down
            # the rows, so each group's block is contiguous.
            partial = centre_sq[:, None] - 2.0 * (centres @ chunk.T)
            best = np.argmin(partial, axis=0)
            self.labels[part] = order[best]
            self.upper[part] = _distance(chunk, centres[best])
            if k > 1:
                partial[best, np.arange(len(part))] = np.inf
                point_sq = chunk[:, 0] ** 2 + chunk[:, 1] ** 2
                lower = np.full((n_groups, len(part)), np.inf)
                for g in range(n_groups):
                    if bounds[g] == bounds[g + 1]:
                        continue
                    low = partial[bounds[g] : bounds[g + 1]].min(axis=0) + point_sq
                    lower[g] = np.sqrt(np.maximum(low, 0.0))
                # The expansion has round-off; stay on the safe side.
                self.lower[:, part] = np.maximum(lower - 1e-9 * (1 + lower), 0.0)
            else:
                self.lower[:, part] = np.inf

    def drop(self, keep: np.ndarray) -> None:
        remap = np.cumsum(keep) - 1
        self.labels = remap[self.labels]
        self.centres = self.centres[keep]
        self.group_of = self.group_of[keep]

    def move(self, centres: np.ndarray) -> None:
        drift = _distance(centres, self.centres)
        self.centres = centres
        self.upper += drift[self.labels]
        group_drift = np.zeros(self.lower.shape[0])
        np.maximum.at(group_drift, self.group_of, drift)
        self.lower -= group_drift[:, None]
        floor = self.lower.min(axis=0)
        suspect = np.flatnonzero(self.upper > floor)
        if len(suspect):
            # Tighten the upper bound to the exact distance first.
            self.upper[suspect] = _distance(self.points[suspect], centres[self.labels[suspect]])
            suspect = suspect[self.upper[suspect] > floor[suspect]]
        if len(suspect):
            self._reassign(suspect)

    def _reassign(self, rows: np.ndarray) -> None:
        """Measure ``rows`` only against the groups whose lower bound is below the upper one."""
        centres = self.centres
        upper = self.upper[rows]  # exact distance to the assigned centre
        old = self.labels[rows]
        check = self.lower[:, rows] < upper[None, :]
        # (group, row) pairs to measure, grouped by group.
        pair_group, pair_row = np.nonzero(check)
        edges = np.searchsorted(pair_group, np.arange(check.shape[0] + 1))
        first = np.empty(len(pair_row))
        first_at = np.empty(len(pair_row), dtype=np.int64)
        second = np.full(len(pair_row), np.inf)
        best, best_d = old.copy(), upper.copy()
        points = self.points[rows]
        for g in range(check.shape[0]):
            lo, hi = edges[g], edges[g + 1]
            members = np.flatnonzero(self.group_of == g)
            if lo == hi or len(members) == 0:
                first[lo:hi], first_at[lo:hi] = np.inf, -1
                continue
            sel = pair_row[lo:hi]
            block = centres[members]
            chosen = points[sel]
            d2 = (block[:, 0] ** 2 + block[:, 1] ** 2)[None, :] - 2.0 * (chosen @ block.T)
            d2 += (chosen[:, 0] ** 2 + chosen[:, 1] ** 2)[:, None]
            arg = np.argmin(d2, axis=1)
            nearest_d = _distance(chosen, block[arg])
            first[lo:hi] = nearest_d
            first_at[lo:hi] = members[arg]
            if len(members) > 1:
                d2[np.arange(hi - lo), arg] = np.inf
                second[lo:hi] = np.sqrt(np.maximum(d2.min(axis=1), 0.0))
            closer = nearest_d < best_d[sel]
            best[sel[closer]] = members[arg[closer]]
            best_d[sel[closer]] = nearest_d[closer]
        # New lower bounds for the groups measured: the nearest centre other than the new best.
        measured = first_at >= 0
        value = np.where(first_at == best[pair_row], second, first)
        value = np.maximum(value - 1e-9 * (1 + value), 0.0)  # round-off margin
        self.lower[pair_group[measured], rows[pair_row[measured]]] = value[measured]
        # The old centre, if it lost and its group was not measured, is now an "other" one.
        old_group = self.group_of[old]
        lost = np.flatnonzero((best != old) & ~check[old_group, np.arange(len(rows))])
        if len(lost):
            target = (old_group[lost], rows[lost])
            self.lower[target] = np.minimum(self.lower[target], upper[lost])
        self.labels[rows] = best
        self.upper[rows] = best_d


class _Plain:
    """Measure every point against every centre each step (for a handful of points)."""

    def __init__(self, points: np.ndarray, centres: np.ndarray) -> None:
        self.points = points
        self.labels, _ = nearest(points, centres)

    def drop(self, keep: np.ndarray) -> None:
        self.labels = (np.cumsum(keep) - 1)[self.labels]

    def move(self, centres: np.ndarray) -> None:
        self.labels, _ = nearest(self.points, centres)


def kmeans(
    points: np.ndarray,
    k: int,
    *,
    weights: np.ndarray | None = None,
    start: tuple[np.ndarray, np.ndarray] | None = None,
    max_iters: int = GROUP_MAX_ITERS,
    tolerance: float = SAME_CLUSTERING_TOLERANCE,
    bounded: bool | None = None,
) -> Clustering:
    """Pol.is's weighted k-means on 2-D points.

    ``start`` is ``(ids, centres)`` to begin from (a warm start); otherwise the first ``k``
    distinct points. Each step assigns every point to its closest centre, drops clusters left
    empty and moves centres to their (weighted) means; it stops after ``max_iters + 1`` steps
    or when no centre moved by ``tolerance`` or more.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    n = len(points)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if n == 0 or k <= 0:
        return Clustering(
            ids=np.zeros(0, dtype=np.int64),
            centers=np.zeros((0, 2)),
            labels=np.zeros(n, dtype=np.int64),
            weights=np.zeros(0),
        )
    if start is None:
        first = first_distinct(points, k)
        ids = np.arange(len(first), dtype=np.int64)
        centres = points[first]
    else:
        ids, centres = np.asarray(start[0], dtype=np.int64), np.asarray(start[1], dtype=float)
    iters_left = max_iters
    if bounded is None:
        bounded = n * len(centres) > 50_000
    bounds = _Bounds(points, centres) if bounded else _Plain(points, centres)
    while True:
        labels = bounds.labels
        new_centres, total = _weighted_centres(points, w, labels, len(ids))
        keep = np.bincount(labels, minlength=len(ids)) > 0
        new_ids, new_centres, total = ids[keep], new_centres[keep], total[keep]
        done = iters_left == 0 or _same_clustering(centres, new_centres, tolerance)
        ids, centres = new_ids, new_centres
        if not keep.all():
            bounds.drop(keep)
        if done:
            labels = bounds.labels
            break
        bounds.move(centres)
        iters_left -= 1
    order = np.argsort(ids, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return Clustering(
        ids=ids[order], centers=centres[order], labels=rank[labels], weights=total[order]
    )


def warm_start(
    points: np.ndarray,
    member_of: np.ndarray,
    previous_ids: np.ndarray,
    k: int,
    *,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Pol.is's ``clean-start-clusters``: reuse last run's clusters as the starting point.

    ``member_of[i]`` is the previous cluster id of point i, or −1 for a point that is new.
    Previous clusters are recentred on their members' current positions (clusters with no
    member left are dropped, identical centres are merged), then the point farthest from every
    centre becomes a cluster of its own until there are ``min(k, distinct points)`` clusters.
    Returns ``(ids, centres)``, or None when no previous cluster survives (start cold).
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    w = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=np.float64)
    previous_ids = np.asarray(previous_ids, dtype=np.int64)
    known = (member_of >= 0) & np.isin(member_of, previous_ids)
    if not known.any():
        return None
    ids = np.unique(member_of[known])
    assignment = np.full(len(points), -1, dtype=np.int64)
    assignment[known] = np.searchsorted(ids, member_of[known])
    centres, _ = _weighted_centres(points[known], w[known], assignment[known], len(ids))
    # Merge clusters whose centres coincide into the first of them.
    _, first, inverse = np.unique(centres, axis=0, return_index=True, return_inverse=True)
    keeper = first[inverse.ravel()]
    assignment[known] = keeper[assignment[known]]
    kept = np.sort(first)
    remap = np.full(len(ids), -1, dtype=np.int64)
    remap[kept] = np.arange(len(kept))
    assignment[known] = remap[assignment[known]]
    ids = ids[kept]
    target = min(k, len(first_distinct(points, len(points))))
    next_id = int(max(previous_ids.max(initial=-1), ids.max(initial=-1))) + 1
    while True:
        has = assignment >= 0
        centres, total = _weighted_centres(points[has], w[has], assignment[has], len(ids))
        alive = total > 0
        if not alive.all():
            remap = np.cumsum(alive) - 1
            assignment[has] = remap[assignment[has]]
            ids, centres = ids[alive], centres[alive]
        if len(ids) >= target:
            break
        _, dist = nearest(points, centres)
        far = int(np.argmax(dist))
        if dist[far] <= 0:
            break
        assignment[far] = len(ids)
        ids = np.append(ids, next_id)
        next_id += 1
    return ids, centres


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over the rows of ``distances`` (Pol.is's: unweighted, singletons 0).

    For row i in cluster C: ``a`` is its mean distance to the other members of C, ``b`` the
    smallest mean distance to the members of another cluster, ``s = (b − a) / max(a, b)``.
    """
    n = len(labels)
    k = int(labels.max()) + 1 if n else 0
    if n == 0 or k < 2:
        return 0.0
    onehot = np.zeros((n, k))
    onehot[np.arange(n), labels] = 1.0
    sizes = onehot.sum(axis=0)
    sums = distances @ onehot  # (n, k): total distance from i to each cluster's members
    own = sizes[labels] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        a = sums[np.arange(n), labels] / own
        mean_to = sums / sizes[None, :]
    mean_to[np.arange(n), labels] = np.inf
    b = mean_to.min(axis=1)
    denominator = np.maximum(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / denominator
    s[(own == 0) | ~np.isfinite(s)] = 0.0
    return float(s.mean())


def group_k_range(n_base: int, k_max: int) -> range:
    """Pol.is's ``max-k-fn``: k from 2 to ``min(k_max, 2 + n_base // 12)``."""
    return range(2, min(k_max, 2 + n_base // 12) + 1)


@dataclass(frozen=True)
class KSmoother:
    """Pol.is's ``group-k-smoother``: the best k must win ``buffer`` runs in a row."""

    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None

    def update(self, this_k: int, buffer: int = K_BUFFER) -> KSmoother:
        same = self.last_k is not None and this_k == self.last_k
        count = self.last_k_count + 1 if same else 1
        if count >= buffer:
            smoothed = this_k
        else:
            smoothed = self.smoothed_k if self.smoothed_k is not None else this_k
        return KSmoother(last_k=this_k, last_k_count=count, smoothed_k=smoothed)


@dataclass(frozen=True, eq=False)
class GroupChoice:
    clusterings: dict[int, Clustering]
    silhouettes: dict[int, float]
    best_k: int
    smoother: KSmoother = field(default_factory=KSmoother)

    @property
    def k(self) -> int:
        return self.smoother.smoothed_k or self.best_k


def inertia(points: np.ndarray, weights: np.ndarray, clustering: Clustering) -> float:
    """Weighted sum of squared distances to the assigned centres."""
    offsets = points - clustering.centers[clustering.labels]
    return float((weights * (offsets**2).sum(axis=1)).sum())


def kmeans_plus_plus(
    points: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator
) -> np.ndarray:
    """Indices of k seeding points by weighted k-means++ (Arthur and Vassilvitskii, 2007)."""
    chosen = [int(rng.choice(len(points), p=weights / weights.sum()))]
    closest = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        mass = weights * closest
        if mass.sum() <= 0:
            break
        pick = int(rng.choice(len(points), p=mass / mass.sum()))
        chosen.append(pick)
        closest = np.minimum(closest, ((points - points[pick]) ** 2).sum(axis=1))
    return np.array(chosen, dtype=np.int64)


def _best_of_restarts(
    centres: np.ndarray,
    weights: np.ndarray,
    k: int,
    first: Clustering,
    *,
    restarts: int,
    seed: int,
    max_iters: int,
) -> Clustering:
    """Pol.is's clustering unless a k-means++ restart has lower inertia with k clusters."""
    best, best_inertia = first, inertia(centres, weights, first)
    rng = np.random.default_rng([seed, k])
    for _ in range(restarts):
        seeds = kmeans_plus_plus(centres, weights, k, rng)
        start = (np.arange(len(seeds), dtype=np.int64), centres[seeds])
        candidate = kmeans(centres, k, weights=weights, start=start, max_iters=max_iters)
        value = inertia(centres, weights, candidate)
        if candidate.k >= best.k and value < best_inertia * (1 - 1e-9):
            best, best_inertia = candidate, value
    if best is first:
        return first
    # Number a restart's clusters by weight, largest first, so ids do not depend on the seed.
    order = np.lexsort((best.centers[:, 1], best.centers[:, 0], -best.weights))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return Clustering(
        ids=np.arange(best.k, dtype=np.int64),
        centers=best.centers[order],
        labels=rank[best.labels],
        weights=best.weights[order],
    )


def choose_groups(
    base: Clustering,
    *,
    k_max: int,
    restarts: int = 0,
    seed: int = 0,
    previous: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
    smoother: KSmoother | None = None,
    buffer: int = K_BUFFER,
    max_iters: int = GROUP_MAX_ITERS,
) -> GroupChoice:
    """Cluster the base clusters for every allowed k and pick k by silhouette and smoothing.

    ``previous`` maps k to ``(group ids, base-cluster ids' group id)`` from the last run, for a
    warm start per k, as Pol.is does.
    """
    centres = base.centers
    weights = base.weights
    n_base = len(centres)
    diff = centres[:, None, :] - centres[None, :, :]
    distances = np.sqrt((diff**2).sum(axis=2))
    clusterings: dict[int, Clustering] = {}
    silhouettes: dict[int, float] = {}
    k_values = group_k_range(n_base, k_max) if len(first_distinct(centres, 2)) >= 2 else range(0)
    for k in k_values:
        start = None
        if previous and k in previous:
            previous_ids, member_of = previous[k]
            start = warm_start(centres, member_of, previous_ids, k, weights=weights)
        clustering = kmeans(centres, k, weights=weights, start=start, max_iters=max_iters)
        if restarts and start is None:
            clustering = _best_of_restarts(
                centres, weights, k, clustering, restarts=restarts, seed=seed, max_iters=max_iters
            )
        clusterings[k] = clustering
        silhouettes[k] = silhouette(distances, clustering.labels)
    if not clusterings:
        # Fewer than two base clusters: everyone is in one group.
        labels = np.zeros(n_base, dtype=np.int64)
        single = Clustering(
            ids=np.zeros(min(n_base, 1), dtype=np.int64),
            centers=(weights @ centres / weights.sum())[None, :] if n_base else np.zeros((0, 2)),
            labels=labels,
            weights=np.array([weights.sum()]) if n_base else np.zeros(0),
        )
        return GroupChoice(
            clusterings={1: single},
            silhouettes={1: 0.0},
            best_k=1,
            smoother=KSmoother(last_k=1, last_k_count=1, smoothed_k=1),
        )
    # Pol.is's max-key returns the last of equal maxima: the largest k among ties.
    # (A k whose k-means came back with fewer clusters still counts under its own k.)
    best_k = max(silhouettes, key=lambda key: (silhouettes[key], key))
    new_smoother = (smoother or KSmoother()).update(best_k, buffer)
    if new_smoother.smoothed_k not in clusterings:
        new_smoother = KSmoother(
            last_k=new_smoother.last_k,
            last_k_count=new_smoother.last_k_count,
            smoothed_k=best_k,
        )
    return GroupChoice(
        clusterings=clusterings, silhouettes=silhouettes, best_k=best_k, smoother=new_smoother
    )
