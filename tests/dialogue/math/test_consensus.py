from __future__ import annotations

import math

import numpy as np
import pytest

from verkstad.dialogue.math.consensus import (
    group_aware_consensus,
    select_consensus,
    select_divisive,
    select_uncertain,
)
from verkstad.dialogue.math.priority import priorities


def test_consensus_by_hand() -> None:
    # Ten voters. 0: 8 agree, 2 disagree → pa = 9/12, pat = 2·√11·(9/11 − 0.5) ≈ 2.11: agree.
    # 1: 6 agree, 4 disagree → pat ≈ 0.90, not significant. 2: 1 agree, 9 disagree: disagree.
    # 3: like 0 but moderated out.
    na = np.array([8, 6, 1, 8])
    nd = np.array([2, 4, 9, 2])
    ns = np.array([10, 10, 10, 10])
    result = select_consensus(na, nd, ns, excluded=np.array([False, False, False, True]))
    assert [c.statement for c in result.agree] == [0]
    assert result.agree[0].p_success == pytest.approx(9 / 12)
    assert result.agree[0].p_test == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))
    assert [c.statement for c in result.disagree] == [2]
    assert result.disagree[0].p_success == pytest.approx(10 / 12)


def test_group_aware_consensus_by_hand() -> None:
    # Statement 0: group A 3 of 4 agree, group B 1 of 2 → (4/6)·(2/4) = 1/3.
    agree, disagree = group_aware_consensus([[3], [1]], [[1], [0]], [[4], [2]])
    assert agree[0] == pytest.approx(1 / 3)
    assert disagree[0] == pytest.approx((2 / 6) * (1 / 4))


def test_divisive_statements_need_a_significant_split() -> None:
    agree = np.array([[10, 6, 10], [0, 4, 10]])
    disagree = np.array([[0, 4, 0], [10, 6, 0]])
    seen = np.full((2, 3), 10)
    result = select_divisive(agree, disagree, seen)
    assert [d.statement for d in result] == [0]
    assert result[0].divisiveness == pytest.approx(10 / 12 + 10 / 12)
    assert (result[0].most_agreeing_group, result[0].least_agreeing_group) == (0, 1)
    assert select_divisive(agree[:1], disagree[:1], seen[:1]) == []


def test_uncertain_is_more_than_thirty_percent_passes() -> None:
    result = select_uncertain(np.array([5, 3, 0]), np.array([2, 3, 0]), np.array([10, 10, 0]))
    assert result == [(1, pytest.approx(0.4))]


def test_priority_by_hand_and_meta() -> None:
    # A = 2, D = 1, S = 4 (one pass), E = 0.5: a = 3/6, p = 2/6,
    # importance = (1 − 2/6)·1.5·0.5 = 0.5, priority = (0.5·(1 + 8·2^(−4/5)))².
    value = priorities(
        np.array([2, 2]),
        np.array([1, 1]),
        np.array([4, 4]),
        np.array([0.5, 0.5]),
        meta=np.array([False, True]),
    )
    assert value[0] == pytest.approx((0.5 * (1 + 8 * 2 ** (-4 / 5))) ** 2)
    assert value[1] == 49.0
