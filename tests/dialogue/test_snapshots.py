"""Keeping the opinion map current: the run slot, the debounce, snapshots and their contents."""

from __future__ import annotations

import io
import pickle
from datetime import timedelta
from unittest import mock

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.dialogue.helpers import cast, conversation_with_votes, two_camps
from tests.factories import ConversationFactory, DialogueParticipantFactory, StatementFactory
from verkstad.dialogue import snapshots, tasks
from verkstad.dialogue.aggregates import convex_hull, report_aggregates
from verkstad.dialogue.models import Conversation, OpinionSnapshot

pytestmark = pytest.mark.django_db


def refreshed(conversation: Conversation) -> Conversation:
    return Conversation.objects.get(pk=conversation.pk)


# --- the run slot and the debounce --------------------------------------------------------


def test_a_request_marks_stale_claims_the_slot_and_runs_on_commit(
    django_capture_on_commit_callbacks,
):
    conversation, _, _ = conversation_with_votes(two_camps())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshots.request_map(conversation.pk)
        snapshots.request_map(conversation.pk)  # a second vote in the same burst
    conversation = refreshed(conversation)
    assert conversation.map_stale_since is not None
    assert conversation.map_running_since is not None
    assert len(callbacks) == 1  # one run in flight, not two
    with mock.patch.object(tasks, "enqueue_map") as enqueue:
        callbacks[0]()
    enqueue.assert_called_once_with(conversation.pk)


def test_the_immediate_backend_computes_at_once_and_releases_the_slot(
    django_capture_on_commit_callbacks,
):
    conversation, _, _ = conversation_with_votes(two_camps())
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.request_map(conversation.pk)
    conversation = refreshed(conversation)
    assert conversation.map_running_since is None
    assert conversation.map_stale_since is None
    snapshot = OpinionSnapshot.objects.get(conversation=conversation)
    assert snapshot.n_votes == 16 * 6
    assert snapshot.data["status"] == "ok"


def test_a_request_while_a_run_is_in_flight_queues_nothing(django_capture_on_commit_callbacks):
    conversation = ConversationFactory(map_running_since=timezone.now())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshots.request_map(conversation.pk)
    assert callbacks == []
    assert refreshed(conversation).map_stale_since is not None


def test_a_request_while_stale_with_a_run_on_its_way_writes_nothing(
    django_capture_on_commit_callbacks,
):
    """The usual case under a stream of votes: the conversation's row is left alone."""
    stale, running = timezone.now() - timedelta(seconds=9), timezone.now() - timedelta(seconds=4)
    conversation = ConversationFactory(map_stale_since=stale, map_running_since=running)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshots.request_map(conversation.pk)
    assert callbacks == []
    conversation = refreshed(conversation)
    assert (conversation.map_stale_since, conversation.map_running_since) == (stale, running)


def test_a_request_while_stale_with_a_free_slot_claims_it_and_keeps_the_mark(
    django_capture_on_commit_callbacks,
):
    stale = timezone.now() - timedelta(seconds=9)
    conversation = ConversationFactory(map_stale_since=stale)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshots.request_map(conversation.pk)
    assert len(callbacks) == 1
    conversation = refreshed(conversation)
    assert conversation.map_stale_since == stale
    assert conversation.map_running_since > stale


def test_a_slot_held_for_more_than_ten_minutes_counts_as_dead(django_capture_on_commit_callbacks):
    conversation = ConversationFactory(map_running_since=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshots.request_map(conversation.pk)
    assert len(callbacks) == 1


def test_the_task_is_deferred_by_the_debounce_when_the_backend_can(settings):
    settings.VERKSTAD_DIALOGUE_MAP_DEBOUNCE = 7
    backend = mock.Mock(supports_defer=True)
    with (
        mock.patch.object(type(tasks.compute_map_task), "get_backend", return_value=backend),
        mock.patch.object(type(tasks.compute_map_task), "enqueue") as enqueue,
        mock.patch.object(
            type(tasks.compute_map_task), "using", autospec=True, side_effect=lambda t, **kw: t
        ) as using,
    ):
        before = timezone.now()
        tasks.enqueue_map(42)
    run_after = using.call_args.kwargs["run_after"]
    assert timedelta(seconds=6) < run_after - before < timedelta(seconds=8)
    enqueue.assert_called_once_with(42)


def test_the_database_backend_queues_the_run_after_the_debounce(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.VERKSTAD_DIALOGUE_MAP_DEBOUNCE = 5
    before = timezone.now()
    tasks.enqueue_map(42)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "verkstad.dialogue.tasks.compute_map_task"
    assert queued.args_kwargs["args"] == [42]
    assert timedelta(seconds=4) < queued.run_after - before < timedelta(seconds=6)


def test_the_immediate_backend_is_not_deferred(settings):
    settings.VERKSTAD_DIALOGUE_MAP_DEBOUNCE = 7
    assert not tasks.compute_map_task.get_backend().supports_defer
    with mock.patch.object(snapshots, "map_run") as run:
        tasks.enqueue_map(42)
    run.assert_called_once_with(42)


def test_a_crashed_run_releases_the_slot_and_keeps_the_map_stale():
    conversation, _, _ = conversation_with_votes(two_camps())
    stale = timezone.now() - timedelta(seconds=3)
    Conversation.objects.filter(pk=conversation.pk).update(
        map_running_since=timezone.now(), map_stale_since=stale
    )
    with (
        mock.patch("verkstad.dialogue.math.opinion_map", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        snapshots.map_run(conversation.pk)
    conversation = refreshed(conversation)
    assert conversation.map_running_since is None
    assert conversation.map_stale_since == stale
    assert not OpinionSnapshot.objects.exists()


def test_votes_arriving_during_a_run_queue_one_more(django_capture_on_commit_callbacks):
    conversation, participants, statements = conversation_with_votes(two_camps())
    Conversation.objects.filter(pk=conversation.pk).update(map_running_since=timezone.now())
    real_compute = snapshots.map_compute

    def compute_while_someone_votes(conversation_id: int):
        snapshot = real_compute(conversation_id)
        snapshots.request_map(conversation_id)  # a vote lands mid-run: slot is taken
        return snapshot

    with (
        mock.patch.object(snapshots, "map_compute", side_effect=compute_while_someone_votes),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        snapshots.map_run(conversation.pk)
    assert len(callbacks) == 1  # the run's own follow-up, claimed after releasing
    assert refreshed(conversation).map_running_since is not None


def test_a_run_with_nothing_new_queues_nothing(django_capture_on_commit_callbacks):
    conversation, _, _ = conversation_with_votes(two_camps())
    Conversation.objects.filter(pk=conversation.pk).update(
        map_running_since=timezone.now(), map_stale_since=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshots.map_run(conversation.pk)
    assert callbacks == []
    assert refreshed(conversation).map_running_since is None


def test_a_deleted_conversation_is_skipped():
    assert snapshots.map_run(987654) is None


# --- what a snapshot holds ------------------------------------------------------------------


def test_an_empty_conversation_gets_a_not_enough_votes_snapshot():
    conversation = ConversationFactory()
    snapshot = snapshots.map_compute(conversation.pk)
    assert snapshot.data["status"] == "too_few"
    assert snapshot.n_votes == 0
    assert snapshot.state is None


def test_four_voters_are_too_few_and_the_counts_are_suppressed():
    conversation, _, _ = conversation_with_votes([[1, 1], [1, -1], [0, 1], [1, None]])
    snapshot = snapshots.map_compute(conversation.pk)
    assert snapshot.data["status"] == "too_few"
    assert snapshot.n_participants == 4
    assert snapshot.data["report"]["statements"]["0"]["suppressed"] is True
    assert snapshot.data["report"]["statements"]["0"]["agree"] is None


def test_statement_numbers_and_participant_numbers_are_the_ids():
    conversation, participants, statements = conversation_with_votes(two_camps())
    # Numbers that differ from primary keys, as after an import.
    for offset, s in enumerate(statements):
        s.number = 100 + offset
        s.save()
    snapshot = snapshots.map_compute(conversation.pk)
    assert set(snapshot.data["pca"]["statements"]) == {str(100 + j) for j in range(6)}
    assert set(snapshot.data["report"]["statements"]) == {str(100 + j) for j in range(6)}
    assert set(snapshot.data["participants"]) == {str(p.number) for p in participants}
    assert "participants" not in snapshot.data["pca"]  # no coordinates stored


def test_rejected_statements_are_moderated_out_meta_kept_apart_pending_left_out():
    conversation, participants, statements = conversation_with_votes(two_camps())
    statements[0].status = "rejected"
    statements[0].save()
    statements[1].is_meta = True
    statements[1].save()
    pending = StatementFactory(conversation=conversation, number=50, status="pending")
    cast(conversation, [(participants[0], pending, 1)])
    snapshot = snapshots.map_compute(conversation.pk)
    data = snapshot.data
    assert data["counts"]["moderated_out"] == 2  # rejected and meta
    assert "50" not in data["pca"]["statements"]
    assert "0" not in data["report"]["statements"]  # not reported: rejected
    assert snapshot.n_statements == 5  # accepted ones (meta included)
    assert snapshot.n_votes == 16 * 6


def test_it_continues_from_the_previous_state_and_keeps_twenty_snapshots():
    conversation, _, _ = conversation_with_votes(two_camps())
    first = snapshots.map_compute(conversation.pk)
    assert first.data["parameters"]["warm_start"] is False
    assert pickle.loads(bytes(first.state)).in_conv.size == 16
    for _ in range(21):
        latest = snapshots.map_compute(conversation.pk)
    assert latest.data["parameters"]["warm_start"] is True
    assert OpinionSnapshot.objects.filter(conversation=conversation).count() == 20
    assert snapshots.latest_snapshot(conversation).pk == latest.pk


def test_a_snapshot_records_the_last_vote_and_k_max_from_settings(settings):
    settings.VERKSTAD_DIALOGUE_K_MAX = 3
    conversation, _, _ = conversation_with_votes(two_camps())
    snapshot = snapshots.map_compute(conversation.pk)
    from verkstad.dialogue.models import Vote

    assert snapshot.last_vote_id == Vote.objects.latest("pk").pk
    assert snapshot.data["parameters"]["k_max"] == 3


def test_an_unreadable_previous_state_starts_cold():
    conversation, _, _ = conversation_with_votes(two_camps())
    OpinionSnapshot.objects.create(conversation=conversation, state=b"not a pickle")
    snapshot = snapshots.map_compute(conversation.pk)
    assert snapshot.data["parameters"]["warm_start"] is False


# --- the lens and the suppression rule (pure) -----------------------------------------------


def lens_of(actor_types: list[str], n_statements: int = 2) -> dict:
    n = len(actor_types)
    participants = np.repeat(np.arange(n), n_statements)
    statements = np.tile(np.arange(n_statements), n)
    values = np.ones(n * n_statements, dtype=np.int64)
    return report_aggregates(
        participants=participants,
        statements=statements,
        values=values,
        statement_ids=list(range(n_statements)),
        participant_ids=np.arange(n),
        group_of=np.zeros(n, dtype=np.int64),
        n_groups=1,
        actor_type_of=dict(enumerate(actor_types)),
        actor_types=["kommun", "skola", "region"],
    )


def test_an_actor_type_with_four_people_never_appears():
    report = lens_of(["kommun"] * 5 + ["skola"] * 4)
    lens = report["lens"]
    assert [row["actor_type"] for row in lens["actor_types"]] == ["kommun"]
    assert lens["hidden_actor_types"] == 1
    assert "skola" not in repr(lens)


def test_an_actor_type_with_five_people_does():
    lens = lens_of(["kommun"] * 5 + ["skola"] * 5)["lens"]
    skola = next(row for row in lens["actor_types"] if row["actor_type"] == "skola")
    assert skola["people"] == 5
    assert skola["statements"]["0"] == {
        "suppressed": False,
        "voters": 5,
        "agree": 5,
        "disagree": 0,
        "pass": 0,
    }
    assert skola["groups"]["0"] == {"suppressed": False, "people": 5}


def test_a_lens_cell_with_four_voters_is_stored_as_null():
    # Six municipal people; only four of them voted on statement 1.
    participants = np.array([0, 1, 2, 3, 4, 5, 0, 1, 2, 3])
    statements = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    values = np.array([1, 1, 1, -1, 0, 1, 1, -1, 1, 1])
    report = report_aggregates(
        participants=participants,
        statements=statements,
        values=values,
        statement_ids=[0, 1],
        participant_ids=np.arange(6),
        group_of=np.array([0, 0, 0, 0, 1, 1]),
        n_groups=2,
        actor_type_of=dict.fromkeys(range(6), "kommun"),
        actor_types=["kommun"],
    )
    row = report["lens"]["actor_types"][0]
    assert row["statements"]["0"] == {
        "suppressed": False,
        "voters": 6,
        "agree": 4,
        "disagree": 1,
        "pass": 1,
    }
    assert row["statements"]["1"]["suppressed"] is True
    assert row["statements"]["1"]["agree"] is None
    assert row["groups"] == {
        "0": {"suppressed": True, "people": None},
        "1": {"suppressed": True, "people": None},
    }
    # The overall counts follow the same rule, and so do groups.
    assert report["statements"]["0"]["agree"] == 4
    assert report["statements"]["1"]["suppressed"] is True
    assert report["groups"]["0"] == {"suppressed": True, "people": None}


def test_the_map_keeps_counts_per_cell_not_positions():
    coordinates = np.array([[0.0, 0.0], [0.01, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    report = report_aggregates(
        participants=np.array([0]),
        statements=np.array([0]),
        values=np.array([1]),
        statement_ids=[0],
        participant_ids=np.arange(5),
        group_of=np.array([0, 0, 1, 1, -1]),
        n_groups=2,
        actor_type_of={},
        actor_types=[],
        coordinates=coordinates,
    )
    cells = report["map"]["cells"]
    assert sum(c[3] for c in cells) == 4  # the unplaced participant is not drawn
    assert [0, 1, 1, 2] in cells  # the two close ones share a cell


def test_convex_hull():
    square = [(0, 0), (1, 0), (1, 1), (0, 1), (0.5, 0.5)]
    assert sorted(convex_hull(square)) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert convex_hull([(1, 1)]) == [(1, 1)]


# --- the command -----------------------------------------------------------------------------


def test_the_command_recomputes_at_once():
    conversation, _, _ = conversation_with_votes(two_camps(), slug="stalorten")
    out = io.StringIO()
    call_command("dialogue-map", "stalorten", stdout=out)
    assert "96 votes from 16 people" in out.getvalue()
    assert OpinionSnapshot.objects.filter(conversation=conversation).count() == 1


def test_the_command_refuses_an_unknown_slug():
    with pytest.raises(CommandError):
        call_command("dialogue-map", "finns-inte")


def test_a_participant_without_votes_is_not_counted():
    conversation, _, _ = conversation_with_votes(two_camps())
    DialogueParticipantFactory(conversation=conversation, number=99)
    assert snapshots.map_compute(conversation.pk).n_participants == 16
