"""Reciprocal rank fusion: hand-checkable."""

from __future__ import annotations

import pytest

from verkstad.search.fusion import lexical_weight, rrf


def test_a_document_ranked_by_both_lists_comes_first():
    fused = rrf([["a", "b", "c"], ["c", "d"]], k=60)
    assert [item for item, _ in fused] == ["c", "a", "b", "d"]  # b and d tie: b came first
    assert fused[0][1] == pytest.approx(1 / 63 + 1 / 61)
    assert fused[1][1] == pytest.approx(1 / 61)


def test_weights_scale_each_list():
    fused = dict(rrf([["a"], ["b"]], weights=[0.5, 1.0], k=0))
    assert fused == {"a": 0.5, "b": 1.0}


def test_an_empty_list_keeps_the_other_order():
    assert [i for i, _ in rrf([["x", "y", "z"], []])] == ["x", "y", "z"]


def test_one_weight_per_list():
    with pytest.raises(ValueError):
        rrf([["a"]], weights=[1.0, 1.0])


def test_long_questions_lean_on_the_dense_side():
    assert lexical_weight(2) == 1.0
    assert lexical_weight(6) == 0.5
