"""Fixed-window rate limits counted in Django's cache: one counter per name, caller and window.

The dialogue (votes, statements) and live sessions (joins, answers) count through
:func:`window_hit`. With several server processes the cache must be shared (``REDIS_URL``),
else each process counts alone.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def window_hit(
    name: str, ident: str, *, allowed: int, window: int, now: float | None = None
) -> int | None:
    """Count one attempt by ``ident`` at ``name``: the seconds to wait when it is one more
    than ``allowed`` in the current ``window`` (seconds), else ``None``.

    ``allowed`` 0 or less, or no ``ident``, turns the limit off.
    """
    if allowed <= 0 or not ident:
        return None
    now = time.time() if now is None else now
    slot = int(now // window)
    count = _count(f"rate:{name}:{ident}:{slot}", timeout=window + 1)
    if count > allowed:
        return max(1, int((slot + 1) * window - now))
    return None


def _count(key: str, *, timeout: int) -> int:
    """Add one to the counter at ``key``, starting it when missing. Every attempt but a
    window's first is one increment (with Redis, the fewest round trips Django's cache
    allows)."""
    try:
        return cache.incr(key)
    except ValueError:  # the window's first attempt
        pass
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)  # another request started the window a moment ago
    except ValueError:  # and it expired since
        cache.set(key, 1, timeout=timeout)
        return 1
