"""Writes to the search index: refresh, rebuild, embed, and the drift check.

Content changes reach the index like this: a signal hook schedules ``(type, key)``
pairs (:func:`index_schedule`); when the transaction commits, one
``index_refresh_task`` is enqueued with all of them; it rewrites those documents
(:func:`index_refresh`) and, with semantic ranking on, enqueues ``embed_pending_task``
to embed whatever changed (:func:`embed_pending`). Every write raises the index
generation so each process reloads its copy of the embeddings.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, Q

from verkstad.search import registry
from verkstad.search.backends import lexical_problems
from verkstad.search.conf import semantic_enabled
from verkstad.search.embeddings import embedder_load, vector_to_bytes
from verkstad.search.models import SearchDocument, SearchIndexState
from verkstad.search.registry import Document, Ref
from verkstad.search.text import stem_text

#: Documents embedded per model call (and per database write).
EMBED_BATCH = 16

_pending = threading.local()


# --- scheduling ---------------------------------------------------------------------------


def index_schedule(refs: Iterable[Ref]) -> None:
    """Refresh these documents after the current transaction commits (at once outside one)."""
    pending: set[Ref] = getattr(_pending, "refs", None) or set()
    pending.update((str(t), str(k)) for t, k in refs)
    _pending.refs = pending
    transaction.on_commit(_flush)


def _flush() -> None:
    refs = getattr(_pending, "refs", None)
    _pending.refs = set()
    if refs:
        from verkstad.search.tasks import index_refresh_task

        index_refresh_task.enqueue(sorted([t, k] for t, k in refs))


def embed_schedule() -> None:
    """Enqueue the embedding task after commit, when semantic ranking is on."""
    if semantic_enabled():
        from verkstad.search.tasks import embed_pending_task

        transaction.on_commit(embed_pending_task.enqueue)


# --- writing -----------------------------------------------------------------------------


def document_hash(doc: Document) -> str:
    parts = [doc.title, doc.body, doc.url, doc.slug, doc.facet_tokens(), doc.passage or ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def passage_of(doc: Document) -> str:
    return doc.passage or f"{doc.title}\n{doc.body}"


def _fields(doc: Document) -> dict[str, str]:
    # The stems feed SQLite's FTS5 index; PostgreSQL stems in its own tsvector, and empty
    # columns keep its rows narrow (a keyword search visits up to 2,000 of them).
    stems = connection.vendor == "sqlite"
    return {
        "slug": doc.slug,
        "title": doc.title[:500],
        "body": doc.body,
        "url": doc.url,
        "facets": doc.facet_tokens(),
        "title_stems": stem_text(doc.title, doc.lang) if stems else "",
        "body_stems": stem_text(doc.body, doc.lang) if stems else "",
        "passage": passage_of(doc),
        "content_hash": document_hash(doc),
    }


@dataclass
class IndexReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def generation_bump() -> None:
    token = uuid.uuid4().hex
    updated = SearchIndexState.objects.filter(pk=1).update(
        generation=F("generation") + 1, token=token
    )
    if not updated:
        SearchIndexState.objects.get_or_create(pk=1, defaults={"generation": 1, "token": token})


def generation_token() -> str:
    """Changes whenever the index does (empty before the first change)."""
    value = SearchIndexState.objects.filter(pk=1).values_list("token", flat=True).first()
    return value or ""


def _write(
    expected: dict[tuple[str, str, str], Document],
    existing: dict[tuple[str, str, str], tuple[int, str]],
    report: IndexReport,
    *,
    dry_run: bool,
) -> None:
    """Make the rows in ``existing`` (key → id, hash) look like ``expected``."""
    gone = [pk for key, (pk, _) in existing.items() if key not in expected]
    report.deleted += len(gone)
    for key, doc in expected.items():
        row = existing.get(key)
        if row is None:
            report.created += 1
            if not dry_run:
                SearchDocument.objects.create(
                    doc_type=doc.type, object_id=doc.key, lang=doc.lang, **_fields(doc)
                )
        elif row[1] != document_hash(doc):
            report.updated += 1
            if not dry_run:
                SearchDocument.objects.filter(pk=row[0]).update(**_fields(doc))
        else:
            report.unchanged += 1
    if not dry_run:
        if gone:
            SearchDocument.objects.filter(pk__in=gone).delete()
        if report.changed:
            generation_bump()


def _expected(
    source: registry.DocumentSource, keys: list[str] | None
) -> dict[tuple[str, str, str], Document]:
    docs: dict[tuple[str, str, str], Document] = {}
    for doc in source.documents(keys):
        if doc.type != source.type:
            raise ValueError(f"source {source.type!r} yielded a {doc.type!r} document")
        docs[(doc.type, doc.key, doc.lang)] = doc
    return docs


def _existing(type_name: str, keys: list[str] | None) -> dict[tuple[str, str, str], tuple]:
    rows = SearchDocument.objects.filter(doc_type=type_name)
    if keys is not None:
        rows = rows.filter(object_id__in=keys)
    return {
        (t, k, lang): (pk, h)
        for pk, t, k, lang, h in rows.values_list(
            "pk", "doc_type", "object_id", "lang", "content_hash"
        )
    }


def index_refresh(refs: Iterable[Ref]) -> IndexReport:
    """Rewrite the documents of these ``(type, key)`` pairs from their sources."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for type_name, key in refs:
        by_type[str(type_name)].add(str(key))
    report = IndexReport()
    with transaction.atomic():
        for type_name, keys in sorted(by_type.items()):
            source = registry.source_get(type_name)
            if source is None:
                report.errors.append(f"no document source registered for {type_name!r}")
                continue
            key_list = sorted(keys)
            _write(
                _expected(source, key_list), _existing(type_name, key_list), report, dry_run=False
            )
        if report.changed:
            embed_schedule()
    return report


def index_rebuild(
    *, dry_run: bool = False, write: Callable[[str], None] | None = None
) -> IndexReport:
    """Make the whole index match every registered source; drop unknown types."""
    report = IndexReport()
    with transaction.atomic():
        known = set()
        for source in registry.sources():
            known.add(source.type)
            before = report.changed
            _write(_expected(source, None), _existing(source.type, None), report, dry_run=dry_run)
            if write:
                write(f"{source.type}: {report.changed - before} change(s)")
        orphans = SearchDocument.objects.exclude(doc_type__in=known)
        report.deleted += orphans.count()
        if not dry_run:
            if orphans.exists():
                orphans.delete()
                generation_bump()
            if report.changed:
                embed_schedule()
        else:
            transaction.set_rollback(True)
    return report


def _stale_embeddings(model_name: str) -> Q:
    return (
        Q(embedding__isnull=True)
        | ~Q(embedding_model=model_name)
        | ~Q(embedding_hash=F("content_hash"))
    )


def embed_pending(*, limit: int | None = None, write: Callable[[str], None] | None = None) -> int:
    """Embed every document whose text or model changed since it was embedded.

    Returns how many were embedded; 0 when semantic ranking is off or unavailable.
    """
    if not semantic_enabled():
        return 0
    embedder = embedder_load()
    if embedder is None:
        return 0
    done = 0
    while limit is None or done < limit:
        size = EMBED_BATCH if limit is None else min(EMBED_BATCH, limit - done)
        batch = list(
            SearchDocument.objects.filter(_stale_embeddings(embedder.name))
            .order_by("pk")
            .values_list("pk", "passage", "content_hash")[:size]
        )
        if not batch:
            break
        vectors = embedder.passages([passage for _, passage, _ in batch])
        with transaction.atomic():
            for (pk, _, content_hash), vector in zip(batch, vectors, strict=True):
                # Only if the text did not change while we were embedding it.
                SearchDocument.objects.filter(pk=pk, content_hash=content_hash).update(
                    embedding=vector_to_bytes(vector),
                    embedding_model=embedder.name,
                    embedding_hash=content_hash,
                )
            generation_bump()
        done += len(batch)
        if write:
            write(f"embedded {done} document(s)")
    return done


def embeddings_pending() -> int:
    embedder = embedder_load() if semantic_enabled() else None
    if embedder is None:
        return 0
    return SearchDocument.objects.filter(_stale_embeddings(embedder.name)).count()


# --- drift ------------------------------------------------------------------------------


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    index: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphaned or self.index)

    def __str__(self) -> str:
        parts = [
            f"{name}: {', '.join(values[:10])}" for name, values in vars(self).items() if values
        ]
        return "; ".join(parts) or "no drift"


def index_drift() -> Drift:
    """What differs between the index and what the sources say it should hold."""
    drift = Drift()
    known = set()
    for source in registry.sources():
        known.add(source.type)
        expected = _expected(source, None)
        existing = _existing(source.type, None)
        for key, doc in expected.items():
            if key not in existing:
                drift.missing.append(":".join(key))
            elif existing[key][1] != document_hash(doc):
                drift.stale.append(":".join(key))
        drift.orphaned += [":".join(key) for key in existing if key not in expected]
    drift.orphaned += [
        f"{t}:{k}:{lang}"
        for t, k, lang in SearchDocument.objects.exclude(doc_type__in=known).values_list(
            "doc_type", "object_id", "lang"
        )
    ]
    drift.index = lexical_problems(connection)
    return drift
