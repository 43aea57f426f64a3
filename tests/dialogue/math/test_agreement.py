from __future__ import annotations

import pytest

from verkstad.dialogue.math.agreement import adjusted_rand_index


def test_identical_partitions_score_one_whatever_the_labels() -> None:
    assert adjusted_rand_index([0, 0, 1, 1], ["b", "b", "a", "a"]) == 1.0


def test_by_hand() -> None:
    # Table [[2, 0, 0], [0, 1, 1]]: index 1, rows 2, columns 1, pairs 6, expected 1/3,
    # maximum 1.5: (1 − 1/3) / (1.5 − 1/3) = 4/7.
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)


def test_chance_level_can_be_negative() -> None:
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)


def test_it_rejects_different_lengths() -> None:
    with pytest.raises(ValueError):
        adjusted_rand_index([0, 1], [0])
