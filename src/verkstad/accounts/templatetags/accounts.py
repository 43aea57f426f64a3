"""Template helpers for accounts: ``{% load accounts %}``."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.contrib.auth.models import AnonymousUser

from verkstad.accounts.models import User
from verkstad.accounts.permissions import user_can

register = template.Library()


@register.filter
def can(user: User | AnonymousUser, capability: str) -> bool:
    """``{% if request.user|can:"run_meetings" %}`` – see accounts.permissions."""
    return user_can(user, capability)


@register.filter
def minutes(duration: timedelta | None) -> int:
    """Whole minutes in a duration, rounded up (a lockout of 90 s reads as 2 minutes)."""
    if not duration:
        return 0
    seconds = int(duration.total_seconds())
    return max(1, -(-seconds // 60))
