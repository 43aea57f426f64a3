"""Pol.is import and export: the round trip on the bundled exports, malformed files, seeds."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from tests.factories import ConversationFactory, DialogueParticipantFactory, StatementFactory
from verkstad.dialogue.models import (
    Conversation,
    CurrentVote,
    OpinionSnapshot,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)
from verkstad.dialogue.polis_io import (
    ImportProblem,
    files_from_directory,
    files_from_zip,
    polis_export_files,
    polis_export_zip,
    polis_import,
    polis_read,
    statements_seed,
)
from verkstad.knowledge.codes import shared_data_dir
from verkstad.knowledge.models import Finding

DATA = shared_data_dir() / "polis"
EXPORTS = ["15-per-hour-seattle", "london.youth.policing"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages below are checked in English (the Swedish ones are the catalogue's)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English, whatever the Swedish catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _state(conversation: Conversation) -> dict:
    """Everything an export must keep, keyed by the pseudonymous numbers."""
    statements = sorted(
        (
            s.number,
            s.text,
            s.status,
            s.author.number if s.author else None,
            s.created_at,
            s.language,
            s.is_seed,
            s.is_meta,
            s.finding_id,
            s.reason,
        )
        for s in Statement.objects.filter(conversation=conversation).select_related("author")
    )
    votes = sorted(
        Vote.objects.filter(statement__conversation=conversation).values_list(
            "participant__number", "statement__number", "value", "created_at"
        )
    )
    current = sorted(
        CurrentVote.objects.filter(conversation=conversation).values_list(
            "participant__number", "statement__number", "value", "updated_at"
        )
    )
    participants = sorted(
        Participant.objects.filter(conversation=conversation).values_list("number", flat=True)
    )
    return {
        "statements": statements,
        "votes": votes,
        "current": current,
        "participants": participants,
        "topic": (conversation.topic_sv, conversation.topic_en),
        "description": conversation.description_sv,
    }


@pytest.mark.parametrize("name", EXPORTS)
def test_the_round_trip_loses_nothing(name):
    first = polis_import(files=files_from_directory(DATA / name), slug=f"{name}-1").conversation
    exported = polis_export_zip(conversation=first)
    second = polis_import(files=files_from_zip(exported), slug=f"{name}-2").conversation
    assert _state(first) == _state(second)
    # And the export of the copy is the export of the original, byte for byte (but the README's
    # time and the address).
    a = polis_export_files(conversation=first)
    b = polis_export_files(conversation=second)
    for file in ["comments.csv", "votes.csv", "participants-votes.csv", "verkstad-statements.csv"]:
        assert a[file] == b[file], file


@pytest.mark.parametrize("name", EXPORTS)
def test_the_import_keeps_what_the_export_says(name):
    source = polis_read(files_from_directory(DATA / name))
    result = polis_import(files=files_from_directory(DATA / name), slug="x")
    conversation = result.conversation
    assert result.votes == len(source.votes) == Vote.objects.count()
    assert Statement.objects.filter(conversation=conversation).count() == len(source.comments)
    for comment in source.comments:
        statement = Statement.objects.get(conversation=conversation, number=comment.number)
        assert statement.text == comment.text
        assert (
            statement.status
            == {
                1: StatementStatus.ACCEPTED,
                -1: StatementStatus.REJECTED,
                0: StatementStatus.PENDING,
            }[comment.moderated]
        )
    assert Participant.objects.filter(conversation=conversation, imported=True).count() == len(
        source.participants
    )
    assert conversation.topic_en == source.topic
    conversation.refresh_from_db()
    assert conversation.map_stale_since is not None


def test_the_seattle_latest_votes_are_the_latest_in_time():
    conversation = polis_import(
        files=files_from_directory(DATA / "15-per-hour-seattle"), slug="seattle"
    ).conversation
    # 2,995 vote events, of which 2,872 are the latest per participant and statement.
    assert Vote.objects.count() == 2995
    assert CurrentVote.objects.filter(conversation=conversation).count() == 2872
    changed = Vote.objects.filter(statement__conversation=conversation).order_by(
        "participant", "statement", "-created_at", "-pk"
    )
    latest = {}
    for vote in changed:
        latest.setdefault((vote.participant_id, vote.statement_id), vote.value)
    for cv in CurrentVote.objects.filter(conversation=conversation):
        assert latest[(cv.participant_id, cv.statement_id)] == cv.value


def test_the_export_is_pseudonymous(participant_per):
    conversation = ConversationFactory(topic_sv="Ämne", description_sv="Om jobben")
    author = DialogueParticipantFactory(
        conversation=conversation,
        number=7,
        user=participant_per,
        actor_type="kommun",
        municipality_code="1980",
    )
    statement = StatementFactory(conversation=conversation, number=0, author=author)
    Vote.objects.create(participant=author, statement=statement, value=1)
    CurrentVote.objects.create(
        participant=author, statement=statement, conversation=conversation, value=1
    )
    OpinionSnapshot.objects.create(conversation=conversation, data={"participants": {"7": 1}})
    files = polis_export_files(conversation=conversation)
    everything = b"".join(files.values()).decode()
    assert participant_per.email not in everything
    assert participant_per.display_name not in everything
    assert "1980" not in everything
    assert "kommun" not in everything
    pv = files["participants-votes.csv"].decode().splitlines()
    assert pv[0] == "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0"
    assert pv[1] == "7,1,1,1,1,0,1"
    assert files["summary.csv"].decode().startswith("topic,Ämne\n")
    assert set(files) >= {"README.md", "codebook.csv"}
    names = zipfile.ZipFile(io.BytesIO(polis_export_zip(conversation=conversation))).namelist()
    assert f"{conversation.slug}/comments.csv" in names


def _files(**overrides: str) -> dict[str, bytes]:
    files = {
        "comments.csv": (
            "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
            "1000,x,0,0,1,0,1,Jobben förändras\n"
            '2000,x,1,1,0,1,-1,"Två\nrader"\n'
            "3000,x,2,1,0,0,0,Väntar\n"
        ),
        "votes.csv": (
            "timestamp,datetime,comment-id,voter-id,vote\n"
            "1500,x,0,0,1\n"
            "2500,x,1,1,-1\n"
            "2600,x,1,1,0\n"
        ),
    }
    files.update(overrides)
    return {name: text.encode() for name, text in files.items()}


def test_a_small_export_imports_with_history():
    result = polis_import(files=_files(), slug="liten")
    conversation = result.conversation
    assert [s.status for s in conversation.statements.order_by("number")] == [
        "accepted",
        "rejected",
        "pending",
    ]
    assert conversation.statements.get(number=1).text == "Två\nrader"
    assert list(
        Vote.objects.order_by("created_at").values_list("participant__number", "value")
    ) == [(0, 1), (1, -1), (1, 0)]
    assert CurrentVote.objects.get(participant__number=1).value == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,0,1,yes\n"},
            "votes.csv, line 3, column vote: 'yes' is not one of -1, 0, 1",
        ),
        (
            {"votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n1,x,9,0,1\n"},
            "votes.csv, line 2, column comment-id: comment-id 9 is not in comments.csv",
        ),
        (
            {"votes.csv": "timestamp,datetime,comment-id,vote\n1,x,0,1\n"},
            "votes.csv, line 1, column voter-id: the required column is missing",
        ),
        (
            {"comments.csv": 'comment-id,moderated,comment-body\n0,1,"Två\nrader"\n1,2,Fel\n'},
            "comments.csv, line 4, column moderated: '2' is not one of -1, 0, 1",
        ),
        (
            {"comments.csv": "comment-id,moderated,comment-body\n0,1,A\n0,1,B\n"},
            "comments.csv, line 3, column comment-id: comment-id 0 already appears on line 2",
        ),
        (
            {"comments.csv": "comment-id,moderated,comment-body\nx,1,A\n"},
            "comments.csv, line 2, column comment-id: 'x' is not a whole number",
        ),
        (
            {"comments.csv": "comment-id,moderated,comment-body\n0,1,A,extra\n"},
            "comments.csv, line 2: the row has 4 values",
        ),
        (
            {
                "participants-votes.csv": "participant,group-id,n-comments,n-votes,n-agree,"
                "n-disagree,0,1\n0,,0,1,1,0,1,\n1,,0,1,0,1,,maybe\n"
            },
            "participants-votes.csv, line 3, column 1: 'maybe' is not one of -1, 0, 1",
        ),
    ],
)
def test_a_malformed_file_names_line_and_column_and_writes_nothing(overrides, message):
    with pytest.raises(ImportProblem) as raised:
        polis_import(files=_files(**overrides), slug="trasig")
    assert str(raised.value).startswith(message)
    assert not Conversation.objects.exists()
    assert not Statement.objects.exists()
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("row", "column"),
    [("99999999999999999999,x,0,0,1", "timestamp"), ("1,x,0,99999999999,1", "voter-id")],
)
def test_numbers_out_of_range_are_problems_not_crashes(row, column):
    files = _files()
    files["votes.csv"] = f"timestamp,datetime,comment-id,voter-id,vote\n{row}\n".encode()
    with pytest.raises(ImportProblem, match=f"votes.csv, line 2, column {column}: .* is more than"):
        polis_import(files=files, slug="stor")


def test_bad_bytes_name_the_line():
    files = _files()
    files["votes.csv"] = b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,\xff,0,0,1\n"
    with pytest.raises(ImportProblem, match=r"votes.csv, line 3: is not UTF-8"):
        polis_import(files=files, slug="trasig")


def test_it_refuses_a_conversation_that_has_content():
    statement = StatementFactory()
    with pytest.raises(ImportProblem, match="already has statements"):
        polis_import(files=_files(), slug=statement.conversation.slug)
    assert Statement.objects.count() == 1


def test_it_imports_into_an_existing_empty_conversation():
    conversation = ConversationFactory(slug="tom")
    result = polis_import(files=_files(), slug="tom")
    assert result.conversation.pk == conversation.pk
    assert conversation.statements.count() == 3


def test_a_zip_that_is_not_a_zip_is_a_problem():
    with pytest.raises(ImportProblem, match="is not a zip archive"):
        files_from_zip(b"not a zip")


def test_votes_come_from_participants_votes_when_votes_csv_is_missing():
    files = _files(
        **{
            "participants-votes.csv": "participant,xid,group-id,n-comments,n-votes,n-agree,"
            "n-disagree,0,1,2\n0,secret,1,0,1,1,0,1,,\n5,,,0,0,0,0,,,\n"
        }
    )
    del files["votes.csv"]
    result = polis_import(files=files, slug="pv")
    assert result.votes_from == "participants-votes.csv"
    assert sorted(result.conversation.participants.values_list("number", flat=True)) == [0, 1, 5]
    assert CurrentVote.objects.get().value == 1


def test_seed_statements_from_a_csv(editor_eva):
    conversation = ConversationFactory()
    StatementFactory(conversation=conversation, number=0, text="Redan här")
    finding = Finding.objects.first()
    slug_column = finding.slug if finding else ""
    data = (
        "text,language,finding,is_meta\n"
        f"Ny kompetens behövs,sv,{slug_column},\n"
        "Redan här,,,\n"
        "Is this the right question?,en,,1\n"
    ).encode()
    result = statements_seed(conversation=conversation, data=data, user=editor_eva)
    assert result.skipped == 1
    assert [s.number for s in result.created] == [1, 2]
    first, second = conversation.statements.filter(number__in=[1, 2]).order_by("number")
    assert first.is_seed and first.status == StatementStatus.ACCEPTED
    assert first.moderated_by == editor_eva
    assert second.language == "en" and second.is_meta
    again = statements_seed(conversation=conversation, data=data)
    assert again.created == [] and again.skipped == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("text,language\nA,de\n", "statements.csv, line 2, column language: 'de' is not one of"),
        ("text,finding\nA,finns-inte\n", "statements.csv, line 2, column finding: there is no"),
        ("text,is_meta\nA,kanske\n", "statements.csv, line 2, column is_meta: 'kanske' is not"),
        (
            "text,language\nA,sv\n  ,sv\n",
            "statements.csv, line 3, column text: the statement text is empty",
        ),
        ("txt\nA\n", "statements.csv, line 1, column text: the required column is missing"),
        ("text,colour\nA,red\n", "statements.csv, line 1, column colour: unknown column"),
    ],
)
def test_a_malformed_seed_file_writes_nothing(data, message):
    conversation = ConversationFactory()
    with pytest.raises(ImportProblem) as raised:
        statements_seed(conversation=conversation, data=data.encode())
    assert str(raised.value).startswith(message)
    assert not Statement.objects.exists()


def test_imports_and_seeds_refresh_the_search_index(monkeypatch):
    scheduled = []
    monkeypatch.setattr(
        "verkstad.search.services.index_schedule", lambda refs: scheduled.extend(refs)
    )
    conversation = polis_import(files=_files(), slug="liten").conversation
    assert len(scheduled) == 3
    statements_seed(conversation=conversation, data=b"text\nNytt\n")
    assert scheduled[-1] == ("statement", str(conversation.statements.get(text="Nytt").pk))
