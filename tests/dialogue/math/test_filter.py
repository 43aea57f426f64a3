from __future__ import annotations

import numpy as np

from verkstad.dialogue.math.filter import clustered_participants


def test_it_needs_seven_votes_or_every_statement_when_there_are_fewer() -> None:
    counts = np.array([7, 6, 20] + [9] * 15)
    assert clustered_participants(counts, 50).tolist() == [True, False] + [True] * 16
    few = np.array([3] * 15 + [2])
    assert clustered_participants(few, 3).tolist() == [True] * 15 + [False]


def test_it_tops_up_to_fifteen_with_the_most_active_voters() -> None:
    counts = np.array([1, 5, 2, 6, 3, 4] + [8] * 12)
    mask = clustered_participants(counts, 100)
    assert mask.sum() == 15
    assert mask[[1, 3, 5]].all() and not mask[[0, 2, 4]].any()


def test_membership_is_sticky() -> None:
    counts = np.array([1] + [10] * 20)
    already = np.zeros(21, dtype=bool)
    already[0] = True
    assert clustered_participants(counts, 100, already_in=already)[0]
    assert not clustered_participants(counts, 100)[0]
