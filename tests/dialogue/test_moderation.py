"""Moderation decisions and the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ConversationFactory, StatementFactory
from verkstad.dialogue.models import Moderation, Statement, StatementStatus
from verkstad.dialogue.moderation import (
    ModerationError,
    moderation_overview,
    moderation_queue,
    moderation_recent,
    reason_compose,
    statement_accept,
    statement_moderate,
    statement_reject,
)

pytestmark = pytest.mark.django_db


def test_it_accepts_several_at_once_with_moderator_and_time(moderator_maja):
    conversation = ConversationFactory()
    a, b = (StatementFactory(conversation=conversation, status="pending") for _ in range(2))
    changed = statement_accept(statements=[a, b], moderator=moderator_maja)
    assert changed == 2
    for statement in Statement.objects.all():
        assert statement.status == StatementStatus.ACCEPTED
        assert statement.moderated_by == moderator_maja
        assert statement.moderated_at is not None
    conversation.refresh_from_db()
    assert conversation.map_stale_since is not None


def test_rejecting_needs_a_reason(moderator_maja):
    statement = StatementFactory(status="pending")
    with pytest.raises(ModerationError):
        statement_reject(statements=[statement], moderator=moderator_maja, reason=" ")
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PENDING


def test_it_keeps_the_reason(moderator_maja):
    statement = StatementFactory(status="pending")
    statement_reject(
        statements=[statement],
        moderator=moderator_maja,
        reason=reason_compose(preset="off_topic", text="handlar om fotboll"),
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.REJECTED
    assert statement.reason.endswith(": handlar om fotboll")


def test_pending_is_not_a_decision(moderator_maja):
    with pytest.raises(ModerationError):
        statement_moderate(statements=[], status="pending", moderator=moderator_maja)


def test_an_unknown_preset_is_refused():
    with pytest.raises(ModerationError):
        reason_compose(preset="nope")


def test_the_queue_lists_pending_first_with_duplicates():
    conversation = ConversationFactory(moderation=Moderation.PRE)
    original = StatementFactory(conversation=conversation, status="accepted")
    later = StatementFactory(
        conversation=conversation, status="pending", duplicate_of=original, duplicate_score=0.93
    )
    StatementFactory(conversation=conversation, status="rejected")
    items = moderation_queue(conversation=conversation)
    assert [i.statement for i in items] == [later]
    assert items[0].statement.duplicate_of == original


def test_under_post_moderation_unreviewed_recent_statements_stay_in_the_queue(moderator_maja):
    conversation = ConversationFactory(moderation=Moderation.POST)
    pending = StatementFactory(conversation=conversation, status="pending")
    unreviewed = StatementFactory(conversation=conversation, status="accepted")
    StatementFactory(
        conversation=conversation,
        status="accepted",
        created_at=timezone.now() - timedelta(days=90),
    )
    reviewed = StatementFactory(conversation=conversation, status="accepted")
    statement_accept(statements=[reviewed], moderator=moderator_maja)
    items = moderation_queue(conversation=conversation)
    assert [(i.statement, i.kind) for i in items] == [
        (pending, "pending"),
        (unreviewed, "unreviewed"),
    ]
    assert moderation_recent(conversation=conversation) == [reviewed]


def test_the_overview_counts_per_conversation():
    busy = ConversationFactory()
    StatementFactory.create_batch(2, conversation=busy, status="pending")
    StatementFactory(conversation=busy, status="rejected")
    quiet = ConversationFactory()
    rows = {c.pk: c for c in moderation_overview()}
    assert (rows[busy.pk].n_pending, rows[busy.pk].n_rejected) == (2, 1)
    assert rows[quiet.pk].n_pending == 0
    assert list(moderation_overview())[0] == busy


def test_decisions_refresh_the_search_index(monkeypatch, moderator_maja):
    scheduled = []
    monkeypatch.setattr(
        "verkstad.search.services.index_schedule", lambda refs: scheduled.extend(refs)
    )
    statement = StatementFactory(status="pending")
    scheduled.clear()  # the factory's save was seen through the signal
    statement_reject(statements=[statement], moderator=moderator_maja, reason="spam")
    assert scheduled == [("statement", str(statement.pk))]
