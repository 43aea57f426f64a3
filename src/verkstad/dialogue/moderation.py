"""Moderating statements: the queue a moderator works through, and the decisions.

Writes happen in :func:`statement_moderate` (one statement or many, one transaction), which
records who decided, when and why, and asks for a new opinion map. The queue
(:func:`moderation_queue`) lists what waits for a decision first; under post-moderation it
also lists statements that went up without review, so a moderator can still reject them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import User
from verkstad.dialogue.models import Conversation, Moderation, Statement, StatementStatus
from verkstad.dialogue.snapshots import request_map

#: Reasons a moderator can pick with one click; free text can be added to any of them.
PRESET_REASONS: list[tuple[str, object]] = [
    ("off_topic", _("Off topic")),
    ("duplicate", _("Repeats an earlier statement")),
    ("several", _("More than one idea: please split it")),
    ("unclear", _("Unclear: please rephrase")),
    ("person", _("Names or attacks a person")),
    ("abusive", _("Offensive or abusive language")),
    ("spam", _("Advertising or spam")),
]

#: Under post-moderation, statements that went up unreviewed this recently stay in the queue.
POST_MODERATION_WINDOW = timedelta(days=30)

REASON_MAX_LENGTH = Statement._meta.get_field("reason").max_length or 300


class ModerationError(ValueError):
    pass


def reason_compose(*, preset: str = "", text: str = "") -> str:
    """The stored reason: the preset's label (in the active language) and any free text."""
    labels = dict(PRESET_REASONS)
    parts = []
    if preset:
        if preset not in labels:
            raise ModerationError(f"unknown preset reason {preset!r}")
        parts.append(str(labels[preset]))
    if text.strip():
        parts.append(text.strip())
    return ": ".join(parts)[:REASON_MAX_LENGTH]


def statement_moderate(
    *,
    statements: Iterable[Statement],
    status: StatementStatus | str,
    moderator: User | None,
    reason: str = "",
) -> int:
    """Accept or reject ``statements`` in one transaction; return how many changed.

    Rejecting needs a reason. Every statement gets the moderator, the time and the reason;
    each conversation touched gets its opinion map recomputed.
    """
    status = StatementStatus(status)
    if status == StatementStatus.PENDING:
        raise ModerationError("a decision is accepted or rejected")
    if status == StatementStatus.REJECTED and not reason.strip():
        raise ModerationError("rejecting a statement needs a reason")
    ids = [s.pk for s in statements]
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        rows = Statement.objects.select_for_update().filter(pk__in=ids)
        conversation_ids = set(rows.values_list("conversation_id", flat=True))
        changed = rows.update(
            status=status, moderated_by=moderator, moderated_at=now, reason=reason.strip()
        )
        for conversation_id in sorted(conversation_ids):
            request_map(conversation_id)
        search_schedule(ids)
    return changed


def search_schedule(statement_ids: Iterable[int]) -> None:
    """Refresh these statements in the search index after commit.

    ``QuerySet.update`` and ``bulk_create`` send no signals, so the search app's hooks do not
    see moderation decisions or imports: an accepted statement must become findable, and a
    rejected one must leave the index."""
    from verkstad.search.services import index_schedule

    index_schedule([("statement", str(pk)) for pk in statement_ids])


def statement_accept(
    *, statements: Iterable[Statement], moderator: User | None, reason: str = ""
) -> int:
    return statement_moderate(
        statements=statements, status=StatementStatus.ACCEPTED, moderator=moderator, reason=reason
    )


def statement_reject(
    *, statements: Iterable[Statement], moderator: User | None, reason: str
) -> int:
    return statement_moderate(
        statements=statements, status=StatementStatus.REJECTED, moderator=moderator, reason=reason
    )


@dataclass(frozen=True)
class QueueItem:
    statement: Statement
    #: "pending", or "unreviewed" (accepted under post-moderation, no moderator has looked).
    kind: str


def _unreviewed_filter(conversation: Conversation) -> Q:
    return Q(
        status=StatementStatus.ACCEPTED,
        moderated_at__isnull=True,
        created_at__gte=timezone.now() - POST_MODERATION_WINDOW,
    )


def moderation_queue_statements(*, conversation: Conversation) -> QuerySet[Statement]:
    """What waits for a moderator in ``conversation``: pending, then (post-moderation) the
    recent accepted statements nobody has reviewed; oldest first within each."""
    condition = Q(status=StatementStatus.PENDING)
    if conversation.moderation == Moderation.POST:
        condition |= _unreviewed_filter(conversation)
    return (
        Statement.objects.filter(conversation=conversation)
        .filter(condition)
        .select_related("duplicate_of", "finding", "author")
        .order_by("created_at", "number")
    )


def moderation_queue(*, conversation: Conversation) -> list[QueueItem]:
    statements = list(moderation_queue_statements(conversation=conversation))
    pending = [s for s in statements if s.status == StatementStatus.PENDING]
    unreviewed = [s for s in statements if s.status != StatementStatus.PENDING]
    return [QueueItem(s, "pending") for s in pending] + [
        QueueItem(s, "unreviewed") for s in unreviewed
    ]


def moderation_recent(*, conversation: Conversation, limit: int = 20) -> list[Statement]:
    """The latest decisions, newest first, so a moderator can see (and reverse) them."""
    return list(
        Statement.objects.filter(conversation=conversation, moderated_at__isnull=False)
        .select_related("moderated_by")
        .order_by("-moderated_at", "-number")[:limit]
    )


def moderation_overview() -> QuerySet[Conversation]:
    """Every conversation with its counts of pending, accepted and rejected statements."""
    return Conversation.objects.annotate(
        n_pending=Count("statements", filter=Q(statements__status=StatementStatus.PENDING)),
        n_accepted=Count("statements", filter=Q(statements__status=StatementStatus.ACCEPTED)),
        n_rejected=Count("statements", filter=Q(statements__status=StatementStatus.REJECTED)),
        n_duplicates=Count(
            "statements",
            filter=Q(
                statements__status=StatementStatus.PENDING,
                statements__duplicate_of__isnull=False,
            ),
        ),
    ).order_by("-n_pending", "-created_at")
