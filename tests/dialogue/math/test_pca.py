"""PCA on a matrix small enough to do by hand (see the numbers in each test)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from verkstad.dialogue.math import pca as pca_module
from verkstad.dialogue.math.matrix import vote_matrix
from verkstad.dialogue.math.pca import pca_fit, project_participants, project_statements

R2 = math.sqrt(2)


def hand_matrix():
    # p1: s1 +1, s2 +1 | p2: −1, −1 | p3: s1 +1 | p4: s2 −1
    # means: s1 = 1/3, s2 = −1/3. Centred rows: (2/3, 4/3), (−4/3, −2/3), (2/3, 0), (0, −2/3)
    # XᵀX = [[24/9, 16/9], [16/9, 24/9]]: eigenvalues 40/9 along (1, 1)/√2, 8/9 along (1, −1)/√2
    return vote_matrix([1, 1, 2, 2, 3, 4], [1, 2, 1, 2, 1, 2], [1, 1, -1, -1, 1, -1])


def test_it_matches_the_hand_computed_components_and_signs() -> None:
    pca, _ = pca_fit(hand_matrix())
    np.testing.assert_allclose(pca.center, [1 / 3, -1 / 3])
    np.testing.assert_allclose(pca.eigenvalues, [40 / 9, 8 / 9])
    # Sign rule: each component's largest loading (the first one on ties) is positive.
    np.testing.assert_allclose(pca.components, [[1 / R2, 1 / R2], [1 / R2, -1 / R2]])
    assert pca.explained_variance_ratio[0] == pytest.approx(5 / 6)


def test_projection_is_scaled_by_the_share_of_statements_voted_on() -> None:
    m = hand_matrix()
    pca, centred = pca_fit(m)
    xy = project_participants(m, pca, centred, np.zeros(2, dtype=bool))
    # p1 voted on both: (2/3 + 4/3)/√2 = √2, scale √(2/2) = 1.
    # p3 voted on one: (2/3)/√2 · √(2/1) = 2/3 on both axes.
    np.testing.assert_allclose(xy[0], [R2, -R2 / 3])
    np.testing.assert_allclose(xy[2], [2 / 3, 2 / 3])
    np.testing.assert_allclose(xy[3], [-2 / 3, 2 / 3])


def test_statements_project_as_a_participant_who_agreed() -> None:
    pca, _ = pca_fit(hand_matrix())
    # s1: (1 − 1/3) · (1/√2, 1/√2) · √2 = (2/3, 2/3); s2: (1 + 1/3) · (1/√2, −1/√2) · √2
    np.testing.assert_allclose(project_statements(pca), [[2 / 3, 2 / 3], [4 / 3, -4 / 3]])


def test_a_moderated_out_statement_is_zero_for_everyone_but_counts_as_voted() -> None:
    m = vote_matrix([1, 1, 1, 2, 2, 3, 4], [1, 2, 3, 1, 2, 1, 2], [1, 1, -1, -1, -1, 1, -1])
    mod_out = np.array([False, False, True])
    pca, centred = pca_fit(m, mod_out=mod_out)
    assert pca.center[2] == 0 and np.all(pca.components[:, 2] == 0)
    xy = project_participants(m, pca, centred, mod_out)
    # p3 has one vote of its own and the zeroed statement: scale √(3/2) on (2/3)/√2.
    assert xy[2, 0] == pytest.approx((2 / 3) / R2 * math.sqrt(3 / 2))
    # p1 voted on all three (one of them the zeroed one): scale 1.
    assert xy[0, 0] == pytest.approx(R2)


def test_it_equals_dense_svd_of_the_mean_imputed_matrix() -> None:
    rng = np.random.default_rng(3)
    n, s = 60, 12
    mask = rng.random((n, s)) < 0.5
    mask[:, 0] = True
    rows, cols = np.nonzero(mask)
    values = rng.choice([-1, 0, 1], size=len(rows))
    m = vote_matrix(rows, cols, values)
    dense = np.full((n, s), np.nan)
    dense[rows, cols] = values
    means = np.nanmean(dense, axis=0)
    centred = np.where(np.isnan(dense), 0.0, dense - means)
    _, singular, vt = np.linalg.svd(centred)
    pca, _ = pca_fit(m)
    np.testing.assert_allclose(pca.eigenvalues, singular[:2] ** 2)
    for ours, reference in zip(pca.components, vt[:2], strict=True):
        assert abs(np.dot(ours, reference)) == pytest.approx(1.0)


def test_the_lanczos_path_agrees_with_the_dense_path(monkeypatch) -> None:
    rng = np.random.default_rng(5)
    rows = rng.integers(0, 300, 4000)
    cols = rng.integers(0, 40, 4000)
    m = vote_matrix(rows, cols, rng.choice([-1, 0, 1], size=4000))
    dense_pca, _ = pca_fit(m)
    monkeypatch.setattr(pca_module, "DENSE_GRAM_MAX_STATEMENTS", 0)
    sparse_pca, _ = pca_fit(m, seed=11)
    np.testing.assert_allclose(sparse_pca.eigenvalues, dense_pca.eigenvalues, rtol=1e-7)
    np.testing.assert_allclose(sparse_pca.components, dense_pca.components, atol=1e-5)


def test_constant_votes_give_zero_components_not_noise() -> None:
    m = vote_matrix([1, 2, 3], [1, 1, 1], [1, 1, 1])
    pca, centred = pca_fit(m)
    assert np.all(pca.components == 0) and np.all(pca.eigenvalues == 0)
    xy = project_participants(m, pca, centred, np.zeros(1, dtype=bool))
    assert np.all(xy == 0)
