"""Background tasks of the dialogue app (django-tasks).

:func:`enqueue_map` is called (on commit) by :func:`verkstad.dialogue.snapshots.request_map`
once it has claimed the conversation's run slot, so at most one run is queued or running per
conversation. The run waits ``VERKSTAD_DIALOGUE_MAP_DEBOUNCE`` seconds when the backend can
defer tasks (the database backend can; the immediate backend used in tests runs at once), so
a burst of votes shares one recomputation.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from verkstad.dialogue import snapshots


@task()
def compute_map_task(conversation_id: int) -> dict[str, int] | None:
    """Recompute one conversation's opinion map and store it as a snapshot."""
    snapshot = snapshots.map_run(conversation_id)
    if snapshot is None:
        return None
    return {
        "snapshot": snapshot.pk,
        "votes": snapshot.n_votes,
        "participants": snapshot.n_participants,
        "duration_ms": snapshot.duration_ms,
    }


def enqueue_map(conversation_id: int) -> None:
    """Queue the recomputation, deferred by the debounce when the backend supports it."""
    job = compute_map_task
    delay = settings.VERKSTAD_DIALOGUE_MAP_DEBOUNCE
    if delay > 0 and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + timedelta(seconds=delay))
    job.enqueue(conversation_id)
