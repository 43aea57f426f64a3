"""The pure computations, on hand-checkable inputs (no database)."""

from __future__ import annotations

import pytest

from verkstad.insight.compute import (
    ILO_EXPOSED,
    ILO_HIGH,
    IscoScore,
    crosswalk_scores,
    max_substitutability,
    skill_levels_compatible,
    transition_edges,
)


def test_a_group_split_over_two_isco_groups_takes_their_weighted_score():
    scores = {
        "8121": IscoScore(0.26, "Not Exposed"),
        "8122": IscoScore(0.20, "Exposed: Gradient 3"),
    }
    result = crosswalk_scores(
        [("8121", 0.5), ("8122", 0.5)], scores, exposed=ILO_EXPOSED, high=ILO_HIGH
    )
    assert result.value == pytest.approx(0.23)
    assert result.exposed_share == pytest.approx(0.5)
    assert result.high_share == pytest.approx(0.5)
    assert result.coverage == 1.0
    assert result.category == "Exposed: Gradient 3 / Not Exposed"


def test_an_unscored_isco_group_lowers_coverage_not_the_score():
    scores = {"2512": IscoScore(0.6, "Exposed: Gradient 4")}
    result = crosswalk_scores([("2512", 0.25), ("9999", 0.75)], scores, exposed=ILO_EXPOSED)
    assert result.value == pytest.approx(0.6)
    assert result.exposed_share == 1.0
    assert result.coverage == pytest.approx(0.25)


def test_no_scored_link_gives_no_value():
    assert crosswalk_scores([("0110", 1.0)], {}).value is None


@pytest.mark.parametrize(
    "source,target,ok",
    [("8122", "7211", True), ("8122", "3116", True), ("8122", "2146", False),
     ("9320", "8122", True), ("9320", "3116", False), ("1370", "2146", True),
     ("0110", "8122", False)],
)  # fmt: skip
def test_skill_levels_may_differ_by_one(source, target, ok):
    assert skill_levels_compatible(source, target) is ok


def test_transitions_rank_by_overlap_and_keep_only_lower_exposure():
    occupations = {"8122": ["a"], "7211": ["b"], "7212": ["c"], "3116": ["d"]}
    essential = {
        "a": frozenset({"s1", "s2", "s3", "s4"}),
        "b": frozenset({"s1", "s2", "s5"}),  # Jaccard with a: 2/5
        "c": frozenset({"s1", "s6"}),  # 1/5
        "d": frozenset({"s1", "s2", "s3"}),  # 3/4, but more exposed than a
    }
    exposure = {"8122": 50.0, "7211": 10.0, "7212": 20.0, "3116": 80.0}
    edges = transition_edges(
        occupations=occupations, essential=essential, exposure=exposure, substitutability={}
    )
    moves = edges["8122"]
    assert [e.target for e in moves] == ["7211", "7212"]
    assert moves[0].skill_overlap == pytest.approx(0.4)
    assert moves[0].coverage == pytest.approx(2 / 3)
    assert moves[0].skills_to_learn == ["s5"]
    assert "8122" not in {e.target for e in edges.get("7211", [])}


def test_substitutability_lifts_a_move_with_less_overlap():
    occupations = {"8122": ["a"], "7211": ["b"], "7212": ["c"]}
    essential = {
        "a": frozenset({"s1", "s2", "s3", "s4"}),
        "b": frozenset({"s1", "s2", "s5"}),
        "c": frozenset({"s1", "s6"}),
    }
    exposure = {"8122": 50.0, "7211": 10.0, "7212": 20.0}
    edges = transition_edges(
        occupations=occupations,
        essential=essential,
        exposure=exposure,
        substitutability={("8122", "7212"): 75},
    )
    first = edges["8122"][0]
    assert first.target == "7212"
    assert first.substitutability == 75
    assert first.score == pytest.approx(0.2 + 0.375)


def test_name_level_substitutability_becomes_the_highest_per_ssyk_pair():
    pairs = [("n1", "n2", 25), ("n1", "n3", 75), ("n4", "n2", 75)]
    ssyk_of_name = {"n1": ["8122"], "n2": ["7211"], "n3": ["7211"], "n4": ["8129"]}
    assert max_substitutability(pairs, ssyk_of_name) == {
        ("8122", "7211"): 75,
        ("8129", "7211"): 75,
    }
