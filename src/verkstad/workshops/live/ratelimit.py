"""Flood control for phones: a fixed window per phone, counted in Django's cache.

A room shares one network address, so joins are limited per address only loosely and
answers per phone (participant). Limits are settings (docs/operations.md); ``0`` turns
one off. With several processes the cache must be shared (``REDIS_URL``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from verkstad.dialogue.services.participation import client_ip

WINDOW = 60  # seconds
SETTINGS = {
    "join": "VERKSTAD_LIVE_JOINS_PER_IP_PER_MINUTE",
    "answer": "VERKSTAD_LIVE_ANSWERS_PER_MINUTE",
}


@dataclass(frozen=True)
class RateLimited(Exception):
    action: str
    retry_after: int


def hit(action: str, request: HttpRequest, participant: Any) -> None:
    """Count one ``action``; raise :class:`RateLimited` when the window's limit is passed."""
    allowed = int(getattr(settings, SETTINGS[action]))
    ident = client_ip(request) if participant is None else str(participant.key)
    if allowed <= 0 or not ident:
        return
    now = time.time()
    window = int(now // WINDOW)
    key = f"live:rate:{action}:{ident}:{window}"
    cache.add(key, 0, timeout=WINDOW + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW + 1)
        count = 1
    if count > allowed:
        raise RateLimited(action, max(1, int((window + 1) * WINDOW - now)))
