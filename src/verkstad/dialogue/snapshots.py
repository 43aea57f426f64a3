"""Keeping a conversation's opinion map current: debounced, at most one run in flight.

Anything that changes what the map is made of (a vote, an accepted or rejected statement, an
import) calls :func:`request_map` inside its transaction. The map is recomputed in a
background task after ``VERKSTAD_DIALOGUE_MAP_DEBOUNCE`` seconds; while one run is queued or
running no other is queued; a run that finds the conversation changed again while it worked
queues one more. Pages read the stored :class:`~verkstad.dialogue.models.OpinionSnapshot`.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from verkstad.dialogue.models import Conversation


def request_map(conversation_id: int) -> None:
    """Mark the conversation's map stale and make sure a recomputation is on its way."""
    now = timezone.now()
    Conversation.objects.filter(pk=conversation_id).update(
        map_stale_since=Coalesce("map_stale_since", now)
    )
    claimed = Conversation.objects.filter(
        pk=conversation_id, map_running_since__isnull=True
    ).update(map_running_since=now)
    if claimed:
        transaction.on_commit(lambda: _enqueue(conversation_id))


def _enqueue(conversation_id: int) -> None:
    from verkstad.dialogue.tasks import enqueue_map

    enqueue_map(conversation_id)
