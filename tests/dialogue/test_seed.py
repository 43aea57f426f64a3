"""The seed step: one conversation per big question, from the knowledge base's statements."""

from __future__ import annotations

import pytest

from verkstad.core.seed import SeedContext
from verkstad.dialogue.models import Conversation, Statement, StatementStatus
from verkstad.dialogue.seed import seed_conversations
from verkstad.knowledge.loader import content_load, default_content_path
from verkstad.knowledge.models import BigQuestion, SeedStatement

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    assert content_load(path=default_content_path()).ok


def test_each_big_question_gets_a_conversation_with_its_seed_statements(content):
    lines: list[str] = []
    seed_conversations(SeedContext(dry_run=False, write=lines.append))
    questions = BigQuestion.objects.filter(seed_statements__isnull=False).distinct()
    assert questions.count() >= 1
    assert Conversation.objects.count() == questions.count()
    for question in questions:
        conversation = Conversation.objects.get(question=question)
        assert conversation.topic_sv == question.title_sv
        texts = list(conversation.statements.order_by("number").values_list("text", flat=True))
        expected = list(
            SeedStatement.objects.filter(question=question)
            .order_by("position")
            .values_list("text_sv", flat=True)
        )
        assert texts == expected
    assert not Statement.objects.exclude(status=StatementStatus.ACCEPTED).exists()
    assert not Statement.objects.filter(is_seed=False).exists()
    assert lines == [
        f"Started {questions.count()} conversation(s) on the big questions; 0 already there."
    ]


def test_a_second_run_changes_nothing(content):
    seed_conversations(SeedContext(dry_run=False, write=lambda line: None))
    before = (Conversation.objects.count(), Statement.objects.count())
    lines: list[str] = []
    seed_conversations(SeedContext(dry_run=False, write=lines.append))
    assert (Conversation.objects.count(), Statement.objects.count()) == before
    assert lines[0].startswith("Started 0 conversation(s)")
