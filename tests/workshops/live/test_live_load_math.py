"""The load benchmark's propagation figure (bench/live_load.py), on hand-checkable timelines."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"


@pytest.fixture(scope="module")
def live_load():
    pytest.importorskip("aiohttp")  # the bench extra
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("live_load", BENCH / "live_load.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["live_load"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
        sys.modules.pop("live_load", None)
    return module


def test_each_vote_waits_for_the_first_count_that_reaches_its_rank(live_load):
    # (sent, acknowledged): acknowledged in the order b, a, c.
    votes = [(1.0, 1.3), (0.9, 1.1), (2.0, 2.2)]
    # The presenter showed 1 at 1.5 s, 2 at 1.75 s and 3 at 3.0 s.
    events = [(1.5, 1), (1.75, 2), (3.0, 3)]
    result = live_load.propagation_ms(votes, events)
    # b (rank 1) sent 0.9 → 1.5; a (rank 2) sent 1.0 → 1.75; c (rank 3) sent 2.0 → 3.0.
    assert [round(x) for x in result] == [600, 750, 1000]


def test_a_count_shown_before_the_vote_was_sent_is_zero_and_a_missing_one_infinite(live_load):
    votes = [(5.0, 5.1), (6.0, 6.1)]
    events = [(4.0, 1)]
    result = live_load.propagation_ms(votes, events)
    assert result[0] == 0.0
    assert math.isinf(result[1])


def test_a_count_that_jumps_covers_every_rank_it_passes(live_load):
    votes = [(1.0, 1.1), (1.0, 1.2), (1.0, 1.3)]
    events = [(1.2, 0), (2.0, 3)]
    assert [round(x) for x in live_load.propagation_ms(votes, events)] == [1000, 1000, 1000]


def test_percentiles_interpolate_between_ranks(live_load):
    assert live_load.percentile([], 95) is None
    assert live_load.percentile([10.0], 95) == 10.0
    assert live_load.percentile([0.0, 100.0], 95) == pytest.approx(95.0)
