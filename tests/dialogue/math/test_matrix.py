from __future__ import annotations

import numpy as np
import pytest

from verkstad.dialogue.math.matrix import vote_matrix


def dense(matrix) -> np.ndarray:
    """NaN for a missing vote."""
    out = np.full(matrix.shape, np.nan)
    out[matrix.row_of_entry(), matrix.indices] = matrix.values
    return out


def test_it_keeps_the_latest_vote_in_input_order() -> None:
    m = vote_matrix([7, 7, 3, 7], [10, 20, 10, 10], [1, 0, -1, -1])
    assert m.participant_ids.tolist() == [3, 7]
    assert m.statement_ids.tolist() == [10, 20]
    np.testing.assert_array_equal(dense(m), [[-1, np.nan], [-1, 0]])
    assert m.n_votes == 3


def test_it_keeps_the_latest_vote_by_time_not_by_position() -> None:
    m = vote_matrix([1, 1, 1], [5, 5, 6], [1, -1, 0], times=[300, 100, 200])
    np.testing.assert_array_equal(dense(m), [[1, 0]])


def test_equal_times_fall_back_to_input_order() -> None:
    m = vote_matrix([1, 1], [5, 5], [1, -1], times=[100, 100])
    assert dense(m).tolist() == [[-1]]


def test_a_pass_is_stored_and_counted_as_seen() -> None:
    m = vote_matrix([1, 2, 3], [1, 1, 1], [0, 1, -1])
    agree, disagree, seen = m.column_counts()
    assert (agree.tolist(), disagree.tolist(), seen.tolist()) == ([1], [1], [3])
    assert m.csr().nnz == 3


def test_string_ids_and_sparse_integer_ids_work() -> None:
    m = vote_matrix(["b", "a"], ["x", "y"], [1, -1])
    assert m.participant_ids.tolist() == ["a", "b"]
    far = vote_matrix([10**12, 5], [1, 2], [1, 1])
    assert far.participant_ids.tolist() == [5, 10**12]


def test_group_counts_split_by_label_and_skip_unplaced() -> None:
    m = vote_matrix([1, 2, 3, 3], [1, 1, 1, 2], [1, -1, 1, 0])
    agree, disagree, seen = m.group_column_counts(np.array([0, 1, -1]), 2)
    assert agree.tolist() == [[1, 0], [0, 0]]
    assert disagree.tolist() == [[0, 0], [1, 0]]
    assert seen.tolist() == [[1, 0], [1, 0]]


@pytest.mark.parametrize("bad", [2, -2, 0.5, float("nan")])
def test_it_rejects_votes_other_than_minus_one_zero_one(bad: float) -> None:
    with pytest.raises(ValueError, match="votes must be"):
        vote_matrix([1], [1], [bad])


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="same length"):
        vote_matrix([1, 2], [1], [1])


def test_memory_grows_with_votes_not_with_the_matrix_size() -> None:
    n = 200_000
    rng = np.random.default_rng(0)
    participants = np.arange(n)
    statements = rng.integers(0, 5_000, n)
    m = vote_matrix(participants, statements, np.ones(n, dtype=np.int8))
    stored = m.indptr.nbytes + m.indices.nbytes + m.values.nbytes
    assert m.shape[0] * m.shape[1] >= 10**9
    assert stored < 30 * n  # bytes per vote, far below 10⁹ cells
