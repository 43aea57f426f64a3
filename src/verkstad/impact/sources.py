"""The platform's own engagement and knowledge-use sources, derived when a report is made.

Dialogue and meetings already store everything the impact record needs (votes and
statements with the participant's declared actor type and municipality; registrations
with attendance and the agenda's findings). Reading those rows at report time costs the
vote path nothing, so these are registered in :mod:`verkstad.impact.registry` rather than
writing knowledge-use rows as votes come in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from verkstad.impact.models import Channel, Outcome
from verkstad.impact.periods import Period
from verkstad.impact.registry import (
    ENGAGEMENT_SOURCES,
    KNOWLEDGE_USE_SOURCES,
    EngagementRow,
    KnowledgeUseRow,
    source_add,
)


def _bounds(start: date, end: date):
    return Period(start=start, end=end).bounds()


def dialogue_engagement(start: date, end: date) -> Iterator[EngagementRow]:
    """Participants, votes and statements by declared actor type and municipality."""
    from verkstad.dialogue.models import Statement, Vote

    lo, hi = _bounds(start, end)
    votes = (
        Vote.objects.filter(created_at__gte=lo, created_at__lt=hi, participant__imported=False)
        .values_list("participant_id", "participant__actor_type", "participant__municipality_code")
        .annotate(n=Count("pk"))
    )
    statements = (
        Statement.objects.filter(
            created_at__gte=lo,
            created_at__lt=hi,
            author__isnull=False,
            author__imported=False,
            is_seed=False,
        )
        .values_list("author_id", "author__actor_type", "author__municipality_code")
        .annotate(n=Count("pk"))
    )
    people: dict[tuple[str, str], set[int]] = defaultdict(set)
    counts = {"dialogue_votes": defaultdict(int), "dialogue_statements": defaultdict(int)}
    actors = {"dialogue_votes": defaultdict(set), "dialogue_statements": defaultdict(set)}
    for measure, rows in (("dialogue_votes", votes), ("dialogue_statements", statements)):
        for participant_id, actor_type, municipality, n in rows:
            key = (actor_type or "", municipality or "")
            people[key].add(participant_id)
            counts[measure][key] += n
            actors[measure][key].add(participant_id)
    for (actor_type, region), ids in people.items():
        yield EngagementRow("dialogue_participants", actor_type, region, len(ids))
    for measure, by_key in counts.items():
        for (actor_type, region), n in by_key.items():
            yield EngagementRow(
                measure, actor_type, region, n, people=len(actors[measure][(actor_type, region)])
            )


def _attended_registrations(start: date, end: date):
    """Confirmed registrations of published meetings held in the period that counted as come.

    Per meeting, as the meeting page counts: those ticked as having come once the
    facilitator ticked anyone, the confirmed places before that.
    """
    from verkstad.workshops.models import MeetingStatus, Registration, RegistrationStatus

    lo, hi = _bounds(start, end)
    confirmed = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        meeting__status=MeetingStatus.PUBLISHED,
        meeting__starts_at__gte=lo,
        meeting__starts_at__lt=min(hi, timezone.now()),
    )
    ticked = set(confirmed.filter(attended=True).values_list("meeting_id", flat=True))
    return confirmed.filter(Q(attended=True) | ~Q(meeting_id__in=ticked))


def meeting_engagement(start: date, end: date) -> Iterator[EngagementRow]:
    rows = (
        _attended_registrations(start, end)
        .values_list("actor_type", "meeting__audience_municipality_code")
        .annotate(n=Count("pk"))
    )
    for actor_type, region, n in rows:
        yield EngagementRow("meeting_attendance", actor_type or "", region or "", n)


def dialogue_knowledge_use(start: date, end: date) -> Iterator[KnowledgeUseRow]:
    """People with a declared actor type who voted in a dialogue tied to a finding.

    A dialogue is tied to a finding through its findings, or a statement seeded from one.
    Each person counts once per finding, however many votes they cast.
    """
    from verkstad.dialogue.models import Vote

    lo, hi = _bounds(start, end)
    votes = Vote.objects.filter(
        created_at__gte=lo,
        created_at__lt=hi,
        participant__imported=False,
        participant__actor_type__gt="",
    )
    seen: set[tuple[int, int]] = set()
    cells: dict[tuple[int, str, str], int] = defaultdict(int)
    for finding_field in ("statement__conversation__findings", "statement__finding"):
        rows = (
            votes.filter(**{f"{finding_field}__isnull": False})
            .values_list(
                finding_field,
                "participant_id",
                "participant__actor_type",
                "participant__municipality_code",
            )
            .distinct()
        )
        for finding_id, participant_id, actor_type, region in rows:
            if (finding_id, participant_id) in seen:
                continue
            seen.add((finding_id, participant_id))
            cells[(finding_id, actor_type, region or "")] += 1
    for (finding_id, actor_type, region), n in cells.items():
        yield KnowledgeUseRow(
            finding_id, Channel.DIALOGUE, Outcome.DISCUSSED, actor_type, region, n
        )


def meeting_knowledge_use(start: date, end: date) -> Iterator[KnowledgeUseRow]:
    """People who came to a meeting whose agenda took up a finding (once per finding)."""
    rows = (
        _attended_registrations(start, end)
        .filter(meeting__agenda_items__finding__isnull=False)
        .values_list(
            "meeting__agenda_items__finding",
            "actor_type",
            "meeting__audience_municipality_code",
        )
        .annotate(n=Count("pk", distinct=True))
    )
    for finding_id, actor_type, region, n in rows:
        yield KnowledgeUseRow(
            finding_id, Channel.MEETING, Outcome.DISCUSSED, actor_type or "", region or "", n
        )


def connect() -> None:
    source_add(ENGAGEMENT_SOURCES, dialogue_engagement)
    source_add(ENGAGEMENT_SOURCES, meeting_engagement)
    source_add(KNOWLEDGE_USE_SOURCES, dialogue_knowledge_use)
    source_add(KNOWLEDGE_USE_SOURCES, meeting_knowledge_use)
