"""Keeping a conversation's opinion map current: debounced, at most one run in flight.

Anything that changes what the map is made of (a vote, an accepted or rejected statement, an
import) calls :func:`request_map` inside its transaction. The map is recomputed in a
background task after ``VERKSTAD_DIALOGUE_MAP_DEBOUNCE`` seconds; while one run is queued or
running no other is queued; a run that finds the conversation changed again while it worked
queues one more. Pages read the stored :class:`~verkstad.dialogue.models.OpinionSnapshot`.

The run slot is ``Conversation.map_running_since``: claimed by :func:`request_map`, released
by :func:`map_run` whatever happens. A slot older than :data:`DEAD_AFTER` belongs to a run that
died without releasing it (a killed worker) and may be claimed again.
"""

from __future__ import annotations

import logging
import pickle
import time
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from verkstad.accounts.models import ActorType
from verkstad.dialogue.aggregates import MIN_PEOPLE, report_aggregates
from verkstad.dialogue.models import (
    Conversation,
    CurrentVote,
    OpinionSnapshot,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)

logger = logging.getLogger(__name__)

#: A run slot held longer than this is taken to be a dead run's.
DEAD_AFTER = timedelta(minutes=10)
#: Snapshots kept per conversation; older ones are deleted after each run.
KEEP_SNAPSHOTS = 20
#: Below this many voters the map is not computed: the snapshot says "not enough votes yet".
MIN_VOTERS = MIN_PEOPLE
#: Seconds a process may go on using the latest map's id without asking the database (see
#: :func:`latest_snapshot_id`).
LATEST_ID_TTL = 10


# One statement marks the map stale and claims the run slot when it is free or its holder is
# presumed dead. It matches no row while the map is already stale and a live run is on its way,
# the usual case under a stream of votes: no write, so concurrent votes never wait on the
# conversation's row lock. RETURNING says whether this call took the slot (SQLite 3.35+ and
# PostgreSQL; RETURNING sees the new values, and only this call wrote ``now``).
_REQUEST_MAP = """
UPDATE {table}
SET map_stale_since = COALESCE(map_stale_since, %s),
    map_running_since = CASE
        WHEN map_running_since IS NULL OR map_running_since < %s THEN %s
        ELSE map_running_since END
WHERE id = %s AND (map_stale_since IS NULL OR map_running_since IS NULL
                   OR map_running_since < %s)
RETURNING CASE WHEN map_running_since = %s THEN 1 ELSE 0 END
"""


def request_map(conversation_id: int) -> None:
    """Mark the conversation's map stale and make sure a recomputation is on its way.

    Called for every vote, so it is one statement that writes nothing in the usual case. It
    cannot be skipped on the strength of a conversation row read earlier in the request: a run
    may clear the stale mark and read the votes between that read and this vote's commit, and
    would then never see the vote.
    """
    now = timezone.now()
    # As the ORM would store them (SQLite keeps text, so the forms must match).
    at = connection.ops.adapt_datetimefield_value(now)
    dead = connection.ops.adapt_datetimefield_value(now - DEAD_AFTER)
    table = connection.ops.quote_name(Conversation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_REQUEST_MAP.format(table=table), [at, dead, at, conversation_id, dead, at])
        row = cursor.fetchone()
    if row is not None and row[0]:
        transaction.on_commit(lambda: _enqueue(conversation_id))


def _claim(conversation_id: int, now) -> bool:
    """Take the run slot when it is free or its holder is presumed dead."""
    return bool(
        Conversation.objects.filter(pk=conversation_id)
        .filter(Q(map_running_since__isnull=True) | Q(map_running_since__lt=now - DEAD_AFTER))
        .update(map_running_since=now)
    )


def _enqueue(conversation_id: int) -> None:
    from verkstad.dialogue.tasks import enqueue_map

    enqueue_map(conversation_id)


def map_run(conversation_id: int) -> OpinionSnapshot | None:
    """The background run: recompute, release the slot, and queue again if votes came in.

    The slot is released even when the computation fails (the error is re-raised, so the task
    shows as failed); the stale mark is then put back, so the next change tries again.
    """
    try:
        snapshot = map_compute(conversation_id)
    except Conversation.DoesNotExist:  # deleted while queued: nothing to do
        return None
    finally:
        Conversation.objects.filter(pk=conversation_id).update(map_running_since=None)
    # Changed while we worked: one more run (unless someone else has already claimed it).
    again = Conversation.objects.filter(pk=conversation_id, map_stale_since__isnull=False)
    if again.exists() and _claim(conversation_id, timezone.now()):
        transaction.on_commit(lambda: _enqueue(conversation_id))
    return snapshot


@dataclass(frozen=True)
class _Inputs:
    participants: np.ndarray  # participant number per vote
    statements: np.ndarray  # statement number per vote
    values: np.ndarray
    accepted: list[int]  # statement numbers shown to participants and reported on
    rejected: list[int]
    meta: list[int]
    actor_type_of: dict[int, str]


def _inputs(conversation: Conversation) -> _Inputs:
    statement_rows = list(
        Statement.objects.filter(conversation=conversation)
        .exclude(status=StatementStatus.PENDING)
        .values_list("pk", "number", "status", "is_meta")
    )
    number_of_statement = {pk: number for pk, number, _, _ in statement_rows}
    participant_rows = list(
        Participant.objects.filter(conversation=conversation).values_list(
            "pk", "number", "actor_type"
        )
    )
    number_of_participant = {pk: number for pk, number, _ in participant_rows}
    rows = np.array(
        list(
            CurrentVote.objects.filter(conversation=conversation).values_list(
                "participant_id", "statement_id", "value"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    # Map primary keys to numbers (Pol.is's ids) in bulk; votes on pending statements drop.
    s_keys = np.array(sorted(number_of_statement), dtype=np.int64)
    s_numbers = np.array([number_of_statement[k] for k in s_keys], dtype=np.int64)
    p_keys = np.array(sorted(number_of_participant), dtype=np.int64)
    p_numbers = np.array([number_of_participant[k] for k in p_keys], dtype=np.int64)
    s_pos = _positions(s_keys, rows[:, 1])
    p_pos = _positions(p_keys, rows[:, 0])
    keep = (s_pos >= 0) & (p_pos >= 0)
    return _Inputs(
        participants=p_numbers[p_pos[keep]],
        statements=s_numbers[s_pos[keep]],
        values=rows[keep, 2],
        accepted=sorted(
            n for _, n, status, meta in statement_rows if status == StatementStatus.ACCEPTED
        ),
        rejected=[n for _, n, status, _ in statement_rows if status == StatementStatus.REJECTED],
        meta=[n for _, n, _, meta in statement_rows if meta],
        actor_type_of={number: actor for _, number, actor in participant_rows if actor},
    )


def _positions(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    out = np.full(len(wanted), -1, dtype=np.int64)
    if len(keys) == 0 or len(wanted) == 0:
        return out
    pos = np.clip(np.searchsorted(keys, wanted), 0, len(keys) - 1)
    found = keys[pos] == wanted
    out[found] = pos[found]
    return out


def _previous_state(conversation: Conversation):
    latest = (
        OpinionSnapshot.objects.filter(conversation=conversation, state__isnull=False)
        .only("state")
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None or not latest.state:
        return None
    try:
        # Our own pickle, written by this function's twin below; never user input.
        return pickle.loads(bytes(latest.state))  # noqa: S301 our own stored state
    except Exception:  # a state from an older version of the math: start afresh
        logger.warning("Opinion map state of conversation %s unreadable; cold start", conversation)
        return None


def map_compute(conversation_id: int) -> OpinionSnapshot:
    """Compute the conversation's opinion map from its current votes and store a snapshot.

    Clears the stale mark first (votes arriving from then on mark it again), continues from
    the latest snapshot's state, and keeps the newest :data:`KEEP_SNAPSHOTS` snapshots.
    """
    from verkstad.dialogue.math import opinion_map

    conversation = Conversation.objects.get(pk=conversation_id)
    stale_since = conversation.map_stale_since
    Conversation.objects.filter(pk=conversation_id).update(map_stale_since=None)
    try:
        started = time.perf_counter()
        last_vote_id = Vote.objects.filter(statement__conversation=conversation).aggregate(
            last=Max("pk")
        )["last"]
        inputs = _inputs(conversation)
        n_voters = len(np.unique(inputs.participants))
        actor_types = [choice.value for choice in ActorType]
        if n_voters < MIN_VOTERS:
            data = {
                "status": "too_few",
                "report": report_aggregates(
                    participants=inputs.participants,
                    statements=inputs.statements,
                    values=inputs.values,
                    statement_ids=inputs.accepted,
                    participant_ids=np.zeros(0, np.int64),
                    group_of=np.zeros(0, np.int64),
                    n_groups=0,
                    actor_type_of=inputs.actor_type_of,
                    actor_types=actor_types,
                ),
            }
            state = None
        else:
            result = opinion_map(
                zip(
                    inputs.participants.tolist(),
                    inputs.statements.tolist(),
                    inputs.values.tolist(),
                    strict=True,
                ),
                k_max=settings.VERKSTAD_DIALOGUE_K_MAX,
                mod_out=inputs.rejected,
                meta=inputs.meta,
                previous=_previous_state(conversation),
            )
            data = result.to_dict(coordinates=False)
            data["status"] = "ok"
            data["report"] = report_aggregates(
                participants=inputs.participants,
                statements=inputs.statements,
                values=inputs.values,
                statement_ids=inputs.accepted,
                participant_ids=result.participant_ids,
                group_of=result.group_of,
                n_groups=result.k,
                actor_type_of=inputs.actor_type_of,
                actor_types=actor_types,
                coordinates=result.coordinates,
            )
            state = pickle.dumps(result.state, protocol=pickle.HIGHEST_PROTOCOL)
        duration_ms = round((time.perf_counter() - started) * 1000)
        snapshot = OpinionSnapshot.objects.create(
            conversation=conversation,
            n_participants=n_voters,
            n_statements=len(inputs.accepted),
            n_votes=len(inputs.values),
            last_vote_id=last_vote_id,
            duration_ms=duration_ms,
            data=data,
            state=state,
        )
    except BaseException:
        if stale_since is not None:
            Conversation.objects.filter(pk=conversation_id).update(
                map_stale_since=Coalesce("map_stale_since", stale_since)
            )
        raise
    _prune(conversation)
    # The task runs in autocommit, so the snapshot is visible by now.
    cache.delete(_latest_id_key(conversation_id))
    logger.info(
        "Opinion map of %s: %d votes from %d people in %d ms",
        conversation.slug,
        snapshot.n_votes,
        snapshot.n_participants,
        snapshot.duration_ms,
    )
    return snapshot


def _prune(conversation: Conversation) -> None:
    old = OpinionSnapshot.objects.filter(conversation=conversation).order_by("-created_at", "-pk")[
        KEEP_SNAPSHOTS:
    ]
    OpinionSnapshot.objects.filter(pk__in=list(old.values_list("pk", flat=True))).delete()


def latest_snapshot(conversation: Conversation) -> OpinionSnapshot | None:
    """The newest snapshot, without the pickled state (pages never need it)."""
    return (
        OpinionSnapshot.objects.filter(conversation=conversation)
        .defer("state")
        .order_by("-created_at", "-pk")
        .first()
    )


def _latest_id_key(conversation_id: int) -> str:
    return f"dialogue:latest-map:{conversation_id}"


def latest_snapshot_id(conversation_id: int) -> int | None:
    """The id of the newest snapshot, cached: the voting page asks for it with every vote.

    A new snapshot clears the cached id as soon as it is stored. Where the cache is shared
    (``REDIS_URL``) every process sees the new map at once; with the in-memory cache the web
    processes learn of a map stored by the task worker within :data:`LATEST_ID_TTL` seconds.
    """
    key = _latest_id_key(conversation_id)
    found = cache.get(key)
    if found is None:
        found = (
            OpinionSnapshot.objects.filter(conversation_id=conversation_id)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        ) or 0  # 0: no snapshot yet (ids start at 1), cached as well
        cache.set(key, found, timeout=LATEST_ID_TTL)
    return found or None
