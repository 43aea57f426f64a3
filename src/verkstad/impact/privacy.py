"""People's data in the impact app: the editor who recorded a knowledge use.

Page counts and platform-recorded uses hold nothing about anyone. A record an editor
made keeps who made it (``recorded_by``) so colleagues can ask about it; that link is in
the editor's "my data" export and is cut when their account is erased (the record stays).
"""

from __future__ import annotations

from typing import Any

from verkstad.accounts.models import User
from verkstad.accounts.personal_data import register_section, registered_sections
from verkstad.accounts.signals import account_erasing
from verkstad.impact.models import KnowledgeUse

SECTION = "impact"


def impact_section(user: User) -> dict[str, Any]:
    uses = KnowledgeUse.objects.filter(recorded_by=user).select_related("finding")
    return {
        "knowledge_use_records": [
            {
                "finding": u.finding.slug,
                "channel": u.channel,
                "outcome": u.outcome,
                "organisation": u.organisation_name,
                "actor_type": u.actor_type,
                "municipality_code": u.municipality_code,
                "reference": u.reference,
                "url": u.url,
                "note": u.note,
                "date": u.day,
                "recorded_at": u.created_at,
            }
            for u in uses.order_by("created_at", "pk")
        ]
    }


def forget_recorder(sender: Any, user: User, **kwargs: Any) -> None:
    """Account erasure: keep the records (they are about organisations), drop who made them."""
    KnowledgeUse.objects.filter(recorded_by=user).update(recorded_by=None)


def connect() -> None:
    if SECTION not in registered_sections():
        register_section(SECTION)(impact_section)
    account_erasing.connect(forget_recorder, dispatch_uid="impact.forget_recorder")
