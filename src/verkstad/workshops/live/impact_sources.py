"""What live sessions add to the impact record (docs/impact.md, docs/live-sessions.md).

Two sources, read when an impact report is made, so the live hot path writes nothing extra:

- :func:`live_engagement`: people who joined a live session in the period, by the actor type
  they declared (with consent; "" when not) and the meeting's audience municipality, as the
  ``live_participants`` measure.
- :func:`live_learning`: learning checks. A scale question asked with the learning phase
  "before" and again, with the same Swedish wording, as "after" in the same session gives one
  Likert item: the number of answers per step before and after.

Both return raw counts; the impact app sums them and suppresses every cell about fewer than
five people. Registered with :mod:`verkstad.impact.registry` when that app is there (the
import is guarded, so the workshops app runs without it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from verkstad.workshops.live.models import (
    Activity,
    ActivityKind,
    Answer,
    LearningPhase,
    LiveParticipant,
)

try:  # the impact app may not be installed (or not yet built) in this checkout
    from verkstad.impact import registry
except ImportError:  # pragma: no cover - exercised only without the impact app
    registry = None  # type: ignore[assignment]

MEASURE = "live_participants"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Whole days in Swedish time, both ends included (as the impact app's periods)."""
    tz = timezone.get_default_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), tz)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    return lo, hi


def _row(measure: str, actor_type: str, region: str, count: int) -> Any:
    if registry is not None:
        return registry.EngagementRow(measure, actor_type, region, count)
    return (measure, actor_type, region, count)


def live_engagement(start: date, end: date) -> Iterator[Any]:
    """Live-session participants who joined in the period, by actor type and region."""
    lo, hi = _bounds(start, end)
    rows = (
        LiveParticipant.objects.filter(joined_at__gte=lo, joined_at__lt=hi)
        .values_list("actor_type", "session__meeting__audience_municipality_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for actor_type, region, n in rows:
        yield _row(MEASURE, actor_type or "", region or "", n)


def _wording(activity: Activity) -> str:
    return " ".join(activity.prompt_sv.casefold().split())


def learning_pairs(activities: list[Activity]) -> list[tuple[Activity, Activity]]:
    """(before, after) scale questions of one session with the same wording.

    The first "before" and the last "after" of each wording, when both exist.
    """
    before: dict[str, Activity] = {}
    after: dict[str, Activity] = {}
    for activity in sorted(activities, key=lambda a: (a.position, a.pk)):
        if activity.kind != ActivityKind.SCALE:
            continue
        if activity.learning_phase == LearningPhase.BEFORE:
            before.setdefault(_wording(activity), activity)
        elif activity.learning_phase == LearningPhase.AFTER:
            after[_wording(activity)] = activity
    return [(before[w], after[w]) for w in before if w in after]


def _distribution(activity: Activity) -> dict[int, int]:
    values = Answer.objects.filter(activity=activity).values_list("value", flat=True)
    counts = Counter(v for v in values if isinstance(v, int) and 1 <= v <= 5)
    return {step: counts.get(step, 0) for step in range(1, 6)}


def live_learning(start: date, end: date) -> Iterator[Any]:
    """A Likert result per before/after pair in sessions started in the period."""
    from verkstad.workshops.live.kinds import KINDS

    lo, hi = _bounds(start, end)
    activities = (
        Activity.objects.filter(
            session__created_at__gte=lo,
            session__created_at__lt=hi,
            kind=ActivityKind.SCALE,
        )
        .exclude(learning_phase="")
        .select_related("session__meeting")
    )
    by_session: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_session[activity.session_id].append(activity)
    scale = KINDS[ActivityKind.SCALE]
    for session_activities in by_session.values():
        for before, after in learning_pairs(session_activities):
            session = before.session
            low, high = scale.labels(before)  # type: ignore[attr-defined]
            context = f"{session.meeting.title} ({session.code})"
            values = {
                "item": before.prompt,
                "scale_min": 1,
                "scale_max": 5,
                "before": _distribution(before),
                "after": _distribution(after),
                "context": context,
                "low_label": low,
                "high_label": high,
            }
            yield registry.LikertResult(**values) if registry is not None else values


def connect() -> None:
    if registry is None:
        return
    registry.source_add(registry.ENGAGEMENT_SOURCES, live_engagement)
    registry.source_add(registry.LEARNING_SOURCES, live_learning)


connect()
