"""Everything Verkstad holds about one person, as one JSON document.

"Mina uppgifter" offers a download of all of a signed-in person's own data. Each app
contributes its part through this registry, so the download stays complete as apps
are added, and no app needs to know about the others.

Registering a section
    A section is a function ``(user) -> dict`` that returns only that user's own
    data, as JSON-serialisable values (``datetime``, ``date`` and ``Decimal`` are
    fine: the export uses Django's JSON encoder). Never include password hashes,
    tokens, session keys, or other people's data; where a row mixes people (a
    conversation), export only this person's part. Register it once, from the
    app's ``AppConfig.ready()``::

        from verkstad.accounts.personal_data import register_section

        @register_section("dialogue")
        def dialogue_section(user: User) -> dict:
            return {"votes": [...], "statements": [...]}

    Section names are unique; registering a name twice raises ``ValueError``.
    The ``accounts`` app registers ``profile``, ``memberships``, ``consents`` and
    ``failed_login_attempts`` below.

The document
    ``personal_data_export(user=...)`` returns::

        {"format": "verkstad-personal-data", "format_version": 1,
         "exported_at": "...", "sections": {"profile": {...}, ...}}

Erasure is the other half: see the ``account_erasing`` signal in
:mod:`verkstad.accounts.signals`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .models import User

Section = Callable[[User], dict[str, Any]]

FORMAT_NAME = "verkstad-personal-data"
FORMAT_VERSION = 1

_sections: dict[str, Section] = {}


def register_section(name: str) -> Callable[[Section], Section]:
    """Add ``func`` as the section ``name`` of every personal-data export."""

    def register(func: Section) -> Section:
        if name in _sections:
            raise ValueError(f"A personal-data section named {name!r} is already registered.")
        _sections[name] = func
        return func

    return register


def unregister_section(name: str) -> None:
    """Remove a section (for tests that register a temporary one)."""
    _sections.pop(name, None)


def registered_sections() -> list[str]:
    return list(_sections)


def personal_data_export(*, user: User) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "sections": {name: func(user) for name, func in _sections.items()},
    }


def personal_data_json(*, user: User) -> str:
    return json.dumps(
        personal_data_export(user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


# --- the accounts app's own sections ---------------------------------------------------


@register_section("profile")
def profile_section(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
    }


@register_section("memberships")
def memberships_section(user: User) -> dict[str, Any]:
    memberships = user.memberships.select_related("organisation").order_by("created_at", "pk")
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "actor_type": m.organisation.actor_type,
                "municipality_code": m.organisation.municipality_code,
                "role": m.role,
                "since": m.created_at,
            }
            for m in memberships
        ]
    }


@register_section("consents")
def consents_section(user: User) -> dict[str, Any]:
    return {
        "consents": [
            {
                "purpose": c.purpose,
                "description": str(c.get_purpose_display()),
                "version": c.version,
                "given_at": c.given_at,
                "withdrawn_at": c.withdrawn_at,
            }
            for c in user.consents.order_by("given_at", "pk")
        ]
    }


@register_section("failed_login_attempts")
def failed_login_attempts_section(user: User) -> dict[str, Any]:
    """What the login rate limit (django-axes) recorded under this e-mail address.

    The form data axes keeps (``post_data``, ``get_data``) is left out: it holds
    nothing of use to the person and may hold someone else's input.
    """
    attempts = AccessAttempt.objects.filter(username__iexact=user.email).order_by("attempt_time")
    failures = AccessFailureLog.objects.filter(username__iexact=user.email).order_by("attempt_time")
    return {
        "attempts": [
            {
                "last_attempt_at": a.attempt_time,
                "failures": a.failures_since_start,
                "ip_address": a.ip_address,
                "user_agent": a.user_agent,
            }
            for a in attempts
        ],
        "failure_log": [
            {
                "attempt_at": f.attempt_time,
                "ip_address": f.ip_address,
                "user_agent": f.user_agent,
                "locked_out": f.locked_out,
            }
            for f in failures
        ],
    }
