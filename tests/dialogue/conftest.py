"""Fixtures shared by the dialogue tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from verkstad.dialogue.services import ratelimit

#: Thirty seconds into a minute and into an hour's thirty-first minute.
_MID_WINDOW = 500_000 * 3600 + 30 * 60 + 30


@pytest.fixture
def steady_rate_clock(monkeypatch):
    """Hold the rate limits' clock still, mid-window: the limits count in fixed windows, and
    two attempts a slow test makes across a window's end would be counted apart."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: float(_MID_WINDOW)))
