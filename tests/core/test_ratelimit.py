"""The fixed-window counter behind the dialogue's and the live sessions' rate limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from verkstad.core.ratelimit import window_hit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_attempt_after_the_allowed_ones_waits_for_the_window_to_end():
    at = 6_000_000.0 + 42.5  # 42.5 s into a minute
    waits = [window_hit("t", "phone-1", allowed=3, window=60, now=at) for _ in range(5)]
    assert waits == [None, None, None, 17, 17]


def test_each_caller_and_each_name_counts_alone():
    at = 6_000_000.0
    for _ in range(2):
        window_hit("t", "phone-1", allowed=2, window=60, now=at)
    assert window_hit("t", "phone-1", allowed=2, window=60, now=at) == 60
    assert window_hit("t", "phone-2", allowed=2, window=60, now=at) is None
    assert window_hit("other", "phone-1", allowed=2, window=60, now=at) is None


def test_a_new_window_starts_afresh():
    at = 6_000_000.0 + 59.0
    for _ in range(2):
        window_hit("t", "phone-1", allowed=2, window=60, now=at)
    assert window_hit("t", "phone-1", allowed=2, window=60, now=at) == 1
    assert window_hit("t", "phone-1", allowed=2, window=60, now=at + 1.0) is None


def test_zero_or_no_caller_turns_the_limit_off():
    at = 6_000_000.0
    assert all(window_hit("t", "x", allowed=0, window=60, now=at) is None for _ in range(5))
    assert all(window_hit("t", "", allowed=1, window=60, now=at) is None for _ in range(5))
