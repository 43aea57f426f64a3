"""Reads of the workshops app: lists, attendance counts (suppressed), carried-over actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from verkstad.accounts.models import ActorType
from verkstad.workshops.models import (
    ActionStatus,
    FollowUpAction,
    Meeting,
    MeetingStatus,
    RegistrationStatus,
)

#: The smallest number of people any exported or shown count may be about.
MIN_PEOPLE = 5
NOT_STATED = ""


def meetings_visible(*, may_run: bool) -> QuerySet[Meeting]:
    """Published and cancelled meetings; drafts too for people who run meetings."""
    meetings = Meeting.objects.prefetch_related("organisers")
    if not may_run:
        meetings = meetings.exclude(status=MeetingStatus.DRAFT)
    return meetings


def meetings_upcoming(*, may_run: bool) -> QuerySet[Meeting]:
    return meetings_visible(may_run=may_run).filter(ends_at__gt=timezone.now())


def meetings_past(*, may_run: bool) -> QuerySet[Meeting]:
    return meetings_visible(may_run=may_run).filter(ends_at__lte=timezone.now()).reverse()


@dataclass(frozen=True)
class CountRow:
    actor_type: str
    label: str
    count: int | None  # None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class AttendanceCounts:
    rows: list[CountRow]
    total: int | None
    basis: str  # "attended" once anyone is marked as having come, else "confirmed"


def suppress(counts: dict[str, int], *, minimum: int = MIN_PEOPLE) -> dict[str, int | None]:
    """Replace counts of 1..minimum-1 by None, and one more when a single cell would be revealed.

    Zero stays zero (it is about nobody). When exactly one cell is suppressed, the total and
    the other cells would give it away, so the smallest other non-zero cell is suppressed too.
    """
    out: dict[str, int | None] = {
        key: (None if 0 < value < minimum else value) for key, value in counts.items()
    }
    hidden = [key for key, value in out.items() if value is None]
    if len(hidden) == 1:
        others = sorted(
            (value, key) for key, value in out.items() if value is not None and value > 0
        )
        if others:
            out[others[0][1]] = None
    return out


def attendance_counts(*, meeting: Meeting) -> AttendanceCounts:
    """People by declared actor type; counts under five suppressed.

    Counts those marked as having come once the facilitator has marked anyone, before that
    the confirmed places.
    """
    confirmed = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED)
    attended = confirmed.filter(attended=True)
    basis = "attended" if attended.exists() else "confirmed"
    raw = dict(
        (attended if basis == "attended" else confirmed)
        .values_list("actor_type")
        .annotate(n=Count("pk"))
        .values_list("actor_type", "n")
    )
    counts = {value: raw.get(value, 0) for value in ActorType.values}
    counts[NOT_STATED] = raw.get(NOT_STATED, 0)
    total = sum(counts.values())
    shown = suppress(counts)
    labels = dict(ActorType.choices)
    rows = [
        CountRow(actor_type=key, label=str(labels.get(key, "")), count=value)
        for key, value in shown.items()
    ]
    return AttendanceCounts(rows=rows, total=None if 0 < total < MIN_PEOPLE else total, basis=basis)


def actions_carried_over(*, meeting: Meeting) -> QuerySet[FollowUpAction]:
    """Open actions from earlier meetings of any of this meeting's organisers."""
    return (
        FollowUpAction.objects.filter(
            status=ActionStatus.OPEN,
            meeting__organisers__in=meeting.organisers.all(),
            meeting__starts_at__lt=meeting.starts_at,
        )
        .exclude(meeting=meeting)
        .select_related("meeting", "owner")
        .distinct()
    )
