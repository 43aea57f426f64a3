"""Reads of dialogue results that other apps' pages show (the finding card)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from verkstad.dialogue.aggregates import MIN_PEOPLE
from verkstad.dialogue.models import Access, Statement, StatementStatus
from verkstad.dialogue.report import Share, StatementRef


@dataclass
class FindingResult:
    statement: StatementRef
    share: Share
    topic: str
    report_url: str


@dataclass
class FindingResults:
    results: list[FindingResult]
    hidden: int  # statements with fewer than five votes so far


def finding_results_get(*, finding: Any) -> FindingResults:
    """Accepted statements linked to ``finding`` in public conversations, with their votes.

    One query: the counts come from the current votes. A statement with fewer than
    :data:`MIN_PEOPLE` voters is only counted in ``hidden``. Conversations open to link
    holders or signed-in users only are left out: the finding card is public.
    """
    rows = (
        Statement.objects.filter(
            finding=finding,
            status=StatementStatus.ACCEPTED,
            conversation__access=Access.ANYONE,
        )
        .select_related("conversation")
        .annotate(
            voters=Count("current_votes"),
            agree=Count("current_votes", filter=Q(current_votes__value=1)),
            disagree=Count("current_votes", filter=Q(current_votes__value=-1)),
            passed=Count("current_votes", filter=Q(current_votes__value=0)),
        )
        .order_by("-voters", "conversation_id", "number")
    )
    results, hidden = [], 0
    for statement in rows:
        if statement.voters < MIN_PEOPLE:
            hidden += 1
            continue
        conversation = statement.conversation
        results.append(
            FindingResult(
                statement=StatementRef(statement.number, statement.text, statement.language),
                share=Share(
                    statement.voters, statement.agree, statement.disagree, statement.passed
                ),
                topic=conversation.topic,
                report_url=reverse("dialogue:report", args=[conversation.slug]),
            )
        )
    return FindingResults(results=results, hidden=hidden)
