"""The kinds of content the search index holds, and how each app plugs in its own.

An app describes a kind with a :class:`DocumentSource` and registers it from its
``AppConfig.ready()``::

    from verkstad.search.registry import DocumentSource, SignalHook, register

    register(
        DocumentSource(
            type="statement",
            label=_("Statements"),
            documents=statement_documents,        # keys or None → Documents
            hooks=[SignalHook(Statement, lambda s: [("statement", str(s.pk))])],
        )
    )

``documents(keys)`` yields the :class:`Document` rows that *should* be in the index for
those keys (every key when ``keys`` is None), one per language. A key whose object is
gone, unpublished or hidden yields nothing, and the index drops it. Hooks name the
models whose saves and deletes change documents; each maps an instance to the
``(type, key)`` pairs to refresh (a finding's audience text refreshes the finding). The
index is refreshed after the transaction commits, through a background task.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

#: The facets every document may carry (besides type and language).
FACETS = ("theme", "question", "actor")

Ref = tuple[str, str]  # (type, key)


@dataclass(frozen=True)
class Document:
    """One language version of one thing to find."""

    type: str
    key: str
    lang: str
    title: str
    body: str
    url: str
    slug: str = ""
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: What the embedding is computed from; title and body when empty.
    passage: str = ""

    def facet_tokens(self) -> str:
        """``" theme:kultur actor:kommun "``: space-padded, for LIKE filters and counts."""
        tokens = [f"{name}:{value}" for name in FACETS for value in self.facets.get(name, ())]
        return f" {' '.join(tokens)} " if tokens else ""


@dataclass(frozen=True)
class SignalHook:
    """A model whose changes touch documents, and which ones."""

    model: type[models.Model]
    refs: Callable[[Any], Iterable[Ref]]
    #: Many-to-many ``through`` models whose changes touch documents of the instance.
    m2m: Sequence[Any] = ()


@dataclass(frozen=True)
class DocumentSource:
    type: str
    label: Any  # a (lazy) translated plural, shown as the type facet
    documents: Callable[[Iterable[str] | None], Iterable[Document]]
    hooks: Sequence[SignalHook] = ()


_SOURCES: dict[str, DocumentSource] = {}


def register(source: DocumentSource) -> None:
    """Add a kind of document to the index and connect its signal hooks (once)."""
    from verkstad.search.signals import hook_connect

    _SOURCES[source.type] = source
    for hook in source.hooks:
        hook_connect(hook)


def unregister(type_name: str) -> None:
    """Remove a kind (tests); its hooks stay connected but find no source."""
    _SOURCES.pop(type_name, None)


def sources() -> list[DocumentSource]:
    return list(_SOURCES.values())


def source_get(type_name: str) -> DocumentSource | None:
    return _SOURCES.get(type_name)


def type_labels() -> dict[str, Any]:
    return {s.type: s.label for s in _SOURCES.values()}
