"""Opinion map: time and peak memory against red-dwarf and a dense numpy baseline.

Every (implementation, data set) pair runs in a fresh process, so peak RSS is that run's own
(the interpreter and imports included; the growth during the run is reported too). The real
Pol.is exports are also scored against Pol.is's own ``group-id`` (adjusted Rand index).

    OMP_NUM_THREADS=1 .venv/bin/python bench/bench_opinion_map.py            # everything
    .venv/bin/python bench/bench_opinion_map.py --sizes 1000x200 --skip-red-dwarf --json

red-dwarf is a bench-only comparison (``pip install 'red-dwarf>=0.4,<0.5'``); without it the
red-dwarf rows are skipped. The dense baseline is our own pipeline with a dense numpy vote
matrix and dense PCA: what a straightforward numpy port of Pol.is would use.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

EXPORTS = ROOT.parent / "shared" / "data" / "polis"
DEFAULT_SIZES = ["1000x300", "10000x300", "100000x300", "20000x1000", "100000x2000"]
# Dense baseline and red-dwarf hold participants × statements in memory; skip them above this.
DENSE_MAX_CELLS = 60_000_000
RED_DWARF_MAX_VOTES = 1_200_000


def synthetic_votes(
    n_participants: int, n_statements: int, *, mean_votes: int = 50, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Votes from three latent opinion groups with Pol.is-like sparsity.

    Each participant votes on a geometric number of statements (mean ``mean_votes``, at least
    one, at most all), chosen with a popularity skew (early statements are seen more); 20 % of
    the votes are passes.
    """
    rng = np.random.default_rng(seed)
    n_votes = np.minimum(rng.geometric(1 / mean_votes, n_participants), n_statements)
    total = int(n_votes.sum())
    participants = np.repeat(np.arange(n_participants, dtype=np.int64), n_votes)
    popularity = 1.0 / np.sqrt(np.arange(1, n_statements + 1))
    popularity /= popularity.sum()
    statements = rng.choice(n_statements, size=total, p=popularity)
    # Drop repeats per participant, as a participant votes once per statement.
    cell = np.unique(participants * n_statements + statements)
    participants, statements = cell // n_statements, cell % n_statements
    group = rng.integers(0, 3, n_participants)
    lean = rng.uniform(-1, 1, (3, n_statements))
    p_agree = 0.5 + 0.4 * lean[group[participants], statements]
    votes = np.where(rng.random(len(cell)) < p_agree, 1, -1)
    votes[rng.random(len(cell)) < 0.2] = 0
    return participants, statements, votes.astype(np.int8)


def load(dataset: str) -> dict:
    if dataset.startswith("polis:"):
        from verkstad.dialogue.math.polis_export import read_polis_export

        export = read_polis_export(EXPORTS / dataset.split(":", 1)[1])
        return {
            "participants": export.participants,
            "statements": export.statements,
            "votes": export.votes,
            "times": export.times,
            "mod_out": export.mod_out,
            "polis_groups": export.polis_groups,
        }
    n_p, n_s = (int(x) for x in dataset.split("x"))
    participants, statements, votes = synthetic_votes(n_p, n_s)
    return {
        "participants": participants,
        "statements": statements,
        "votes": votes,
        "times": None,
        "mod_out": [],
        "polis_groups": {},
    }


def run_ours(data: dict, *, dense: bool = False) -> dict[int, int | None]:
    from verkstad.dialogue.math import opinion_map, vote_matrix

    matrix = vote_matrix(
        data["participants"], data["statements"], data["votes"], times=data["times"]
    )
    if dense:
        return _run_dense(matrix, data["mod_out"])
    result = opinion_map(matrix, mod_out=data["mod_out"], seed=0)
    return {
        int(p): (int(g) if g >= 0 else None)
        for p, g in zip(result.participant_ids, result.group_of, strict=True)
    }


def _run_dense(matrix, mod_out: list) -> dict[int, int | None]:
    """The same steps on a dense matrix with NaN for missing votes (the naive port)."""
    from verkstad.dialogue.math.clusters import GROUP_RESTARTS, choose_groups, kmeans
    from verkstad.dialogue.math.filter import clustered_participants

    n_rows, n_cols = matrix.shape
    dense = np.full((n_rows, n_cols), np.nan)
    dense[matrix.row_of_entry(), matrix.indices] = matrix.values
    vote_counts = (~np.isnan(dense)).sum(axis=1)
    out = np.isin(matrix.statement_ids, mod_out)
    dense[:, out] = 0.0
    present = ~np.isnan(dense)
    center = np.nanmean(dense, axis=0)
    filled = np.where(present, dense, center)
    centred = filled - center
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:2]
    raw = np.where(present, dense - center, 0.0) @ comps.T
    scale = np.sqrt(n_cols / np.maximum(present.sum(axis=1), 1))
    coords = raw * scale[:, None]
    clustered = clustered_participants(vote_counts, n_cols)
    rows = np.flatnonzero(clustered)
    base = kmeans(coords[rows], 100, max_iters=100, bounded=False)
    choice = choose_groups(base, k_max=5, restarts=GROUP_RESTARTS, seed=0)
    labels = choice.clusterings[choice.k].labels[base.labels]
    groups = np.full(n_rows, -1)
    groups[rows] = labels
    return {
        int(p): (int(g) if g >= 0 else None)
        for p, g in zip(matrix.participant_ids, groups, strict=True)
    }


def red_dwarf_votes(data: dict) -> list[dict]:
    """red-dwarf's input (built before the clock starts): the latest vote per pair, since
    its ``run_pipeline`` cannot take a vote log with changed votes."""
    from verkstad.dialogue.math import vote_matrix

    matrix = vote_matrix(
        data["participants"], data["statements"], data["votes"], times=data["times"]
    )
    rows = matrix.participant_ids[matrix.row_of_entry()]
    cols = matrix.statement_ids[matrix.indices]
    return [
        {"participant_id": int(p), "statement_id": int(s), "vote": int(v), "modified": i}
        for i, (p, s, v) in enumerate(zip(rows, cols, matrix.values, strict=True))
    ]


def run_red_dwarf(votes: list[dict], mod_out: list) -> dict[int, int | None]:
    from reddwarf.implementations.polis import run_pipeline

    result = run_pipeline(votes=votes, mod_out_statement_ids=mod_out, random_state=0)
    frame = result.participants_df
    return {
        int(p): (None if g != g else int(g))
        for p, g in zip(frame.index, frame["cluster_id"].astype("float"), strict=True)
    }


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(implementation: str, dataset: str) -> None:
    """One measured run, in this (fresh) process; prints one JSON line."""
    from verkstad.dialogue.math import adjusted_rand_index

    data = load(dataset)
    if implementation == "red-dwarf":
        import reddwarf.implementations.polis  # noqa: F401  imports are not timed

        votes = red_dwarf_votes(data)
    rss_before = _rss_mb()
    started = time.perf_counter()
    cpu_started = time.process_time()
    if implementation == "verkstad":
        groups = run_ours(data)
    elif implementation == "dense-numpy":
        groups = run_ours(data, dense=True)
    else:
        groups = run_red_dwarf(votes, data["mod_out"])
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    placed = [g for g in groups.values() if g is not None]
    ari = None
    if data["polis_groups"]:
        common = [
            (groups[p], g)
            for p, g in data["polis_groups"].items()
            if g is not None and groups.get(p) is not None
        ]
        if common:
            ours, theirs = zip(*common, strict=True)
            ari = adjusted_rand_index(list(ours), list(theirs))
    sizes = np.bincount(placed).tolist() if placed else []
    print(
        json.dumps(
            {
                "implementation": implementation,
                "dataset": dataset,
                "votes": int(len(data["votes"])),
                "wall_s": wall,
                "cpu_s": cpu,
                "peak_rss_mb": peak,
                "rss_before_mb": rss_before,
                "k": len([s for s in sizes if s]),
                "group_sizes": sorted((s for s in sizes if s), reverse=True),
                "ari_vs_polis": ari,
            }
        )
    )


def measure(implementation: str, dataset: str, repeats: int) -> dict | None:
    runs = []
    for _ in range(repeats):
        completed = subprocess.run(
            [sys.executable, __file__, "--child", implementation, dataset],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if completed.returncode != 0:
            tail = completed.stderr.strip().splitlines()[-1:] or ["(no message)"]
            return {"implementation": implementation, "dataset": dataset, "error": tail[0]}
        runs.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    runs.sort(key=lambda run: run["wall_s"])
    best = runs[len(runs) // 2]
    best["wall_s_runs"] = [round(run["wall_s"], 3) for run in runs]
    best["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=DEFAULT_SIZES, help="PxS synthetic sizes")
    parser.add_argument("--repeats", type=int, default=3, help="runs per pair (median wall)")
    parser.add_argument("--skip-red-dwarf", action="store_true")
    parser.add_argument("--skip-dense", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--child", nargs=2, metavar=("IMPLEMENTATION", "DATASET"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    try:
        import reddwarf  # noqa: F401

        have_red_dwarf = not args.skip_red_dwarf
    except ImportError:
        have_red_dwarf = False
    datasets = [f"polis:{d.name}" for d in sorted(EXPORTS.iterdir()) if d.is_dir()]
    datasets += args.sizes
    rows = []
    for dataset in datasets:
        cells = 0
        votes_estimate = 0
        if not dataset.startswith("polis:"):
            n_p, n_s = (int(x) for x in dataset.split("x"))
            cells = n_p * n_s
            votes_estimate = n_p * 50
        implementations = ["verkstad"]
        if not args.skip_dense and cells <= DENSE_MAX_CELLS:
            implementations.append("dense-numpy")
        if have_red_dwarf and votes_estimate <= RED_DWARF_MAX_VOTES:
            implementations.append("red-dwarf")
        for implementation in implementations:
            row = measure(implementation, dataset, args.repeats)
            rows.append(row)
            if not args.json:
                print(_format(row), flush=True)
    if args.json:
        print(json.dumps({"machine": _machine(), "rows": rows}, indent=2))
    else:
        print(json.dumps(_machine()))


def _format(row: dict) -> str:
    if "error" in row:
        return f"{row['implementation']:12} {row['dataset']:34} ERROR {row['error']}"
    ari = "" if row["ari_vs_polis"] is None else f" ARI {row['ari_vs_polis']:.3f}"
    return (
        f"{row['implementation']:12} {row['dataset']:34} votes {row['votes']:>9} "
        f"wall {row['wall_s']:7.3f} s cpu {row['cpu_s']:7.3f} s  peak {row['peak_rss_mb']:7.1f} MB "
        f"(+{row['peak_rss_mb'] - row['rss_before_mb']:.1f}) k {row['k']} "
        f"{row['group_sizes']}{ari}"
    )


def _machine() -> dict:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d"),
    }


if __name__ == "__main__":
    main()
