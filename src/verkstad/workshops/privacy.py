"""People's data in the workshops app: the "my data" section and account erasure.

Connected from :class:`verkstad.workshops.apps.WorkshopsConfig` when the app is ready.
"""

from __future__ import annotations

from typing import Any

from verkstad.accounts.models import User
from verkstad.accounts.personal_data import register_section, registered_sections
from verkstad.accounts.signals import account_erasing
from verkstad.workshops.models import Registration

SECTION = "workshops"


def workshops_section(user: User) -> dict[str, Any]:
    """The user's own registrations (no one else's)."""
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("meeting")
        .order_by("created_at", "pk")
    )
    return {
        "registrations": [
            {
                "meeting": r.meeting.slug,
                "title": r.meeting.title_sv,
                "starts_at": r.meeting.starts_at,
                "status": r.status,
                "coming_as": r.actor_type,
                "registered_at": r.created_at,
                "promoted_at": r.promoted_at,
                "cancelled_at": r.cancelled_at,
                "attended": r.attended,
            }
            for r in registrations
        ]
    }


def anonymise_registrations(sender: Any, user: User, **kwargs: Any) -> None:
    """Account erasure: keep the rows (so counts stay right), cut the link to the person.

    A place on the waiting list of a coming meeting is given up rather than kept for nobody.
    """
    from django.utils import timezone

    from verkstad.workshops.models import RegistrationStatus

    Registration.objects.filter(user=user, status=RegistrationStatus.WAITING).update(
        status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
    )
    Registration.objects.filter(user=user).update(user=None)


def connect() -> None:
    if SECTION not in registered_sections():
        register_section(SECTION)(workshops_section)
    account_erasing.connect(
        anonymise_registrations, dispatch_uid="workshops.anonymise_registrations"
    )
