"""The z-tests and representative statements, on counts small enough to check by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from verkstad.dialogue.math.repness import repness_stats, select_rep_statements
from verkstad.dialogue.math.stats import prop_test, two_prop_test


def test_prop_test_adds_one_to_both_counts() -> None:
    # 3 of 4: 2·√5·(4/5 − 0.5)
    assert prop_test(3, 4) == pytest.approx(2 * math.sqrt(5) * 0.3)
    # No votes: (0+1)/(0+1) = 1, so 2·√1·(1 − 0.5) = 1.
    assert prop_test(0, 0) == pytest.approx(1.0)


def test_two_prop_test_by_hand() -> None:
    # 4 of 4 against 0 of 4 → 5/5 against 1/5, pooled 6/10:
    # (1 − 0.2) / √(0.6 · 0.4 · (1/5 + 1/5)) = 0.8 / √0.096
    assert two_prop_test(4, 0, 4, 4) == pytest.approx(0.8 / math.sqrt(0.096))
    # Pooled proportion 1 after the pseudocounts: Pol.is returns 0.
    assert two_prop_test(3, 3, 3, 3) == 0.0


def test_repness_statistics_by_hand() -> None:
    # One statement; group 0: 4 agree of 4; group 1: 3 disagree of 4 (one pass).
    stats = repness_stats(na=[[4], [0]], nd=[[0], [3]], ns=[[4], [4]])
    assert stats.pa[0, 0] == pytest.approx(5 / 6)
    assert stats.pat[0, 0] == pytest.approx(math.sqrt(5))
    assert stats.ra[0, 0] == pytest.approx((5 / 6) / (1 / 6))
    assert stats.rat[0, 0] == pytest.approx(0.8 / math.sqrt(0.096))
    assert stats.pd[1, 0] == pytest.approx(4 / 6)
    assert stats.rd[1, 0] == pytest.approx((4 / 6) / (1 / 6))


def test_each_group_gets_what_sets_it_apart_agrees_first() -> None:
    # Statement 0 splits the groups; statement 1 everyone agrees with; statement 2 is
    # moderated out although it would split them most.
    na = np.array([[9, 8, 10], [0, 8, 0]])
    nd = np.array([[0, 0, 0], [9, 0, 10]])
    ns = np.array([[10, 10, 10], [10, 10, 10]])
    result = select_rep_statements(
        repness_stats(na, nd, ns), excluded=np.array([False, False, True])
    )
    first, second = result
    # Group 0: statement 0 passes (agree); it is also the best agree, so it heads the list.
    assert [(r.statement, r.repful_for) for r in first] == [(0, "agree")]
    assert first[0].best_agree
    # Group 1: the best agree is statement 1 (agreed by all), put first though not
    # representative; then statement 0, which group 1 disagrees with. As in Pol.is's
    # finalize-cmt-stats, the side is "agree" only if rat > rdt; here both are 0 (the groups
    # agree alike), so Pol.is labels its best-agree statement "disagree".
    assert (second[0].statement, second[0].repful_for, second[0].best_agree) == (
        1,
        "disagree",
        True,
    )
    assert [(r.statement, r.repful_for) for r in second[1:]] == [(0, "disagree")]
    assert all(r.statement != 2 for group in result for r in group)


def test_with_nothing_significant_the_best_statement_stands_in() -> None:
    stats = repness_stats(na=[[1, 0], [0, 1]], nd=[[0, 1], [1, 0]], ns=[[2, 2], [2, 2]])
    result = select_rep_statements(stats)
    assert [len(group) for group in result] == [1, 1]


def test_at_most_pick_max_statements_disagrees_after_agrees() -> None:
    n = 12
    na = np.array([[10] * n, [0] * n])
    nd = np.array([[0] * n, [10] * n])
    ns = np.full((2, n), 10)
    result = select_rep_statements(repness_stats(na, nd, ns), pick_max=5)
    assert [len(group) for group in result] == [5, 5]
    assert [r.repful_for for r in result[0]] == ["agree"] * 5
    assert [r.repful_for for r in result[1]] == ["disagree"] * 5
