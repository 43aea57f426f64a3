"""``verkstad dialogue-import``, ``dialogue-export`` and ``dialogue-seed``."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import ConversationFactory
from verkstad.dialogue.models import Conversation, Statement, Vote
from verkstad.knowledge.codes import shared_data_dir

DATA = shared_data_dir() / "polis"
LONDON = DATA / "london.youth.policing"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages below are checked in English (the Swedish ones are the catalogue's)."""
    with translation.override("en"):
        yield


def test_import_then_export_then_import(tmp_path, capsys):
    call_command("dialogue-import", str(LONDON), "--slug", "london", "--topic-sv", "Polisen")
    assert "Imported 39 statements" in capsys.readouterr().out
    conversation = Conversation.objects.get(slug="london")
    assert conversation.topic_sv == "Polisen"
    assert conversation.topic_en.startswith("What is the best way")

    call_command("dialogue-export", "london", str(tmp_path / "out"))
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"} <= names
    assert {"README.md", "codebook.csv"} <= names

    call_command("dialogue-export", "london", str(tmp_path / "london.zip"))
    assert zipfile.is_zipfile(tmp_path / "london.zip")

    call_command("dialogue-import", str(tmp_path / "london.zip"), "--slug", "london-2")
    assert Statement.objects.filter(conversation__slug="london-2").count() == 39
    assert Vote.objects.filter(statement__conversation__slug="london-2").count() == 640


def test_import_dry_run_writes_nothing(capsys):
    call_command("dialogue-import", str(LONDON), "--slug", "london", "--dry-run")
    assert "nothing written" in capsys.readouterr().out
    assert not Conversation.objects.exists()


def test_a_malformed_export_is_a_command_error(tmp_path):
    (tmp_path / "comments.csv").write_text("comment-id,moderated,comment-body\n0,1,A\n")
    (tmp_path / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,9\n")
    with pytest.raises(CommandError, match="votes.csv, line 2, column vote"):
        call_command("dialogue-import", str(tmp_path), "--slug", "trasig")
    assert not Conversation.objects.exists()


def test_export_of_an_unknown_conversation(tmp_path):
    with pytest.raises(CommandError, match="No conversation"):
        call_command("dialogue-export", "finns-inte", str(tmp_path))


def test_seed(tmp_path, capsys):
    ConversationFactory(slug="jobben")
    seed = tmp_path / "seed.csv"
    seed.write_text("text,language\nNya yrken växer fram,sv\nSkills change,en\n")
    call_command("dialogue-seed", "jobben", str(seed), "--dry-run")
    assert not Statement.objects.exists()
    call_command("dialogue-seed", "jobben", str(seed))
    assert "Added 2 statements" in capsys.readouterr().out
    call_command("dialogue-seed", "jobben", str(seed))
    assert "Added 0 statements" in capsys.readouterr().out
    assert Statement.objects.filter(is_seed=True).count() == 2
    seed.write_text("text,language\nA,fi\n")
    with pytest.raises(CommandError, match="seed.csv, line 2, column language"):
        call_command("dialogue-seed", "jobben", str(seed))


def test_opinion_map_reads_our_export(tmp_path, capsys):
    call_command("dialogue-import", str(DATA / "15-per-hour-seattle"), "--slug", "seattle")
    call_command("dialogue-export", "seattle", str(tmp_path / "seattle"))
    capsys.readouterr()
    call_command("opinion-map", str(tmp_path / "seattle"), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["source"]["votes_from"] == "votes.csv"
    assert len(report["statements"]) > 0
