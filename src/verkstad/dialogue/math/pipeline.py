"""The whole opinion map in one call: ``opinion_map(votes) -> OpinionMap``.

Steps (each in its own module): vote matrix → participant filter → PCA and projection → base
clusters → groups (k by silhouette, smoothed across runs) → representative statements →
consensus, group-aware consensus, divisive and uncertain statements → statement priorities.

Pass the previous run's ``OpinionMap.state`` as ``previous`` to continue a conversation the
way Pol.is does: sticky participant filter, warm-started k-means and k smoothing, so groups
keep their ids and k changes only after the same k has won ``k_buffer`` runs in a row.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from verkstad.dialogue.math import clusters as clusters_mod
from verkstad.dialogue.math.clusters import Clustering, KSmoother, choose_groups, kmeans
from verkstad.dialogue.math.consensus import (
    Consensus,
    DivisiveStatement,
    group_aware_consensus,
    select_consensus,
    select_divisive,
    select_uncertain,
)
from verkstad.dialogue.math.filter import GREEDY_N, MIN_VOTES, clustered_participants
from verkstad.dialogue.math.matrix import VoteMatrix, vote_matrix
from verkstad.dialogue.math.pca import Pca, pca_fit, project_participants, project_statements
from verkstad.dialogue.math.priority import priorities
from verkstad.dialogue.math.repness import RepStatement, repness_stats, select_rep_statements


@dataclass(frozen=True, eq=False)
class OpinionMapState:
    """What the next run needs from this one (Pol.is keeps the same in its conversation)."""

    in_conv: np.ndarray  # participant ids that have been clustered
    base_member_ids: np.ndarray  # participant ids of the clustered, sorted
    base_member_of: np.ndarray  # their base-cluster id
    base_ids: np.ndarray
    group_clusterings: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]
    # k -> (group ids, base ids, each base id's group id)
    smoother: KSmoother


@dataclass(frozen=True)
class Group:
    id: int
    members: int
    center: tuple[float, float]
    representative: list[RepStatement]


@dataclass(frozen=True, eq=False)
class OpinionMap:
    participant_ids: np.ndarray
    statement_ids: np.ndarray
    n_votes: int
    clustered: np.ndarray  # bool per participant
    coordinates: np.ndarray  # (n_participants, 2)
    group_of: np.ndarray  # group id per participant, −1 when not placed
    base: Clustering
    groups: list[Group]
    k: int
    best_k: int
    silhouettes: dict[int, float]
    pca: Pca
    statement_coordinates: np.ndarray  # (n_statements, 2)
    extremity: np.ndarray
    mod_out: np.ndarray
    consensus: Consensus
    group_aware_consensus_agree: np.ndarray
    group_aware_consensus_disagree: np.ndarray
    divisive: list[DivisiveStatement]
    uncertain: list[tuple[int, float]]
    priorities: np.ndarray
    seed: int
    parameters: dict[str, Any]
    timings: dict[str, float]
    state: OpinionMapState = field(repr=False)

    @property
    def n_participants(self) -> int:
        return len(self.participant_ids)

    @property
    def n_statements(self) -> int:
        return len(self.statement_ids)

    def to_dict(self, *, coordinates: bool = True) -> dict[str, Any]:
        """Plain lists, numbers and strings only: ``json.dumps`` takes it as is."""
        sid = [_plain(x) for x in self.statement_ids]
        pid = [_plain(x) for x in self.participant_ids]

        def rep(item: RepStatement) -> dict[str, Any]:
            return {
                "statement_id": sid[item.statement],
                "repful_for": item.repful_for,
                "n_success": item.n_success,
                "n_trials": item.n_trials,
                "p_success": _num(item.p_success),
                "p_test": _num(item.p_test),
                "repness": _num(item.repness),
                "repness_test": _num(item.repness_test),
                "best_agree": item.best_agree,
            }

        def cons(items) -> list[dict[str, Any]]:
            return [
                {
                    "statement_id": sid[c.statement],
                    "n_success": c.n_success,
                    "n_trials": c.n_trials,
                    "p_success": _num(c.p_success),
                    "p_test": _num(c.p_test),
                }
                for c in items
            ]

        def gac_top(values: np.ndarray) -> list[dict[str, Any]]:
            keep = np.flatnonzero(~self.mod_out)
            ranked = keep[np.argsort(-values[keep], kind="stable")][:5]
            return [{"statement_id": sid[j], "value": _num(values[j])} for j in ranked]

        xy = self.coordinates
        placed = self.group_of >= 0
        out: dict[str, Any] = {
            "seed": self.seed,
            "parameters": self.parameters,
            "counts": {
                "participants": self.n_participants,
                "statements": self.n_statements,
                "votes": self.n_votes,
                "clustered": int(self.clustered.sum()),
                "placed": int(placed.sum()),
                "moderated_out": int(self.mod_out.sum()),
                "base_clusters": self.base.k,
            },
            "n_groups": self.k,
            "k": self.k,
            "best_k": self.best_k,
            "silhouettes": {str(k): _num(v) for k, v in self.silhouettes.items()},
            "participants": {
                pid[i]: (int(self.group_of[i]) if placed[i] else None)
                for i in range(self.n_participants)
            },
            "groups": [
                {
                    "id": g.id,
                    "members": g.members,
                    "center": [_num(g.center[0]), _num(g.center[1])],
                    "representative": [rep(r) for r in g.representative],
                }
                for g in self.groups
            ],
            "consensus": {
                "agree": cons(self.consensus.agree),
                "disagree": cons(self.consensus.disagree),
            },
            "group_aware_consensus": {
                "agree": gac_top(self.group_aware_consensus_agree),
                "disagree": gac_top(self.group_aware_consensus_disagree),
            },
            "divisive": [
                {
                    "statement_id": sid[d.statement],
                    "divisiveness": _num(d.divisiveness),
                    "most_agreeing_group": d.most_agreeing_group,
                    "least_agreeing_group": d.least_agreeing_group,
                    "z": _num(d.z),
                }
                for d in self.divisive
            ],
            "uncertain": [
                {"statement_id": sid[j], "pass_share": _num(share)} for j, share in self.uncertain
            ],
            "pca": {
                "explained_variance_ratio": [_num(x) for x in self.pca.explained_variance_ratio],
                "summary": {axis: _summary(xy[:, i]) for i, axis in enumerate(("x", "y"))},
                "statements": {
                    sid[j]: {
                        "x": _num(self.statement_coordinates[j, 0]),
                        "y": _num(self.statement_coordinates[j, 1]),
                        "extremity": _num(self.extremity[j]),
                        "priority": _num(self.priorities[j]),
                    }
                    for j in range(self.n_statements)
                },
            },
            "timings": {name: round(value, 6) for name, value in self.timings.items()},
        }
        if coordinates:
            out["pca"]["participants"] = {
                pid[i]: [_num(xy[i, 0]), _num(xy[i, 1])] for i in range(self.n_participants)
            }
        return out


def _plain(value: Any) -> Any:
    value = value.item() if isinstance(value, np.generic) else value
    return str(value)


def _num(value: float) -> float | None:
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def _summary(values: np.ndarray) -> dict[str, float | None]:
    if len(values) == 0:
        return {"min": None, "max": None, "mean": None, "std": None}
    return {
        "min": _num(values.min()),
        "max": _num(values.max()),
        "mean": _num(values.mean()),
        "std": _num(values.std()),
    }


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray, default: int) -> np.ndarray:
    """``values`` at ``wanted`` by the sorted ``keys``, ``default`` where missing."""
    out = np.full(len(wanted), default, dtype=np.int64)
    if len(keys) == 0 or len(wanted) == 0:
        return out
    position = np.clip(np.searchsorted(keys, wanted), 0, len(keys) - 1)
    found = keys[position] == wanted
    out[found] = values[position[found]]
    return out


def opinion_map(
    votes: VoteMatrix | Iterable[tuple[Any, Any, int]],
    *,
    k_max: int = 5,
    seed: int = 0,
    min_votes: int = MIN_VOTES,
    greedy_n: int = GREEDY_N,
    base_k: int = clusters_mod.BASE_K,
    k_buffer: int = clusters_mod.K_BUFFER,
    mod_out: Iterable[Any] = (),
    meta: Iterable[Any] = (),
    pick_max: int = 5,
    restarts: int = clusters_mod.GROUP_RESTARTS,
    previous: OpinionMapState | None = None,
) -> OpinionMap:
    """Compute the opinion map of ``votes``: a ``VoteMatrix`` or (participant, statement,
    vote) triples, the latest vote per pair counting. ``mod_out`` and ``meta`` are statement
    ids: rejected statements, and meta statements (about the conversation itself), which are
    left out of the math like rejected ones but get Pol.is's fixed priority 49. Deterministic
    for a given ``seed``.
    """
    if k_max < 2:
        raise ValueError("k_max must be at least 2")
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    started = clock
    if not isinstance(votes, VoteMatrix):
        rows = list(votes)
        p = np.array([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
        s = np.array([r[1] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
        v = np.array([r[2] for r in rows], dtype=np.int64) if rows else np.zeros(0, np.int64)
        votes = vote_matrix(p, s, v)
    matrix = votes
    n_rows, n_cols = matrix.shape
    sids = matrix.statement_ids
    mod_out_mask = np.isin(sids, np.asarray(list(mod_out), dtype=sids.dtype))
    meta_mask = np.isin(sids, np.asarray(list(meta), dtype=sids.dtype))
    # Pol.is moderates meta statements out of the math too; they keep their own priority.
    mod_out_mask |= meta_mask
    lap("matrix")

    already_in = None
    if previous is not None:
        already_in = np.isin(matrix.participant_ids, previous.in_conv)
    clustered = clustered_participants(
        matrix.votes_per_participant(),
        n_cols,
        min_votes=min_votes,
        greedy_n=greedy_n,
        already_in=already_in,
    )
    lap("filter")

    pca, centred = pca_fit(matrix, mod_out=mod_out_mask, seed=seed)
    coordinates = project_participants(matrix, pca, centred, mod_out_mask)
    statement_coordinates = project_statements(pca)
    extremity = np.sqrt((statement_coordinates**2).sum(axis=1))
    del centred
    lap("pca")

    rows_in = np.flatnonzero(clustered)
    points = coordinates[rows_in]
    start = None
    if previous is not None and len(previous.base_ids):
        member_of = _lookup(
            previous.base_member_ids,
            previous.base_member_of,
            matrix.participant_ids[rows_in],
            -1,
        )
        start = clusters_mod.warm_start(points, member_of, previous.base_ids, base_k)
    base = kmeans(points, base_k, start=start, max_iters=clusters_mod.BASE_MAX_ITERS)
    lap("base_clusters")

    previous_groups = None
    if previous is not None:
        previous_groups = {
            k: (group_ids, _lookup(base_ids, group_of_base, base.ids, -1))
            for k, (group_ids, base_ids, group_of_base) in previous.group_clusterings.items()
        }
    choice = choose_groups(
        base,
        k_max=k_max,
        previous=previous_groups,
        smoother=previous.smoother if previous is not None else None,
        buffer=k_buffer,
        restarts=restarts,
        seed=seed,
    )
    chosen = choice.clusterings[choice.k]
    group_of = np.full(n_rows, -1, dtype=np.int64)
    if len(rows_in) and chosen.k:
        group_of[rows_in] = chosen.labels[base.labels]
    n_groups = chosen.k
    lap("groups")

    agree_g, disagree_g, seen_g = matrix.group_column_counts(group_of, n_groups)
    stats = repness_stats(agree_g, disagree_g, seen_g)
    representative = select_rep_statements(stats, excluded=mod_out_mask, pick_max=pick_max)
    lap("repness")

    agree_all, disagree_all, seen_all = matrix.column_counts()
    consensus = select_consensus(
        agree_all, disagree_all, seen_all, excluded=mod_out_mask, pick_max=pick_max
    )
    gac_agree, gac_disagree = group_aware_consensus(agree_g, disagree_g, seen_g)
    divisive = select_divisive(
        agree_g, disagree_g, seen_g, excluded=mod_out_mask, pick_max=pick_max
    )
    uncertain = select_uncertain(agree_all, disagree_all, seen_all, excluded=mod_out_mask)
    statement_priorities = priorities(
        agree_g.sum(axis=0),
        disagree_g.sum(axis=0),
        seen_g.sum(axis=0),
        extremity,
        meta=meta_mask,
    )
    lap("consensus")

    members = np.bincount(group_of[group_of >= 0], minlength=n_groups)
    groups = [
        Group(
            id=g,
            members=int(members[g]),
            center=(float(chosen.centers[g, 0]), float(chosen.centers[g, 1])),
            representative=representative[g],
        )
        for g in range(n_groups)
    ]
    base_of = base.ids[base.labels] if len(rows_in) else np.zeros(0, dtype=np.int64)
    state = OpinionMapState(
        in_conv=matrix.participant_ids[rows_in],
        base_member_ids=matrix.participant_ids[rows_in],
        base_member_of=base_of,
        base_ids=base.ids,
        group_clusterings={
            k: (c.ids, base.ids, c.ids[c.labels]) for k, c in choice.clusterings.items() if k >= 2
        },
        smoother=choice.smoother,
    )
    timings["total"] = time.perf_counter() - started
    return OpinionMap(
        participant_ids=matrix.participant_ids,
        statement_ids=sids,
        n_votes=matrix.n_votes,
        clustered=clustered,
        coordinates=coordinates,
        group_of=group_of,
        base=base,
        groups=groups,
        k=n_groups,
        best_k=choice.best_k,
        silhouettes=choice.silhouettes,
        pca=pca,
        statement_coordinates=statement_coordinates,
        extremity=extremity,
        mod_out=mod_out_mask,
        consensus=consensus,
        group_aware_consensus_agree=gac_agree,
        group_aware_consensus_disagree=gac_disagree,
        divisive=divisive,
        uncertain=uncertain,
        priorities=statement_priorities,
        seed=seed,
        parameters={
            "k_max": k_max,
            "min_votes": min_votes,
            "greedy_n": greedy_n,
            "base_k": base_k,
            "k_buffer": k_buffer,
            "pick_max": pick_max,
            "restarts": restarts,
            "warm_start": previous is not None,
        },
        timings=timings,
        state=state,
    )
