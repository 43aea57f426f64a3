"""Taking part, without a browser: participants, votes, the next statement, new statements."""

from __future__ import annotations

import random
import time
import uuid

import numpy as np
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tests.dialogue.helpers import conversation_with_votes, two_camps
from tests.factories import (
    ConversationFactory,
    DialogueParticipantFactory,
    StatementFactory,
    UserFactory,
)
from verkstad.dialogue import snapshots
from verkstad.dialogue.math.priority import priorities
from verkstad.dialogue.models import (
    Conversation,
    CurrentVote,
    OpinionSnapshot,
    Participant,
    StatementStatus,
    Vote,
    VoteValue,
)
from verkstad.dialogue.moderation import statement_accept, statement_reject
from verkstad.dialogue.services import participation
from verkstad.dialogue.services.participation import (
    VoteRefused,
    cast_vote,
    next_statement,
    participant_create,
    progress_get,
    semantic_duplicate,
    statement_priorities,
    submit_statement,
    voting_state,
)
from verkstad.dialogue.services.ratelimit import Action, RateLimited, rate_limit_hit


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def conversation(db):
    return ConversationFactory()


@pytest.fixture
def person(conversation):
    return DialogueParticipantFactory(conversation=conversation, number=0)


def no_duplicate(*args):
    return None


# --- votes -----------------------------------------------------------------------------------


def test_the_same_vote_twice_is_kept_once(conversation, person):
    statement = StatementFactory(conversation=conversation)
    first = cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)
    second = cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)
    assert first.changed and not second.changed
    assert Vote.objects.count() == 1
    assert CurrentVote.objects.get().value == VoteValue.AGREE


def test_changing_a_vote_keeps_the_history(conversation, person):
    statement = StatementFactory(conversation=conversation)
    for value in (VoteValue.AGREE, VoteValue.DISAGREE, VoteValue.PASS):
        cast_vote(participant=person, statement=statement, value=value)
    assert list(Vote.objects.order_by("pk").values_list("value", flat=True)) == [1, -1, 0]
    current = CurrentVote.objects.get()
    assert current.value == VoteValue.PASS
    assert current.conversation == conversation


def test_a_vote_marks_the_map_stale(conversation, person):
    statement = StatementFactory(conversation=conversation)
    cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)
    conversation.refresh_from_db()
    assert conversation.map_stale_since is not None


def test_votes_queue_one_map_run_after_commit(
    conversation, person, django_capture_on_commit_callbacks
):
    first, second = (StatementFactory(conversation=conversation) for _ in range(2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cast_vote(participant=person, statement=first, value=VoteValue.AGREE)
        cast_vote(participant=person, statement=second, value=VoteValue.AGREE)
    assert len(callbacks) == 1
    conversation.refresh_from_db()
    assert conversation.map_running_since is not None


def test_the_same_vote_again_leaves_the_map_alone(conversation, person):
    statement = StatementFactory(conversation=conversation)
    cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)
    Conversation.objects.filter(pk=conversation.pk).update(
        map_stale_since=None, map_running_since=None
    )
    cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)
    conversation.refresh_from_db()
    assert conversation.map_stale_since is None and conversation.map_running_since is None


@pytest.mark.parametrize("status", [StatementStatus.PENDING, StatementStatus.REJECTED])
def test_only_accepted_statements_take_votes(conversation, person, status):
    statement = StatementFactory(conversation=conversation, status=status)
    with pytest.raises(VoteRefused):
        cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)
    assert not Vote.objects.exists()


def test_a_closed_conversation_takes_no_votes(conversation, person):
    statement = StatementFactory(conversation=conversation)
    conversation.is_open = False
    conversation.save()
    with pytest.raises(VoteRefused):
        cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)


def test_a_vote_on_another_conversations_statement_is_refused(person):
    statement = StatementFactory()
    with pytest.raises(VoteRefused):
        cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)


def test_an_unknown_vote_value_is_refused(conversation, person):
    statement = StatementFactory(conversation=conversation)
    with pytest.raises(VoteRefused):
        cast_vote(participant=person, statement=statement, value=5)


# --- participants ----------------------------------------------------------------------------


def test_participants_are_numbered_from_zero_per_conversation(conversation):
    user = UserFactory()
    first = participant_create(conversation=conversation, user=user)
    second = participant_create(conversation=conversation, anonymous_key=uuid.uuid4())
    elsewhere = participant_create(conversation=ConversationFactory(), user=user)
    assert (first.number, second.number, elsewhere.number) == (0, 1, 0)
    assert participant_create(conversation=conversation, user=user) == first


def test_a_taken_number_is_retried(conversation, monkeypatch):
    DialogueParticipantFactory(conversation=conversation, number=0)
    calls = iter([0, 1])  # the first guess collides, as when another request was faster
    monkeypatch.setattr(participation, "_next_number", lambda model, conv: next(calls))
    created = participant_create(conversation=conversation, anonymous_key=uuid.uuid4())
    assert created.number == 1


def test_it_gives_up_after_repeated_collisions(conversation, monkeypatch):
    DialogueParticipantFactory(conversation=conversation, number=0)
    monkeypatch.setattr(participation, "_next_number", lambda model, conv: 0)
    with pytest.raises(IntegrityError):
        participant_create(conversation=conversation, anonymous_key=uuid.uuid4())


def test_the_stored_key_differs_per_conversation():
    key = uuid.uuid4()
    a, b = ConversationFactory.build(pk=1), ConversationFactory.build(pk=2)
    assert participation.conversation_key(key, a) != participation.conversation_key(key, b)
    assert participation.conversation_key(key, a) == participation.conversation_key(key, a)


# --- the next statement ----------------------------------------------------------------------


def test_next_statement_skips_what_the_participant_voted_on(conversation, person):
    first = StatementFactory(conversation=conversation)
    second = StatementFactory(conversation=conversation)
    StatementFactory(conversation=conversation, status=StatementStatus.PENDING)
    cast_vote(participant=person, statement=first, value=VoteValue.AGREE)
    assert next_statement(conversation=conversation, participant=person) == second
    cast_vote(participant=person, statement=second, value=VoteValue.PASS)
    assert next_statement(conversation=conversation, participant=person) is None
    assert progress_get(conversation=conversation, participant=person).done


def test_priorities_follow_the_polis_formula(conversation):
    statements = [StatementFactory(conversation=conversation) for _ in range(3)]
    people = [DialogueParticipantFactory(conversation=conversation) for _ in range(4)]
    votes = {0: [1, 1, 1, -1], 1: [0, 0, 0, 1], 2: []}
    for index, values in votes.items():
        for person, value in zip(people, values, strict=False):
            cast_vote(participant=person, statement=statements[index], value=value)
    got = statement_priorities(conversation=conversation, statements=statements)
    expected = priorities(
        np.array([3, 1, 0]), np.array([1, 0, 0]), np.array([4, 4, 0]), np.array([0, 0, 0])
    )
    np.testing.assert_allclose(got, expected)
    assert got[2] > got[1]  # an unseen statement bubbles up over a much-passed one


def test_statements_the_map_has_seen_take_the_maps_priority(conversation):
    statements = [StatementFactory(conversation=conversation) for _ in range(2)]
    person = DialogueParticipantFactory(conversation=conversation)
    cast_vote(participant=person, statement=statements[1], value=VoteValue.PASS)
    OpinionSnapshot.objects.create(
        conversation=conversation,
        data={"pca": {"statements": {str(statements[0].number): {"priority": 7.5}}}},
    )
    got = statement_priorities(conversation=conversation, statements=statements)
    # The second is new to the map: scored from its one pass, extremity 0.
    np.testing.assert_allclose(got, [7.5, priorities([0], [0], [1], [0])[0]])


def test_meta_statements_get_the_fixed_priority(conversation):
    meta = StatementFactory(conversation=conversation, is_meta=True)
    got = statement_priorities(conversation=conversation, statements=[meta])
    assert got[0] == pytest.approx(49.0)


class RecordingRandom(random.Random):
    def choices(self, population, weights=None, **kwargs):
        self.seen = (list(population), list(weights))
        return [population[-1]]


def test_next_statement_draws_in_proportion_to_priority(conversation, person):
    statements = [StatementFactory(conversation=conversation) for _ in range(3)]
    rng = RecordingRandom()
    chosen = next_statement(conversation=conversation, participant=person, rng=rng)
    population, weights = rng.seen
    assert [c.pk for c in population] == [s.pk for s in statements]
    assert chosen == statements[-1]
    np.testing.assert_allclose(
        weights, statement_priorities(conversation=conversation, statements=statements)
    )


def test_next_statement_is_stable_until_the_person_votes(conversation, person):
    for _ in range(6):
        StatementFactory(conversation=conversation)
    picks = {next_statement(conversation=conversation, participant=person).pk for _ in range(5)}
    assert len(picks) == 1


def test_a_broken_snapshot_counts_as_no_extremity(conversation):
    statement = StatementFactory(conversation=conversation)
    OpinionSnapshot.objects.create(
        conversation=conversation, data={"pca": {"statements": {"0": "nonsense"}}}
    )
    got = statement_priorities(conversation=conversation, statements=[statement])
    assert got[0] == pytest.approx(priorities([0], [0], [0], [0])[0])


# --- what choosing keeps between votes -------------------------------------------------------


def test_a_statement_accepted_by_a_moderator_is_offered_at_once(conversation, person):
    first = StatementFactory(conversation=conversation)
    waiting = StatementFactory(conversation=conversation, status=StatementStatus.PENDING)
    cast_vote(participant=person, statement=first, value=VoteValue.AGREE)
    assert voting_state(conversation=conversation, participant=person).statement is None
    statement_accept(statements=[waiting], moderator=None)
    state = voting_state(conversation=conversation, participant=person)
    assert state.statement == waiting
    assert (state.progress.voted, state.progress.total) == (1, 2)


def test_a_statement_rejected_by_a_moderator_disappears_at_once(conversation, person):
    kept, rejected = (StatementFactory(conversation=conversation) for _ in range(2))
    assert voting_state(conversation=conversation, participant=person).progress.total == 2
    statement_reject(statements=[rejected], moderator=None, reason="Off topic")
    for _ in range(5):  # whatever the draw
        state = voting_state(conversation=conversation, participant=person, rng=random.Random())
        assert state.statement == kept
        assert state.progress.total == 1


def test_a_new_map_takes_over_the_priorities_at_once(db):
    conversation, people, statements = conversation_with_votes(two_camps())
    before = statement_priorities(conversation=conversation, statements=statements)
    snapshot = snapshots.map_compute(conversation.pk)
    from_map = snapshot.data["pca"]["statements"]
    expected = [from_map[str(s.number)]["priority"] for s in statements]
    got = statement_priorities(conversation=conversation, statements=statements)
    np.testing.assert_allclose(got, expected)
    assert not np.allclose(got, before)  # extremity counts now


def test_a_map_stored_by_another_process_is_seen_within_seconds(conversation, monkeypatch):
    """With the in-memory cache, a map the task worker stores cannot clear the web process's
    cache; the cached id lasts LATEST_ID_TTL seconds."""
    statement = StatementFactory(conversation=conversation)
    assert snapshots.latest_snapshot_id(conversation.pk) is None
    OpinionSnapshot.objects.create(  # no cache clearing: stored elsewhere
        conversation=conversation,
        data={"pca": {"statements": {str(statement.number): {"priority": 7.5}}}},
    )
    assert statement_priorities(conversation=conversation, statements=[statement])[0] != 7.5
    later = time.time() + snapshots.LATEST_ID_TTL + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert statement_priorities(conversation=conversation, statements=[statement])[0] == 7.5


def test_vote_counts_of_statements_new_to_the_map_are_kept_for_seconds(
    conversation, person, monkeypatch
):
    statements = [StatementFactory(conversation=conversation) for _ in range(2)]
    fresh = statement_priorities(conversation=conversation, statements=statements)
    cast_vote(participant=person, statement=statements[0], value=VoteValue.PASS)
    kept = statement_priorities(conversation=conversation, statements=statements)
    np.testing.assert_allclose(kept, fresh)
    later = time.time() + participation.VOTE_PRIORITIES_TTL + 1
    monkeypatch.setattr(time, "time", lambda: later)
    recounted = statement_priorities(conversation=conversation, statements=statements)
    assert recounted[0] < fresh[0]  # one pass lowers it
    assert recounted[1] == fresh[1]


def test_a_statement_new_since_the_counts_is_counted_at_once(conversation, person):
    first = StatementFactory(conversation=conversation)
    statement_priorities(conversation=conversation, statements=[first])
    second = StatementFactory(conversation=conversation)
    other = DialogueParticipantFactory(conversation=conversation)
    for voter in (person, other):
        cast_vote(participant=voter, statement=second, value=VoteValue.DISAGREE)
    got = statement_priorities(conversation=conversation, statements=[first, second])
    assert got[1] == pytest.approx(priorities([0], [2], [2], [0])[0])


def test_a_votes_time_reads_back_as_the_orm_writes_it(conversation, person):
    statement = StatementFactory(conversation=conversation)
    before = timezone.now()
    cast_vote(participant=person, statement=statement, value=VoteValue.AGREE)
    vote, current = Vote.objects.get(), CurrentVote.objects.get()
    assert before <= vote.created_at <= timezone.now()
    assert current.updated_at == vote.created_at
    assert Vote.objects.filter(created_at__gte=before).exists()


# --- statements ------------------------------------------------------------------------------


def test_pre_moderation_keeps_a_statement_pending(conversation, person):
    statement = submit_statement(
        participant=person,
        text="  Skolan  behöver fler   tekniklärare. ",
        language="sv",
        find_duplicate=no_duplicate,
    )
    assert statement.status == StatementStatus.PENDING
    assert statement.text == "Skolan behöver fler tekniklärare."
    assert statement.author == person and statement.number == 0
    conversation.refresh_from_db()
    assert conversation.map_stale_since is None


def test_post_moderation_accepts_a_statement_at_once(person):
    conversation = person.conversation
    conversation.moderation = "post"
    conversation.save()
    StatementFactory(conversation=conversation, number=4)
    statement = submit_statement(
        participant=person,
        text="Facket ska vara med när ny teknik införs.",
        language="sv",
        find_duplicate=no_duplicate,
    )
    assert statement.status == StatementStatus.ACCEPTED and statement.number == 5
    conversation.refresh_from_db()
    assert conversation.map_stale_since is not None


@pytest.mark.parametrize(
    "text, code",
    [
        ("För kort", "too_short"),
        ("x" * 281, "too_long"),
        ("Läs mer på https://example.se om detta", "url"),
        ("Läs mer på kommunen.se om detta tack", "url"),
        ("kommunen BEHÖVER  planera för nya yrken!", "identical"),
    ],
)
def test_statement_rules(conversation, person, text, code):
    StatementFactory(conversation=conversation, text="Kommunen behöver planera för nya yrken.")
    with pytest.raises(ValidationError) as caught:
        submit_statement(participant=person, text=text, language="sv", find_duplicate=no_duplicate)
    assert caught.value.code == code


def test_a_rejected_statement_may_be_written_again(conversation, person):
    old = StatementFactory(conversation=conversation, status=StatementStatus.REJECTED)
    again = submit_statement(
        participant=person, text=old.text, language="sv", find_duplicate=no_duplicate
    )
    assert again.pk != old.pk


def test_statements_only_when_participants_may_add(conversation, person):
    conversation.participants_may_add = False
    conversation.save()
    with pytest.raises(ValidationError) as caught:
        submit_statement(participant=person, text="Ett helt rimligt påstående.", language="sv")
    assert caught.value.code == "not_allowed"


def test_a_closed_conversation_takes_no_statements(conversation, person):
    conversation.is_open = False
    conversation.save()
    with pytest.raises(ValidationError) as caught:
        submit_statement(participant=person, text="Ett helt rimligt påstående.", language="sv")
    assert caught.value.code == "closed"


def test_a_near_duplicate_is_flagged_for_the_moderator(conversation, person):
    original = StatementFactory(conversation=conversation, text="Kommunen måste planera för AI.")
    seen = {}

    def finder(text, language, texts, languages):
        seen.update(text=text, texts=texts, languages=languages)
        return 0, 0.9312345

    statement = submit_statement(
        participant=person,
        text="Kommunen behöver planera för AI.",
        language="sv",
        find_duplicate=finder,
    )
    assert statement.duplicate_of == original
    assert statement.duplicate_score == pytest.approx(0.9312)
    assert seen["texts"] == [original.text] and seen["languages"] == ["sv"]


def test_the_semantic_check_is_silent_when_switched_off(settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = False
    assert (
        semantic_duplicate("Kommunen måste planera.", "sv", ["Kommunen ska planera."], ["sv"])
        is None
    )


def test_the_semantic_check_survives_a_broken_embedder(settings, monkeypatch):
    settings.VERKSTAD_SEARCH_SEMANTIC = True

    class Broken:
        def query(self, text):
            raise RuntimeError("model missing")

    monkeypatch.setattr("verkstad.search.conf.semantic_enabled", lambda: True)
    monkeypatch.setattr("verkstad.search.embeddings.embedder_load", lambda: Broken())
    assert semantic_duplicate("Kommunen måste planera.", "sv", ["Annat."], ["sv"]) is None


def test_the_semantic_check_reports_a_duplicate(monkeypatch):
    class Fake:
        def query(self, text):
            return np.array([1.0, 0.0], dtype=np.float32)

    monkeypatch.setattr("verkstad.search.conf.semantic_enabled", lambda: True)
    monkeypatch.setattr("verkstad.search.embeddings.embedder_load", lambda: Fake())
    found = semantic_duplicate("Kommunen måste planera.", "sv", ["Kommunen ska planera."], ["sv"])
    assert found == (0, pytest.approx(1.0))


# --- rate limits -----------------------------------------------------------------------------


def test_the_person_limit_stops_the_next_attempt(settings, steady_rate_clock):
    settings.VERKSTAD_DIALOGUE_VOTES_PER_MINUTE = 2
    for _ in range(2):
        rate_limit_hit(action=Action.VOTE, person="a1", ip="10.0.0.1")
    with pytest.raises(RateLimited) as caught:
        rate_limit_hit(action=Action.VOTE, person="a1", ip="10.0.0.1")
    assert caught.value.retry_after == 30  # the clock is held mid-minute
    rate_limit_hit(action=Action.VOTE, person="a2", ip="10.0.0.1")  # someone else may


def test_the_address_limit_covers_everyone_behind_it(settings, steady_rate_clock):
    settings.VERKSTAD_DIALOGUE_STATEMENTS_PER_HOUR = 100
    settings.VERKSTAD_DIALOGUE_IP_STATEMENTS_PER_HOUR = 2
    rate_limit_hit(action=Action.STATEMENT, person="a1", ip="10.0.0.1")
    rate_limit_hit(action=Action.STATEMENT, person="a2", ip="10.0.0.1")
    with pytest.raises(RateLimited):
        rate_limit_hit(action=Action.STATEMENT, person="a3", ip="10.0.0.1")
    rate_limit_hit(action=Action.STATEMENT, person="a3", ip="10.0.0.2")


def test_zero_turns_a_limit_off(settings):
    settings.VERKSTAD_DIALOGUE_VOTES_PER_MINUTE = 0
    settings.VERKSTAD_DIALOGUE_IP_VOTES_PER_MINUTE = 0
    for _ in range(50):
        rate_limit_hit(action=Action.VOTE, person="a1", ip="10.0.0.1")


def test_participants_exist_only_for_the_person(conversation):
    assert not Participant.objects.exists()
