"""Reads from the search index: :func:`search` and what it returns.

One query API for every database: the keyword side asks the database's own index
(:mod:`verkstad.search.backends`), the semantic side an in-process matrix of the stored
embeddings, and :func:`verkstad.search.fusion.rrf` merges them. Facets are counted over
the candidates (at most :data:`LEXICAL_CANDIDATES` keyword and
:data:`SEMANTIC_CANDIDATES` semantic matches); each thing found appears once, in the
language version that ranked best.
"""

from __future__ import annotations

import difflib
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
from django.db import connection

from verkstad.search import fusion, registry
from verkstad.search.backends import lexical_match
from verkstad.search.conf import semantic_enabled
from verkstad.search.embeddings import embedder_load, vector_from_bytes
from verkstad.search.models import SearchDocument
from verkstad.search.services import generation_token
from verkstad.search.text import (
    ParsedQuery,
    Segment,
    parse_query,
    snippet,
    snippet_text,
    words,
)

#: Keyword matches considered per query (ranked; facets are counted among them).
LEXICAL_CANDIDATES = 500
#: Nearest documents by embedding considered per query.
SEMANTIC_CANDIDATES = 50
#: Below this cosine similarity a document is not a semantic match at all: e5 puts
#: unrelated texts (a query about football against our findings) at 0.80–0.84, and
#: answers to a question at 0.86–0.90 (docs/search.md).
SEMANTIC_FLOOR = 0.85
#: When every word must match and fewer than this many documents do, any word may match.
AND_MIN_HITS = 10
#: Most hits one request may ask for.
MAX_LIMIT = 50

FILTERS = ("type", "theme", "question", "actor", "lang")


class Ranking(StrEnum):
    AUTO = "auto"
    LEXICAL = "lexical"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class SearchFilters:
    type: str = ""
    theme: str = ""
    question: str = ""
    actor: str = ""
    lang: str = ""

    def active(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}


@dataclass
class Hit:
    type: str
    id: str
    slug: str
    lang: str
    title: str
    url: str
    score: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def snippet(self) -> str:
        return snippet_text(self.segments)

    def as_json(self) -> dict[str, object]:
        return {
            "type": self.type,
            "id": self.id,
            "slug": self.slug or None,
            "title": self.title,
            "url": self.url,
            "score": round(self.score, 6),
            "snippet": self.snippet,
            "lang": self.lang,
        }


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass
class SearchResults:
    query: ParsedQuery
    filters: SearchFilters
    ranking: Ranking
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    limit: int = 10
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    #: The keyword side reached LEXICAL_CANDIDATES: there may be more matches.
    capped: bool = False


class _Doc:
    """A candidate's type, key, language and facets, read once per search."""

    __slots__ = ("pk", "type", "key", "lang", "thing", "_values")

    def __init__(self, pk: int, type: str, key: str, lang: str, facets: str) -> None:
        self.pk, self.type, self.key, self.lang = pk, type, key, lang
        self.thing = (type, key)
        values: dict[str, list[str]] = {"type": [type], "lang": [lang]}
        for token in facets.split():
            name, _, value = token.partition(":")
            values.setdefault(name, []).append(value)
        self._values = values

    def has(self, name: str, value: str) -> bool:
        return value in self._values.get(name, ())

    def values(self, name: str) -> list[str]:
        return self._values.get(name, [])


# --- the semantic side ----------------------------------------------------------------


@dataclass
class _Vectors:
    token: str = ""
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    model: str = ""
    loaded_at: float = 0.0


#: From this many stored vectors on, a process reloads its matrix at most every
#: VECTORS_RELOAD_SECONDS: reading 100,000 takes about 1.6 s, and a backfill raises the
#: index generation after every batch of 16. Meanwhile new documents are found by keywords
#: only, and deleted ones are dropped when the candidates are read.
VECTORS_LAZY_ROWS = 20_000
VECTORS_RELOAD_SECONDS = 30.0

_vectors = _Vectors()
_vectors_lock = threading.Lock()


def vectors_current(model_name: str) -> _Vectors:
    """The stored embeddings as one matrix, reloaded when the index generation changes."""
    global _vectors
    token = generation_token()
    current = _vectors
    if current.token == token and current.model == model_name and token:
        return current
    if (
        current.model == model_name
        and len(current.ids) >= VECTORS_LAZY_ROWS
        and time.monotonic() - current.loaded_at < VECTORS_RELOAD_SECONDS
    ):
        return current
    with _vectors_lock:
        rows = list(
            SearchDocument.objects.filter(embedding_model=model_name, embedding__isnull=False)
            .order_by("pk")
            .values_list("pk", "embedding")
        )
        ids = np.fromiter((pk for pk, _ in rows), dtype=np.int64, count=len(rows))
        matrix = (
            # One buffer, one copy: float32 rows (float16 products are slow in numpy).
            vector_from_bytes(b"".join(bytes(data) for _, data in rows))
            .reshape(len(rows), -1)
            .copy()
            if rows
            else np.zeros((0, 0), dtype=np.float32)
        )
        _vectors = _Vectors(
            token=token, ids=ids, matrix=matrix, model=model_name, loaded_at=time.monotonic()
        )
        return _vectors


def nearest(
    matrix: np.ndarray, ids: np.ndarray, vector: np.ndarray, *, limit: int
) -> list[tuple[int, float]]:
    """The ``limit`` rows most similar to ``vector`` at or above the floor, best first."""
    if not len(ids):
        return []
    similarity = matrix @ vector
    count = min(limit, len(similarity))
    top = np.argpartition(-similarity, count - 1)[:count]
    top = top[np.argsort(-similarity[top], kind="stable")]
    return [(int(ids[i]), float(similarity[i])) for i in top if similarity[i] >= SEMANTIC_FLOOR]


#: Embeds the query of a hybrid search while the calling thread asks the keyword index:
#: the model runs in C without the GIL, so the two overlap on two cores.
_embedding_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-embed")


def _query_vector(text: str) -> Future | None:
    """The query's embedding, being computed (once) in the background; None when off."""
    embedder = embedder_load() if semantic_enabled() else None
    if embedder is None or not text.strip():
        return None
    return _embedding_pool.submit(embedder.query, text)


def semantic_ranking(
    text: str, *, limit: int = SEMANTIC_CANDIDATES, vector: Future | None = None
) -> list[tuple[int, float]]:
    """Ids and cosine similarities of the nearest documents, best first."""
    embedder = embedder_load() if semantic_enabled() else None
    if embedder is None or not text.strip():
        return []
    vectors = vectors_current(embedder.name)
    if not len(vectors.ids):
        return []
    query_vector = vector.result() if vector is not None else embedder.query(text)
    return nearest(vectors.matrix, vectors.ids, query_vector, limit=limit)


# --- search --------------------------------------------------------------------------------


Match = Callable[[ParsedQuery, bool, int], list[tuple[int, float]]]


def _database_match(query: ParsedQuery, any_term: bool, limit: int) -> list[tuple[int, float]]:
    return lexical_match(connection, query, any_term=any_term, limit=limit)


def lexical_ranking(
    query: ParsedQuery, *, match: Match = _database_match
) -> tuple[list[tuple[int, float]], bool]:
    """Keyword matches, best first: every word, then (if few) any word. And whether capped."""
    hits = match(query, False, LEXICAL_CANDIDATES)
    if len(hits) < AND_MIN_HITS and len(query.terms) > 1:
        seen = {pk for pk, _ in hits}
        more = [
            (pk, score) for pk, score in match(query, True, LEXICAL_CANDIDATES) if pk not in seen
        ]
        if hits and more:
            # Documents with every word stay ahead of those with some: scale the others'
            # scores below the lowest all-words score.
            floor = min(score for _, score in hits)
            top = max(score for _, score in more) or 1.0
            more = [(pk, floor * 0.99 * score / top) for pk, score in more]
        hits = (hits + more)[:LEXICAL_CANDIDATES]
    return hits, len(hits) >= LEXICAL_CANDIDATES


def fuse(
    query: ParsedQuery,
    lexical: list[tuple[int, float]],
    semantic: list[tuple[int, float]],
) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of the two sides, keyword side weighted by query length."""
    return fusion.rrf(
        [[pk for pk, _ in lexical], [pk for pk, _ in semantic]],
        weights=[fusion.lexical_weight(len(query.terms)), 1.0],
    )


def _resolve(ranking: Ranking) -> Ranking:
    if ranking is Ranking.AUTO:
        return Ranking.HYBRID if semantic_enabled() else Ranking.LEXICAL
    return ranking


def ranked_ids(query: ParsedQuery, ranking: Ranking) -> tuple[list[tuple[int, float]], bool]:
    """Document ids with scores, best first, by the chosen ranking; and whether capped."""
    lexical: list[tuple[int, float]] = []
    capped = False
    vector = _query_vector(query.text) if ranking is Ranking.HYBRID else None
    if ranking in (Ranking.LEXICAL, Ranking.HYBRID):
        lexical, capped = lexical_ranking(query)
    if ranking is Ranking.LEXICAL:
        return lexical, capped
    semantic = semantic_ranking(query.text, vector=vector)
    if ranking is Ranking.SEMANTIC:
        return semantic, False
    return fuse(query, lexical, semantic), capped


def _load_docs(ids: Iterable[int]) -> dict[int, _Doc]:
    ids = list(ids)
    if not ids:
        return {}
    # Plain SQL: this runs on every search for up to 550 candidates.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, doc_type, object_id, lang, facets FROM search_document"
            f" WHERE id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return {row[0]: _Doc(*row) for row in cursor.fetchall()}


def _collapse(docs: list[_Doc]) -> list[_Doc]:
    """Each thing once: its best-ranked language version (docs arrive best first)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for doc in docs:
        if doc.thing not in seen:
            seen.add(doc.thing)
            out.append(doc)
    return out


def _facet_counts(docs: list[_Doc], filters: SearchFilters) -> dict[str, list[FacetCount]]:
    """For each facet: how many things match the other filters and each of its values."""
    active = filters.active()
    counts: dict[str, list[FacetCount]] = {}
    for name in FILTERS:
        others = [(k, v) for k, v in active.items() if k != name]
        matching = [d for d in docs if all(d.has(k, v) for k, v in others)] if others else docs
        tally: dict[str, set[tuple[str, str]]] = {}
        for doc in matching:
            for value in doc.values(name):
                tally.setdefault(value, set()).add(doc.thing)
        counts[name] = sorted(
            (FacetCount(value, len(things)) for value, things in tally.items()),
            key=lambda f: (-f.count, f.value),
        )
    return counts


def search(
    q: str | None,
    *,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    ranking: Ranking | str = Ranking.AUTO,
) -> SearchResults:
    """Search the index. Never raises on what a person typed; empty query → no hits."""
    filters = filters or SearchFilters()
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    ranking = _resolve(Ranking(ranking))
    query = parse_query(q)
    results = SearchResults(
        query=query, filters=filters, ranking=ranking, limit=limit, offset=offset
    )
    if query.empty:
        return results
    ranked, results.capped = ranked_ids(query, ranking)
    scores = dict(ranked)
    docs_by_id = _load_docs(scores)
    ordered = [docs_by_id[pk] for pk, _ in ranked if pk in docs_by_id]
    results.facets = _facet_counts(ordered, filters)
    active = filters.active()
    things = _collapse([d for d in ordered if all(d.has(k, v) for k, v in active.items())])
    results.total = len(things)
    page = things[offset : offset + limit]
    rows = SearchDocument.objects.only(
        "doc_type", "object_id", "slug", "lang", "title", "body", "url"
    ).in_bulk([d.pk for d in page])
    for doc in page:
        row = rows.get(doc.pk)
        if row is None:  # deleted since we ranked it
            continue
        results.hits.append(
            Hit(
                type=row.doc_type,
                id=row.object_id,
                slug=row.slug,
                lang=row.lang,
                title=row.title,
                url=row.url,
                score=scores[doc.pk],
                segments=snippet(row.body or row.title, query, lang=row.lang),
            )
        )
    return results


def type_choices() -> list[tuple[str, object]]:
    return [(s.type, s.label) for s in registry.sources()]


def with_filters(filters: SearchFilters, **changes: str) -> SearchFilters:
    return replace(filters, **changes)


# --- the empty state ----------------------------------------------------------------------

#: Documents whose words make up the spelling vocabulary (the most recently changed).
VOCABULARY_DOCUMENTS = 5000

_vocabulary: tuple[str, frozenset[str]] = ("", frozenset())


def vocabulary() -> frozenset[str]:
    """Words of four letters or more in the indexed titles and texts."""
    global _vocabulary
    token = generation_token()
    if _vocabulary[0] != token or not token:
        found: set[str] = set()
        rows = SearchDocument.objects.order_by("-updated_at").values_list("title", "body")
        for title, body in rows[:VOCABULARY_DOCUMENTS]:
            found.update(w for w in words(f"{title} {body}") if len(w) >= 4 and w.isalpha())
        _vocabulary = (token, frozenset(found))
    return _vocabulary[1]


def spelling_suggestions(query: ParsedQuery, *, limit: int = 3) -> list[str]:
    """Queries with each unknown word replaced by a close known one, best first."""
    known = vocabulary()
    if not known or query.empty:
        return []
    options: list[list[str]] = []
    changed = False
    for term in query.terms:
        if term.word in known or len(term.word) < 4:
            options.append([term.word])
            continue
        close = difflib.get_close_matches(term.word, known, n=limit, cutoff=0.75)
        changed = changed or bool(close)
        options.append(close or [term.word])
    if not changed:
        return []
    suggestions = []
    for i in range(limit):
        candidate = " ".join(o[min(i, len(o) - 1)] for o in options)
        if candidate not in suggestions:
            suggestions.append(candidate)
    return suggestions


def browse_documents(*, doc_type: str, lang: str) -> list[SearchDocument]:
    """Every document of a type in one language, by title: somewhere to go next."""
    return list(
        SearchDocument.objects.filter(doc_type=doc_type, lang=lang)
        .only("title", "url")
        .order_by("title")
    )
