"""Writes of the workshops app: registrations, cancellations, the waiting list, actions.

Every change to who holds a place runs in one transaction that first locks the meeting's
row (``select_for_update``), so two people taking the last place at once cannot both get
it, and a freed place goes to exactly one person on the waiting list. E-mails go through
the task queue after the transaction commits (:mod:`verkstad.workshops.tasks`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import User
from verkstad.workshops.models import (
    ActionStatus,
    FollowUpAction,
    Meeting,
    Registration,
    RegistrationStatus,
)


class RegistrationRefused(Exception):
    """The meeting takes no registrations (a draft, cancelled or already started)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _email_later(registration: Registration, kind: str, base_url: str) -> None:
    from verkstad.workshops.tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind, base_url))


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _confirmed_count(meeting: Meeting) -> int:
    return meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def registration_create(
    *, meeting: Meeting, user: User, actor_type: str = "", base_url: str = ""
) -> Registration:
    """A confirmed place if one is free, otherwise a place on the waiting list.

    Registering again while registered returns the existing registration unchanged.
    """
    with transaction.atomic():
        meeting = _locked(meeting)
        if not meeting.registration_open:
            raise RegistrationRefused(str(_("This meeting does not take registrations.")))
        existing = meeting.registrations.filter(
            user=user, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
        ).first()
        if existing is not None:
            return existing
        full = meeting.capacity is not None and _confirmed_count(meeting) >= meeting.capacity
        registration = Registration.objects.create(
            meeting=meeting,
            user=user,
            actor_type=actor_type,
            status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
        )
        _email_later(registration, "waiting" if full else "confirmed", base_url)
    return registration


def _fill_places(meeting: Meeting, base_url: str) -> list[Registration]:
    """Move people up from the waiting list while places are free (meeting row locked)."""
    promoted: list[Registration] = []
    waiting = meeting.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    free = (
        None if meeting.capacity is None else max(0, meeting.capacity - _confirmed_count(meeting))
    )
    for registration in waiting if free is None else waiting[:free]:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        _email_later(registration, "promoted", base_url)
        promoted.append(registration)
    return promoted


def registration_cancel(*, registration: Registration, base_url: str = "") -> list[Registration]:
    """Cancel a place; the first people on the waiting list take the freed places.

    Returns the registrations moved up. Cancelling twice is harmless.
    """
    with transaction.atomic():
        meeting = _locked(registration.meeting)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return []
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if meeting.status == "published" and not meeting.is_past:
            return _fill_places(meeting, base_url)
    return []


def meeting_places_refill(*, meeting: Meeting, base_url: str = "") -> list[Registration]:
    """After the capacity was raised: give the new places to the waiting list."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status != "published" or meeting.is_past:
            return []
        return _fill_places(meeting, base_url)


def meeting_cancelled_notify(*, meeting: Meeting, base_url: str = "") -> int:
    """E-mail everyone with a place or on the waiting list that the meeting is cancelled."""
    registrations = list(
        meeting.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            user__isnull=False,
        )
    )
    for registration in registrations:
        _email_later(registration, "cancelled", base_url)
    return len(registrations)


def waiting_position(*, registration: Registration) -> int | None:
    """1 for the first in the queue; None when not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.meeting.registrations.filter(
        status=RegistrationStatus.WAITING, created_at__lte=registration.created_at
    ).exclude(created_at=registration.created_at, pk__gt=registration.pk)
    return ahead.count()


def attendance_record(*, meeting: Meeting, registration_ids: set[int]) -> int:
    """Mark who came: the given confirmed registrations came, the other confirmed did not."""
    confirmed = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED)
    came = confirmed.filter(pk__in=registration_ids).update(attended=True)
    confirmed.exclude(pk__in=registration_ids).update(attended=False)
    return came


def action_set_status(*, action: FollowUpAction, status: str) -> FollowUpAction:
    """Open, done or dropped; ``closed_at`` follows."""
    action.status = ActionStatus(status)
    action.closed_at = None if action.status == ActionStatus.OPEN else timezone.now()
    action.save(update_fields=["status", "closed_at"])
    return action
