"""Properties of the whole pipeline: determinism, order invariance, degenerate inputs."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verkstad.dialogue.math import opinion_map, vote_matrix


@st.composite
def conversations(draw, max_participants: int = 40, max_statements: int = 12):
    """Unique (participant, statement) cells with random votes."""
    n_p = draw(st.integers(0, max_participants))
    n_s = draw(st.integers(1, max_statements))
    cells = draw(
        st.sets(
            st.tuples(st.integers(0, max(n_p - 1, 0)), st.integers(0, n_s - 1)), max_size=n_p * n_s
        )
        if n_p
        else st.just(set())
    )
    cells = sorted(cells)
    votes = draw(st.lists(st.sampled_from([-1, 0, 1]), min_size=len(cells), max_size=len(cells)))
    return [(p, s, v) for (p, s), v in zip(cells, votes, strict=True)]


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def summary(result) -> dict:
    return result.to_dict(coordinates=True) | {"timings": None}


@PROPERTY
@given(conversations(), st.integers(0, 3))
def test_it_is_deterministic_for_a_seed(votes, seed) -> None:
    assert summary(opinion_map(votes, seed=seed)) == summary(opinion_map(votes, seed=seed))


@PROPERTY
@given(conversations(), st.randoms(use_true_random=False))
def test_the_order_of_participants_does_not_matter(votes, random) -> None:
    shuffled = list(votes)
    random.shuffle(shuffled)
    assert summary(opinion_map(shuffled)) == summary(opinion_map(votes))


@PROPERTY
@given(conversations())
def test_any_input_gives_a_consistent_json_serialisable_map(votes) -> None:
    result = opinion_map(votes)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["counts"]["votes"] == len(votes)
    placed = [g for g in data["participants"].values() if g is not None]
    assert sum(g["members"] for g in data["groups"]) == len(placed)
    assert set(placed) <= set(range(data["n_groups"]))
    assert data["n_groups"] <= 5
    assert np.all(np.isfinite(result.coordinates))
    # Everyone placed was clustered, and at least min(15, voters) were clustered.
    assert np.all(result.clustered[result.group_of >= 0])
    assert result.clustered.sum() >= min(15, result.n_participants)


def test_empty_and_single_vote_conversations_do_not_crash() -> None:
    empty = opinion_map([])
    assert empty.k == 0 and empty.to_dict()["participants"] == {}
    one = opinion_map([("a", "s1", 1)])
    assert one.to_dict()["participants"] == {"a": 0} and one.k == 1


def test_everyone_voting_alike_is_one_group() -> None:
    votes = [(p, s, 1) for p in range(30) for s in range(10)]
    result = opinion_map(votes)
    assert result.k == 1 and result.groups[0].members == 30
    assert len(result.consensus.agree) == 5


def two_camps(n: int = 60, n_statements: int = 20, seed: int = 0):
    rng = np.random.default_rng(seed)
    camp = np.arange(n) % 2
    votes = []
    for p in range(n):
        for s in rng.choice(n_statements, 12, replace=False):
            leaning = 1 if (s < n_statements // 2) == (camp[p] == 0) else -1
            votes.append((p, int(s), leaning if rng.random() < 0.9 else -leaning))
    return votes, camp


def test_two_camps_are_found_with_their_statements() -> None:
    votes, camp = two_camps()
    result = opinion_map(votes, k_max=5)
    assert result.k == 2
    found = result.group_of
    assert len(set(zip(found.tolist(), camp.tolist(), strict=True))) == 2
    # Each group's first representative statement is one its camp agrees with.
    for group in result.groups:
        members = camp[found == group.id]
        first = group.representative[0]
        camp_agrees = (first.statement < 10) == (members[0] == 0)
        assert first.repful_for == ("agree" if camp_agrees else "disagree")
    assert len(result.divisive) == 5


def test_k_max_caps_the_groups() -> None:
    rng = np.random.default_rng(4)
    votes = [(p, s, int(rng.choice([-1, 0, 1]))) for p in range(200) for s in range(15)]
    assert opinion_map(votes, k_max=2).k <= 2


def test_a_warm_start_keeps_groups_and_smooths_k() -> None:
    votes, _ = two_camps(n=80)
    first = opinion_map(votes[: len(votes) // 2])
    second = opinion_map(votes, previous=first.state)
    assert second.parameters["warm_start"]
    assert set(first.state.in_conv.tolist()) <= set(second.state.in_conv.tolist())
    # Group ids carry over: the participants placed both times mostly keep their group.
    both = (first.group_of >= 0) & (second.group_of[: len(first.group_of)] >= 0)
    same = first.group_of[both] == second.group_of[: len(first.group_of)][both]
    assert same.mean() > 0.9
    assert second.state.smoother.last_k_count == (2 if first.best_k == second.best_k else 1)


def test_a_vote_matrix_and_triples_give_the_same_map() -> None:
    votes, _ = two_camps()
    p, s, v = zip(*votes, strict=True)
    assert summary(opinion_map(vote_matrix(p, s, v))) == summary(opinion_map(votes))


def test_meta_statements_are_left_out_of_the_math_but_keep_priority_49() -> None:
    votes, _ = two_camps()
    result = opinion_map(votes, meta=[0])
    assert result.mod_out[0] and result.priorities[0] == 49.0
    assert np.all(result.pca.components[:, 0] == 0)
    shown = {r.statement for g in result.groups for r in g.representative}
    assert 0 not in shown
