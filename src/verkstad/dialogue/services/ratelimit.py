"""Rate limits on votes and statements: fixed windows counted in Django's cache.

Two counters per action: one for the person (a signed-in user, or an anonymous
participant's cookie key) and one for the client address, which a whole school class may
share, so its limit is higher. The limits are settings (docs/operations.md); ``0`` turns one
off. Counted by :mod:`verkstad.core.ratelimit`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from verkstad.core.ratelimit import window_hit


class Action(StrEnum):
    VOTE = "vote"
    STATEMENT = "statement"


@dataclass(frozen=True)
class Limit:
    setting: str
    window: int  # seconds

    @property
    def allowed(self) -> int:
        return int(getattr(settings, self.setting))


LIMITS: dict[tuple[Action, str], Limit] = {
    (Action.VOTE, "person"): Limit("VERKSTAD_DIALOGUE_VOTES_PER_MINUTE", 60),
    (Action.VOTE, "ip"): Limit("VERKSTAD_DIALOGUE_IP_VOTES_PER_MINUTE", 60),
    (Action.STATEMENT, "person"): Limit("VERKSTAD_DIALOGUE_STATEMENTS_PER_HOUR", 3600),
    (Action.STATEMENT, "ip"): Limit("VERKSTAD_DIALOGUE_IP_STATEMENTS_PER_HOUR", 3600),
}


@dataclass(frozen=True)
class RateLimited(Exception):
    action: Action
    retry_after: int  # seconds until the window ends


def _hit(action: Action, scope: str, ident: str, *, now: float) -> int | None:
    """Count one attempt; the seconds to wait when it is over the limit, else ``None``."""
    limit = LIMITS[(action, scope)]
    return window_hit(
        f"dialogue:{action}:{scope}", ident, allowed=limit.allowed, window=limit.window, now=now
    )


def rate_limit_hit(*, action: Action, person: str, ip: str | None) -> None:
    """Count an attempt by ``person`` from ``ip``; raise :class:`RateLimited` when over."""
    now = time.time()
    waits = [
        _hit(action, "person", person, now=now),
        _hit(action, "ip", ip or "", now=now),
    ]
    over = [w for w in waits if w is not None]
    if over:
        raise RateLimited(action=action, retry_after=max(over))
