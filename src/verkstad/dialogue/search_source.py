"""Dialogue statements in the search index: accepted statements of public conversations.

A statement is indexed when a moderator has accepted it and anyone with the address may
join its conversation (``Access.ANYONE``), open or closed. It gives one document, in the
statement's language, at the conversation's page (``dialogue:conversation``); its big
question is its ``question`` facet. Until the conversation page exists (no URL), no
statement is indexed.

Hooked up from :mod:`verkstad.dialogue.wiring` (``CONNECTORS``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from verkstad.search.registry import Document, DocumentSource, Ref, SignalHook, register

#: A statement's title is its text, cut to this many characters at a word boundary.
TITLE_CHARS = 120


def _title(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[:TITLE_CHARS].rsplit(" ", 1)[0]
    return f"{cut} …"


def _url(slug: str, lang: str) -> str | None:
    with translation.override(lang):
        try:
            return reverse("dialogue:conversation", args=[slug])
        except NoReverseMatch:  # the conversation page is not there (yet)
            return None


def statement_documents(keys: Iterable[str] | None = None) -> Iterator[Document]:
    from verkstad.dialogue.models import Access, Statement, StatementStatus

    statements = Statement.objects.filter(
        status=StatementStatus.ACCEPTED, conversation__access=Access.ANYONE
    ).select_related("conversation", "conversation__question")
    if keys is not None:
        statements = statements.filter(pk__in=[int(k) for k in keys if str(k).isdigit()])
    for statement in statements.order_by("pk"):
        conversation = statement.conversation
        url = _url(conversation.slug, statement.language)
        if url is None:
            return
        question = conversation.question
        yield Document(
            type="statement",
            key=str(statement.pk),
            lang=statement.language,
            title=_title(statement.text),
            body=statement.text,
            url=url,
            facets={"question": [question.slug]} if question else {},
            passage=statement.text,
        )


def _statement_refs(statement: Any) -> list[Ref]:
    return [("statement", str(statement.pk))]


def _conversation_refs(conversation: Any) -> list[Ref]:
    """Access, slug or question changed: every statement of the conversation."""
    if conversation.pk is None:
        return []
    pks = conversation.statements.values_list("pk", flat=True)
    return [("statement", str(pk)) for pk in pks]


def _question_refs(question: Any) -> list[Ref]:
    from verkstad.dialogue.models import Statement

    if question.pk is None:
        return []
    pks = Statement.objects.filter(conversation__question=question).values_list("pk", flat=True)
    return [("statement", str(pk)) for pk in pks]


def register_statements() -> None:
    from verkstad.dialogue.models import Conversation, Statement
    from verkstad.knowledge.models import BigQuestion

    register(
        DocumentSource(
            type="statement",
            label=_("Statements"),
            documents=statement_documents,
            hooks=[
                SignalHook(Statement, _statement_refs),
                SignalHook(Conversation, _conversation_refs),
                SignalHook(BigQuestion, _question_refs),
            ],
        )
    )
