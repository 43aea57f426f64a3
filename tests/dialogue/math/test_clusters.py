from __future__ import annotations

import numpy as np
import pytest

from verkstad.dialogue.math.clusters import (
    Clustering,
    KSmoother,
    choose_groups,
    first_distinct,
    group_k_range,
    kmeans,
    silhouette,
    warm_start,
)


def lloyd(points: np.ndarray, centres: np.ndarray, steps: int) -> np.ndarray:
    """Brute-force reference: measure every point against every centre each step."""
    for _ in range(steps):
        d = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels = d.argmin(axis=1)
        used = np.unique(labels)
        centres = np.array([points[labels == c].mean(axis=0) for c in used])
    return labels


def test_cold_start_takes_the_first_distinct_points_in_row_order() -> None:
    points = np.array([[0, 0], [0, 0], [5, 5], [1, 1]], dtype=float)
    assert first_distinct(points, 2).tolist() == [0, 2]
    result = kmeans(points, 2, max_iters=0)
    assert result.labels.tolist() == [0, 0, 1, 0]
    np.testing.assert_allclose(result.centers, [[1 / 3, 1 / 3], [5, 5]])


def test_empty_clusters_are_dropped() -> None:
    points = np.array([[0, 0], [10, 0], [0.1, 0]])
    result = kmeans(points, 3, start=(np.array([0, 1, 2]), np.array([[0, 0], [10, 0], [50, 50]])))
    assert result.ids.tolist() == [0, 1]
    assert result.labels.tolist() == [0, 1, 0]


def test_weights_pull_the_centre() -> None:
    points = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])
    result = kmeans(points, 2, weights=np.array([1.0, 3.0, 1.0]))
    np.testing.assert_allclose(result.centers[0], [0.75, 0.0])


def test_bounded_assignment_matches_brute_force_lloyd() -> None:
    rng = np.random.default_rng(1)
    points = np.concatenate([rng.normal(c, 0.7, (400, 2)) for c in ([0, 0], [3, 1], [1, 4])])
    result = kmeans(points, 30, max_iters=7, tolerance=0.0)
    start = points[first_distinct(points, 30)]
    reference = lloyd(points, start, 8)
    # Same partition (cluster numbering may differ where clusters were dropped).
    pairs = set(zip(result.labels.tolist(), reference.tolist(), strict=True))
    assert len(pairs) == len(set(reference.tolist())) == result.k


def test_silhouette_by_hand() -> None:
    x = np.array([0.0, 1.0, 10.0, 11.0])
    distances = np.abs(x[:, None] - x[None, :])
    # 0: a = 1, b = 10.5; 1: a = 1, b = 9.5; and symmetrically for 10 and 11.
    expected = (9.5 / 10.5 + 8.5 / 9.5) / 2
    assert silhouette(distances, np.array([0, 0, 1, 1])) == pytest.approx(expected)


def test_a_singleton_scores_zero() -> None:
    x = np.array([0.0, 1.0, 10.0])
    distances = np.abs(x[:, None] - x[None, :])
    # 0: a = 1, b = 10; 1: a = 1, b = 9; 10 alone: 0.
    expected = (9 / 10 + 8 / 9 + 0) / 3
    assert silhouette(distances, np.array([0, 0, 1])) == pytest.approx(expected)


def test_k_range_follows_the_number_of_base_clusters() -> None:
    assert list(group_k_range(11, 5)) == [2]
    assert list(group_k_range(24, 5)) == [2, 3, 4]
    assert list(group_k_range(100, 5)) == [2, 3, 4, 5]
    assert list(group_k_range(100, 3)) == [2, 3]


def test_k_changes_only_after_winning_four_runs_in_a_row() -> None:
    smoother = KSmoother()
    seen = []
    for best in [2, 3, 3, 3, 3, 2]:
        smoother = smoother.update(best)
        seen.append(smoother.smoothed_k)
    assert seen == [2, 2, 2, 2, 3, 3]


def base_from(points: np.ndarray) -> Clustering:
    # Interleave the blobs: Pol.is's cold start takes the first distinct rows, so rows sorted
    # by blob would start every centre in the first blob (as in a real conversation, where
    # people of all views arrive mixed, they are not sorted).
    points = points[np.random.default_rng(0).permutation(len(points))]
    return Clustering(
        ids=np.arange(len(points)),
        centers=points,
        labels=np.arange(len(points)),
        weights=np.ones(len(points)),
    )


def test_three_clear_blobs_give_three_groups() -> None:
    rng = np.random.default_rng(2)
    centres = np.concatenate([rng.normal(c, 0.2, (12, 2)) for c in ([0, 0], [6, 0], [0, 6])])
    choice = choose_groups(base_from(centres), k_max=5, restarts=20)
    assert choice.k == 3
    assert max(choice.silhouettes, key=choice.silhouettes.get) == 3


def test_the_cap_on_k_is_respected() -> None:
    rng = np.random.default_rng(2)
    centres = np.concatenate(
        [rng.normal(c, 0.1, (15, 2)) for c in ([0, 0], [6, 0], [0, 6], [6, 6])]
    )
    assert choose_groups(base_from(centres), k_max=3, restarts=20).k <= 3
    assert choose_groups(base_from(centres), k_max=5, restarts=20).k == 4


def test_fewer_than_two_base_clusters_make_one_group() -> None:
    choice = choose_groups(base_from(np.array([[1.0, 1.0]])), k_max=5)
    assert choice.k == 1 and choice.clusterings[1].labels.tolist() == [0]
    same = choose_groups(base_from(np.array([[1.0, 1.0]] * 30)), k_max=5)
    assert same.k == 1


def test_without_restarts_it_is_exactly_polis_and_can_get_stuck() -> None:
    """Pol.is's cold start (first distinct rows) on three blobs finds 24/3/9 for k = 3;
    the k-means++ restarts find the blobs."""
    rng = np.random.default_rng(2)
    centres = np.concatenate([rng.normal(c, 0.2, (12, 2)) for c in ([0, 0], [6, 0], [0, 6])])
    polis = choose_groups(base_from(centres), k_max=5, restarts=0)
    assert sorted(np.bincount(polis.clusterings[3].labels).tolist()) == [3, 9, 24]
    ours = choose_groups(base_from(centres), k_max=5, restarts=20)
    assert np.bincount(ours.clusterings[3].labels).tolist() == [12, 12, 12]


def test_warm_start_keeps_ids_and_splits_off_the_farthest_point() -> None:
    points = np.array([[0.0, 0.0], [0.2, 0.0], [5.0, 5.0], [9.0, 9.0]])
    member_of = np.array([4, 4, 7, -1])  # the last point is new
    ids, centres = warm_start(points, member_of, np.array([4, 7]), 3)
    assert ids.tolist() == [4, 7, 8]
    np.testing.assert_allclose(centres, [[0.1, 0.0], [5.0, 5.0], [9.0, 9.0]])
    assert warm_start(points, np.full(4, -1), np.array([4, 7]), 3) is None
