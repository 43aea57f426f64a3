"""Accepted statements of public conversations are in the index, and follow their changes."""

from __future__ import annotations

import pytest

from tests.factories import ConversationFactory, StatementFactory
from verkstad.dialogue.models import Access, StatementStatus
from verkstad.dialogue.search_source import statement_documents
from verkstad.knowledge.models import BigQuestion
from verkstad.search.models import SearchDocument
from verkstad.search.selectors import SearchFilters, search
from verkstad.search.services import index_drift

pytestmark = pytest.mark.usefixtures("indexed", "lexical_only")

TEXT = "Kommunen borde erbjuda omskolning till zebrasvetsare innan bruket automatiseras."


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def _commit(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return _commit


def statement_rows() -> list[SearchDocument]:
    return list(SearchDocument.objects.filter(doc_type="statement"))


def test_an_accepted_statement_is_found_at_its_conversation(commit):
    question = BigQuestion.objects.first()
    statement = commit(
        lambda: StatementFactory(
            text=TEXT, conversation=ConversationFactory(slug="omstallning", question=question)
        )
    )
    results = search("zebrasvetsare")
    assert [(h.type, h.id) for h in results.hits] == [("statement", str(statement.pk))]
    hit = results.hits[0]
    assert hit.url == "/dialog/omstallning/"
    assert hit.lang == "sv"
    assert hit.slug == ""
    assert "zebrasvetsare" in hit.snippet
    assert search("zebrasvetsare", filters=SearchFilters(question=question.slug)).total == 1
    assert index_drift().clean


def test_an_english_statement_links_the_english_page(commit):
    commit(lambda: StatementFactory(text="Retrain the zebrawelders first.", language="en"))
    row = SearchDocument.objects.get(doc_type="statement")
    assert row.lang == "en"
    assert row.url.startswith("/en/dialog/")


def test_pending_rejected_and_private_statements_are_not_indexed(commit):
    commit(lambda: StatementFactory(text=TEXT, status=StatementStatus.PENDING))
    commit(lambda: StatementFactory(text=TEXT, status=StatementStatus.REJECTED))
    for access in (Access.LINK, Access.SIGNED_IN):
        commit(
            lambda access=access: StatementFactory(
                text=TEXT, conversation=ConversationFactory(access=access)
            )
        )
    assert statement_rows() == []
    assert search("zebrasvetsare").total == 0
    assert index_drift().clean


def test_a_closed_conversation_stays_searchable(commit):
    commit(lambda: StatementFactory(text=TEXT, conversation=ConversationFactory(is_open=False)))
    assert len(statement_rows()) == 1


def test_moderation_access_and_deletion_update_the_index(commit):
    statement = commit(lambda: StatementFactory(text=TEXT, status=StatementStatus.PENDING))
    assert statement_rows() == []

    statement.status = StatementStatus.ACCEPTED
    commit(statement.save)
    assert len(statement_rows()) == 1

    conversation = statement.conversation
    conversation.access = Access.LINK
    commit(conversation.save)
    assert statement_rows() == []

    conversation.access = Access.ANYONE
    commit(conversation.save)
    assert len(statement_rows()) == 1
    assert index_drift().clean

    commit(conversation.delete)
    assert statement_rows() == []
    assert index_drift().clean


def test_a_long_statement_gets_a_short_title():
    statement = StatementFactory(text=" ".join(["arbetsmarknadsutbildning"] * 12))
    (document,) = statement_documents([str(statement.pk)])
    assert len(document.title) <= 122
    assert document.title.endswith("…")
    assert document.body == statement.text
    assert list(statement_documents(["not-a-number"])) == []


def test_the_type_facet_names_statements(client, commit):
    commit(lambda: StatementFactory(text="Retrain the zebrawelders first.", language="en"))
    response = client.get("/en/sok/", {"q": "zebrawelders"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Statements" in page
    assert "zebrawelders" in page
