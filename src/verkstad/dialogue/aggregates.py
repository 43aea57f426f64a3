"""What the report needs beside the opinion map: counts, the actor-type lens, a binned map.

Pure numpy, no Django (like ``dialogue.math``): the task feeds it arrays of vote rows and
stores what it returns in ``OpinionSnapshot.data["report"]``. Everything it returns is an
aggregate, and **every figure about fewer than** :data:`MIN_PEOPLE` **people is replaced by
``None`` with ``"suppressed": True`` before it is stored**: a statement's counts when fewer
than five people voted on it, a group's counts when fewer than five of its members voted, an
actor type's row when fewer than five people declared it, and each of its cells likewise.
The map stores no participant's position, only how many of each group fall in each cell of
a coarse grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: The smallest number of people any published figure may be about.
MIN_PEOPLE = 5
#: Cells per side of the grid the map's positions are binned into.
GRID = 24


def cell(disagree: int, passed: int, agree: int) -> dict[str, Any]:
    """One agree / disagree / pass tally, suppressed when fewer than five people voted."""
    voters = int(disagree + passed + agree)
    if voters < MIN_PEOPLE:
        return {"suppressed": True, "voters": None, "agree": None, "disagree": None, "pass": None}
    return {
        "suppressed": False,
        "voters": voters,
        "agree": int(agree),
        "disagree": int(disagree),
        "pass": int(passed),
    }


def people(count: int) -> dict[str, Any]:
    """A number of people, suppressed below five."""
    if count < MIN_PEOPLE:
        return {"suppressed": True, "people": None}
    return {"suppressed": False, "people": int(count)}


def _tally(rows: np.ndarray, n_rows: int, cols: np.ndarray, n_cols: int, values: np.ndarray):
    """Counts of (disagree, pass, agree) per (row, column): shape ``(n_rows, n_cols, 3)``."""
    keep = (rows >= 0) & (cols >= 0)
    flat = (rows[keep] * n_cols + cols[keep]) * 3 + (values[keep] + 1)
    return np.bincount(flat, minlength=n_rows * n_cols * 3).reshape(n_rows, n_cols, 3)


def _index(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Position of each ``wanted`` in the sorted ``keys``, −1 where missing."""
    out = np.full(len(wanted), -1, dtype=np.int64)
    if len(keys) == 0 or len(wanted) == 0:
        return out
    pos = np.clip(np.searchsorted(keys, wanted), 0, len(keys) - 1)
    found = keys[pos] == wanted
    out[found] = pos[found]
    return out


def _lookup_group(group_of: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``group_of[rows]``, −1 where the row is −1 (or there are no groups at all)."""
    if len(group_of) == 0:
        return np.full(len(rows), -1, dtype=np.int64)
    return np.where(rows >= 0, group_of[np.clip(rows, 0, None)], -1)


def report_aggregates(
    *,
    participants: np.ndarray,
    statements: np.ndarray,
    values: np.ndarray,
    statement_ids: Sequence[int],
    participant_ids: np.ndarray,
    group_of: np.ndarray,
    n_groups: int,
    actor_type_of: dict[int, str],
    actor_types: Sequence[str],
    coordinates: np.ndarray | None = None,
) -> dict[str, Any]:
    """The report block of a snapshot.

    ``participants``, ``statements`` and ``values`` are the vote rows (participant number,
    statement number, +1 / 0 / −1), the latest per pair. ``statement_ids`` are the statements
    to report on; ``participant_ids`` with ``group_of`` (−1 = not placed) and ``coordinates``
    come from the opinion map; ``actor_type_of`` maps a participant number to the declared
    actor type ("" or missing = none declared), ``actor_types`` gives the order of the lens.
    """
    participants = np.asarray(participants, dtype=np.int64)
    statements = np.asarray(statements, dtype=np.int64)
    values = np.asarray(values, dtype=np.int64)
    sids = np.asarray(sorted(statement_ids), dtype=np.int64)
    pids = np.asarray(participant_ids, dtype=np.int64)
    group_of = np.asarray(group_of, dtype=np.int64)
    col = _index(sids, statements)
    row = _index(pids, participants)
    vote_group = _lookup_group(group_of, row)

    overall = _tally(np.zeros(len(values), np.int64), 1, col, len(sids), values)[0]
    by_group = _tally(vote_group, max(n_groups, 0), col, len(sids), values)

    statement_block: dict[str, Any] = {}
    for j, sid in enumerate(sids):
        d, p, a = overall[j]
        statement_block[str(sid)] = {
            **cell(d, p, a),
            "groups": {str(g): cell(*by_group[g, j]) for g in range(n_groups)},
        }

    members = np.bincount(group_of[group_of >= 0], minlength=n_groups) if n_groups else []
    groups_block = {str(g): people(int(members[g])) for g in range(n_groups)}

    # The actor-type lens: who declared which type, over the people who voted.
    type_index = {t: i for i, t in enumerate(actor_types)}
    voter_numbers = np.unique(participants)
    voter_type = np.array(
        [type_index.get(actor_type_of.get(int(n), ""), -1) for n in voter_numbers],
        dtype=np.int64,
    )
    vote_type = voter_type[_index(voter_numbers, participants)] if len(participants) else row
    by_type = _tally(vote_type, len(actor_types), col, len(sids), values)
    voter_row = _index(pids, voter_numbers)
    voter_group = _lookup_group(group_of, voter_row)
    lens_rows = []
    hidden_types = 0
    for t, name in enumerate(actor_types):
        mine = voter_type == t
        total = int(mine.sum())
        if total == 0:
            continue
        if total < MIN_PEOPLE:
            hidden_types += 1
            continue
        groups_here = np.bincount(voter_group[mine & (voter_group >= 0)], minlength=n_groups)
        lens_rows.append(
            {
                "actor_type": name,
                **people(total),
                "statements": {str(sid): cell(*by_type[t, j]) for j, sid in enumerate(sids)},
                "groups": {str(g): people(int(groups_here[g])) for g in range(n_groups)},
            }
        )
    declared = int((voter_type >= 0).sum())
    lens = {
        "min_people": MIN_PEOPLE,
        "declared": people(declared),
        "undeclared": people(len(voter_numbers) - declared),
        "hidden_actor_types": hidden_types,
        "actor_types": lens_rows,
    }

    return {
        "min_people": MIN_PEOPLE,
        "voters": len(voter_numbers),
        "statements": statement_block,
        "groups": groups_block,
        "lens": lens,
        "map": binned_map(coordinates, group_of, n_groups) if coordinates is not None else None,
    }


def binned_map(coordinates: np.ndarray, group_of: np.ndarray, n_groups: int) -> dict[str, Any]:
    """The placed participants' positions as counts per grid cell and group, and each group's
    outline (the convex hull of its cells' centres). No single position is kept."""
    coordinates = np.asarray(coordinates, dtype=np.float64).reshape(-1, 2)
    placed = (group_of >= 0) & np.isfinite(coordinates).all(axis=1)
    if not placed.any():
        return {"bounds": None, "grid": GRID, "cells": [], "hulls": {}}
    xy = coordinates[placed]
    groups = group_of[placed]
    lo = xy.min(axis=0)
    hi = xy.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    pad = span * 0.05
    lo, hi = lo - pad, hi + pad
    span = hi - lo
    ij = np.clip(((xy - lo) / span * GRID).astype(np.int64), 0, GRID - 1)
    flat = (groups * GRID + ij[:, 0]) * GRID + ij[:, 1]
    counts = np.bincount(flat, minlength=max(n_groups, 1) * GRID * GRID)
    cells = []
    hulls: dict[str, list[list[float]]] = {}
    for key in np.flatnonzero(counts):
        g, rest = divmod(int(key), GRID * GRID)
        i, j = divmod(rest, GRID)
        cells.append([g, i, j, int(counts[key])])
    for g in range(n_groups):
        centres = [((i + 0.5) / GRID, (j + 0.5) / GRID) for gg, i, j, _ in cells if gg == g]
        hulls[str(g)] = [[round(x, 4), round(y, 4)] for x, y in convex_hull(centres)]
    return {
        "bounds": [round(float(v), 6) for v in (lo[0], hi[0], lo[1], hi[1])],
        "grid": GRID,
        "cells": cells,
        "hulls": hulls,
    }


def convex_hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain; fewer than three distinct points come back as they are."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
