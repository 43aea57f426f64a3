"""Flood control for phones: a fixed window per phone, counted in Django's cache.

A room shares one network address, so joins are limited per address only loosely and
answers per phone (participant). Limits are settings (docs/operations.md); ``0`` turns
one off. Counted by :mod:`verkstad.core.ratelimit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from verkstad.core.ratelimit import window_hit
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
    ident = client_ip(request) if participant is None else str(participant.key)
    allowed = int(getattr(settings, SETTINGS[action]))
    wait = window_hit(f"live:{action}", ident or "", allowed=allowed, window=WINDOW)
    if wait is not None:
        raise RateLimited(action, wait)
