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
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
from django.db import connection

from verkstad.search import fusion, registry
from verkstad.search.backends import KeywordMatch, StemVocabulary, lexical_match
from verkstad.search.conf import semantic_enabled
from verkstad.search.embeddings import Embedder, embedder_load, vector_from_bytes
from verkstad.search.models import SearchDocument
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

    __slots__ = ("pk", "type", "key", "lang", "thing", "facets", "_values")

    def __init__(self, pk: int, type: str, key: str, lang: str, facets: str) -> None:
        self.pk, self.type, self.key, self.lang = pk, type, key, lang
        self.thing = (type, key)
        self.facets = facets or ""
        self._values: dict[str, list[str]] | None = None

    def all_values(self) -> dict[str, list[str]]:
        if self._values is None:
            values: dict[str, list[str]] = {"type": [self.type], "lang": [self.lang]}
            for token in self.facets.split():
                name, _, value = token.partition(":")
                values.setdefault(name, []).append(value)
            self._values = values
        return self._values

    def has(self, name: str, value: str) -> bool:
        return value in self.all_values().get(name, ())

    def values(self, name: str) -> list[str]:
        return self.all_values().get(name, [])


# --- the index generation and the keyword vocabulary ---------------------------------------


def _generation() -> str:
    """The index generation's token (plain SQL: read on every search)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM search_index_state WHERE id = 1")
        row = cursor.fetchone()
    return (row[0] or "") if row else ""


#: From this many documents (or stored vectors) on, a process reloads its copy of the
#: keyword vocabulary (or of the embedding matrix) at most every INDEX_RELOAD_SECONDS:
#: reading 100,000 vectors takes about 1.6 s, the vocabulary 0.2 s, and an embedding
#: backfill raises the index generation after every batch of 16. Meanwhile new documents
#: are found by keywords only, and deleted ones are dropped when the candidates are read.
VECTORS_LAZY_ROWS = 20_000
VECTORS_RELOAD_SECONDS = 30.0

_keyword_vocabulary: dict[str, StemVocabulary] = {}
_vocabulary_lock = threading.Lock()


def _stale(token: str, current_token: str, rows: int, loaded_at: float) -> bool:
    if current_token == token and token:
        return False
    return not (rows >= VECTORS_LAZY_ROWS and time.monotonic() - loaded_at < VECTORS_RELOAD_SECONDS)


def keyword_vocabulary(token: str | None = None) -> StemVocabulary | None:
    """The index's stems (SQLite) or lexemes (PostgreSQL) and their document counts, kept
    per process and read again when the index generation changes (see VECTORS_LAZY_ROWS)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    token = _generation() if token is None else token
    key = connection.settings_dict.get("NAME") or ""
    current = _keyword_vocabulary.get(key)
    if current is not None and not _stale(
        token, current.token, current.documents, current.loaded_at
    ):
        return current
    with _vocabulary_lock, connection.cursor() as cursor:
        fresh = StemVocabulary.read(cursor, token=token, vendor=connection.vendor)
    _keyword_vocabulary[key] = fresh
    return fresh


# --- the keyword side ------------------------------------------------------------------------

Match = Callable[[ParsedQuery, bool, int], list[KeywordMatch]]


def _database_match(filters: Mapping[str, str] | None = None, token: str | None = None) -> Match:
    vocabulary = keyword_vocabulary(token)

    def match(query: ParsedQuery, any_term: bool, limit: int) -> list[KeywordMatch]:
        return lexical_match(
            connection,
            query,
            any_term=any_term,
            limit=limit,
            filters=filters,
            vocabulary=vocabulary,
        )

    return match


def lexical_ranking(
    query: ParsedQuery, *, match: Match | None = None, filters: Mapping[str, str] | None = None
) -> tuple[list[KeywordMatch], bool]:
    """Keyword matches, best first: every word, then (if few) any word. And whether capped."""
    match = match or _database_match(filters)
    hits = match(query, False, LEXICAL_CANDIDATES)
    if len(hits) < AND_MIN_HITS and len(query.terms) > 1:
        seen = {m.pk for m in hits}
        more = [m for m in match(query, True, LEXICAL_CANDIDATES) if m.pk not in seen]
        if hits and more:
            # Documents with every word stay ahead of those with some: scale the others'
            # scores below the lowest all-words score.
            floor = min(m.score for m in hits)
            top = max(m.score for m in more) or 1.0
            more = [m._replace(score=floor * 0.99 * m.score / top) for m in more]
        hits = (hits + more)[:LEXICAL_CANDIDATES]
    return hits, len(hits) >= LEXICAL_CANDIDATES


# --- the semantic side ---------------------------------------------------------------------


#: From this many stored vectors on, the nearest rows are found in two steps: a product
#: with an int8 copy of the matrix (a quarter of the memory to read; converted to float32
#: in blocks of COARSE_BLOCK rows, which stay in the cache), then the exact cosine of the
#: best COARSE_CANDIDATES of those. Below, one exact product (a few milliseconds).
COARSE_MIN_ROWS = 20_000
COARSE_CANDIDATES = 500
COARSE_BLOCK = 1024


@dataclass
class _Vectors:
    """The stored embeddings of one model as one float32 matrix, with each row's type,
    language and facets, so that filters are a mask over the rows."""

    token: str = ""
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    model: str = ""
    loaded_at: float = 0.0
    #: (type or language or "name:value") → the rows that have it.
    rows_with: dict[str, np.ndarray] = field(default_factory=dict)
    #: The matrix in int8, each column scaled by its largest absolute value / 127, and
    #: those scales: for large matrices only.
    coarse: np.ndarray | None = None
    scale: np.ndarray | None = None

    def mask(self, filters: Mapping[str, str]) -> np.ndarray | None:
        """Rows that match every filter; None for no filter."""
        if not filters:
            return None
        keep = np.ones(len(self.ids), dtype=bool)
        for name, value in filters.items():
            rows = self.rows_with.get(f"{name}:{value}")
            only = np.zeros(len(self.ids), dtype=bool)
            if rows is not None:
                only[rows] = True
            keep &= only
        return keep

    def nearest(
        self, vector: np.ndarray, masks: Sequence[np.ndarray | None], *, limit: int
    ) -> list[list[tuple[int, float]]]:
        """For each mask (None: every row), the nearest rows at or above the floor."""
        if self.coarse is None or self.scale is None:
            similarity = self.matrix @ vector
            return [
                nearest(self.matrix, self.ids, vector, limit=limit, mask=m, similarity=similarity)
                for m in masks
            ]
        rough = _blocked_product(self.coarse, vector * self.scale)  # cosine ± 0.003
        out = []
        for mask in masks:
            if mask is None:
                rows = _top(rough, COARSE_CANDIDATES)
            else:
                allowed = np.flatnonzero(mask)
                if len(allowed) > COARSE_CANDIDATES:
                    allowed = allowed[_top(rough[allowed], COARSE_CANDIDATES)]
                rows = allowed
            out.append(
                nearest(self.matrix[rows], self.ids[rows], vector, limit=limit) if len(rows) else []
            )
        return out


def _top(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` largest values, in no order."""
    if len(values) <= count:
        return np.arange(len(values))
    return np.argpartition(-values, count - 1)[:count]


def _coarse(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The matrix in int8 (per column: value / (largest absolute value / 127)), and the
    column scales."""
    scale = (np.abs(matrix).max(axis=0) / 127.0).astype(np.float32)
    scale[scale == 0] = 1.0
    coarse = np.empty(matrix.shape, dtype=np.int8)
    for lo in range(0, len(matrix), 8192):
        coarse[lo : lo + 8192] = np.rint(matrix[lo : lo + 8192] / scale)
    return coarse, scale


def _blocked_product(coarse: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """``coarse @ vector`` in float32, block by block (numpy has no fast int8 product)."""
    out = np.empty(len(coarse), dtype=np.float32)
    block = np.empty((COARSE_BLOCK, coarse.shape[1]), dtype=np.float32)
    for lo in range(0, len(coarse), COARSE_BLOCK):
        rows = coarse[lo : lo + COARSE_BLOCK]
        part = block[: len(rows)]
        part[...] = rows
        np.matmul(part, vector, out=out[lo : lo + COARSE_BLOCK])
    return out


_vectors = _Vectors()
_vectors_lock = threading.Lock()


def _tag_rows(tags: list[str]) -> dict[str, np.ndarray]:
    """Each tag ("type:finding", "theme:kultur") → the sorted rows whose tags hold it."""
    rows: dict[str, list[int]] = {}
    for i, text in enumerate(tags):
        for tag in text.split():
            rows.setdefault(tag, []).append(i)
    return {tag: np.asarray(found, dtype=np.int64) for tag, found in rows.items()}


def vectors_current(model_name: str, token: str | None = None) -> _Vectors:
    """The stored embeddings as one matrix, reloaded when the index generation changes."""
    global _vectors
    token = _generation() if token is None else token
    current = _vectors
    if current.model == model_name and not _stale(
        token, current.token, len(current.ids), current.loaded_at
    ):
        return current
    with _vectors_lock:
        rows = list(
            SearchDocument.objects.filter(embedding_model=model_name, embedding__isnull=False)
            .order_by("pk")
            .values_list("pk", "embedding", "doc_type", "lang", "facets")
        )
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        matrix = (
            # One buffer, one copy: float32 rows (float16 products are slow in numpy).
            vector_from_bytes(b"".join(bytes(row[1]) for row in rows)).reshape(len(rows), -1).copy()
            if rows
            else np.zeros((0, 0), dtype=np.float32)
        )
        tags = [f"type:{t} lang:{lang} {facets or ''}" for _, _, t, lang, facets in rows]
        coarse = scale = None
        if len(rows) >= COARSE_MIN_ROWS:
            coarse, scale = _coarse(matrix)
        _vectors = _Vectors(
            coarse=coarse,
            scale=scale,
            token=token,
            ids=ids,
            matrix=matrix,
            model=model_name,
            loaded_at=time.monotonic(),
            rows_with=_tag_rows(tags),
        )
        return _vectors


def nearest(
    matrix: np.ndarray,
    ids: np.ndarray,
    vector: np.ndarray,
    *,
    limit: int,
    mask: np.ndarray | None = None,
    similarity: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """The ``limit`` rows most similar to ``vector`` at or above the floor, best first;
    only rows in ``mask`` when given (``similarity``: the products, if already computed)."""
    if not len(ids):
        return []
    if similarity is None:
        similarity = matrix @ vector
    if mask is not None:
        similarity = np.where(mask, similarity, -np.inf)
    count = min(limit, len(similarity))
    top = np.argpartition(-similarity, count - 1)[:count]
    top = top[np.argsort(-similarity[top], kind="stable")]
    return [(int(ids[i]), float(similarity[i])) for i in top if similarity[i] >= SEMANTIC_FLOOR]


#: Runs the semantic side of a search (embedding the query, then the matrix product) while
#: the calling thread asks the keyword index: the model and numpy run in C without the
#: GIL, so the two overlap on two cores. The worker never touches the database.
_semantic_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-semantic")


def _semantic_job(
    embedder: Embedder,
    text: str,
    vectors: _Vectors,
    masks: list[np.ndarray | None],
    limit: int,
) -> list[list[tuple[int, float]]]:
    return vectors.nearest(embedder.query(text), masks, limit=limit)


def _semantic_start(
    text: str,
    filter_sets: list[Mapping[str, str]],
    *,
    token: str | None = None,
    limit: int | None = None,
    background: bool = True,
) -> Future | None:
    """The nearest documents for each set of filters, being computed in the background
    (or, without ``background``, already computed: a thread hand-off only pays when the
    keyword side runs meanwhile); None when semantic ranking is off or nothing is
    embedded."""
    embedder = embedder_load() if semantic_enabled() else None
    if embedder is None or not text.strip():
        return None
    vectors = vectors_current(embedder.name, token)
    if not len(vectors.ids):
        return None
    masks = [vectors.mask(f) for f in filter_sets]
    limit = SEMANTIC_CANDIDATES if limit is None else limit
    if background:
        return _semantic_pool.submit(_semantic_job, embedder, text, vectors, masks, limit)
    done: Future = Future()
    done.set_result(_semantic_job(embedder, text, vectors, masks, limit))
    return done


def semantic_ranking(
    text: str, *, limit: int | None = None, filters: Mapping[str, str] | None = None
) -> list[tuple[int, float]]:
    """Ids and cosine similarities of the nearest documents, best first."""
    job = _semantic_start(text, [filters or {}], limit=limit, background=False)
    return job.result()[0] if job is not None else []


# --- search --------------------------------------------------------------------------------


def fuse(
    query: ParsedQuery,
    lexical: Sequence[tuple[int, float]],
    semantic: Sequence[tuple[int, float]],
) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of the two sides, keyword side weighted by query length."""
    return fusion.rrf(
        [[row[0] for row in lexical], [pk for pk, _ in semantic]],
        weights=[fusion.lexical_weight(len(query.terms)), 1.0],
    )


def _resolve(ranking: Ranking) -> Ranking:
    if ranking is Ranking.AUTO:
        return Ranking.HYBRID if semantic_enabled() else Ranking.LEXICAL
    return ranking


@dataclass
class _Ranked:
    """Candidates, best first, with what a page needs to know of each."""

    ranked: list[tuple[int, float]]
    capped: bool
    docs: dict[int, _Doc]
    #: Without the filters (for the facets of a filtered search): best first.
    unfiltered: list[int] = field(default_factory=list)


def _rank(
    query: ParsedQuery,
    ranking: Ranking,
    filters: Mapping[str, str],
    *,
    unfiltered: bool = False,
) -> _Ranked:
    """Rank with the filters inside both queries; with ``unfiltered``, also without them."""
    filter_sets: list[Mapping[str, str]] = [filters]
    if unfiltered and filters:
        filter_sets.append({})
    token = _generation()
    job = None
    if ranking in (Ranking.SEMANTIC, Ranking.HYBRID):
        job = _semantic_start(
            query.text, filter_sets, token=token, background=ranking is Ranking.HYBRID
        )
    keyword: list[list[KeywordMatch]] = [[] for _ in filter_sets]
    capped = False
    if ranking in (Ranking.LEXICAL, Ranking.HYBRID):
        for i, these in enumerate(filter_sets):
            keyword[i], capped_here = lexical_ranking(query, match=_database_match(these, token))
            capped = capped or (capped_here and i == 0)
    semantic = job.result() if job is not None else [[] for _ in filter_sets]
    docs = {m.pk: _Doc(m.pk, m.doc_type, m.key, m.lang, m.facets) for ms in keyword for m in ms}
    docs.update(_load_docs(pk for found in semantic for pk, _ in found if pk not in docs))
    # Deleted since the matrix was read: gone; changed since (a large matrix is reloaded at
    # most every VECTORS_RELOAD_SECONDS): the filters are checked on the row as it is now.
    semantic = [
        [
            (pk, score)
            for pk, score in found
            if pk in docs and all(docs[pk].has(k, v) for k, v in these.items())
        ]
        for found, these in zip(semantic, filter_sets, strict=True)
    ]
    lists = []
    for lexical, nearest_ in zip(keyword, semantic, strict=True):
        if ranking is Ranking.LEXICAL:
            lists.append([(m.pk, m.score) for m in lexical])
        elif ranking is Ranking.SEMANTIC:
            lists.append(nearest_)
        else:
            lists.append(fuse(query, [(m.pk, m.score) for m in lexical], nearest_))
    result = _Ranked(ranked=lists[0], capped=capped and ranking is not Ranking.SEMANTIC, docs=docs)
    if len(lists) > 1:
        result.unfiltered = [pk for pk, _ in lists[1]]
    return result


def ranked_ids(
    query: ParsedQuery, ranking: Ranking, filters: Mapping[str, str] | None = None
) -> tuple[list[tuple[int, float]], bool]:
    """Document ids with scores, best first, by the chosen ranking; and whether capped."""
    ranked = _rank(query, ranking, filters or {})
    return ranked.ranked, ranked.capped


def _load_docs(ids: Iterable[int]) -> dict[int, _Doc]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    # Plain SQL, answered from the covering index search_document_meta.
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
    tally: dict[str, dict[str, set[tuple[str, str]]]] = {name: {} for name in FILTERS}
    for doc in docs:
        if active:
            values = doc.all_values()
            failing = [k for k, v in active.items() if v not in values.get(k, ())]
            if len(failing) > 1:
                continue
            # Counted under a facet when every *other* active filter matches.
            for name in failing or FILTERS:
                for value in values.get(name, ()):
                    tally[name].setdefault(value, set()).add(doc.thing)
            continue
        # No filter (most searches): straight from the tokens, 500 candidates a search.
        thing = doc.thing
        tally["type"].setdefault(doc.type, set()).add(thing)
        tally["lang"].setdefault(doc.lang, set()).add(thing)
        for token in doc.facets.split():
            name, _, value = token.partition(":")
            if name in tally:
                tally[name].setdefault(value, set()).add(thing)
    return {
        name: sorted(
            (FacetCount(value, len(things)) for value, things in tally[name].items()),
            key=lambda f: (-f.count, f.value),
        )
        for name in FILTERS
    }


def _page_rows(ids: list[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, doc_type, object_id, slug, lang, title, body, url FROM search_document"
            f" WHERE id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return {row[0]: row for row in cursor.fetchall()}


def search(
    q: str | None,
    *,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    ranking: Ranking | str = Ranking.AUTO,
    facets: bool = True,
) -> SearchResults:
    """Search the index. Never raises on what a person typed; empty query → no hits.

    The filters are part of both queries, so they narrow the candidates before these are
    capped. With ``facets`` (the page; the JSON API needs none), the facet counts of a
    filtered search also take the best matches without the filters, so that the other
    values of a chosen facet show what choosing them would find.
    """
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
    active = filters.active()
    ranked = _rank(query, ranking, active, unfiltered=facets)
    scores = dict(ranked.ranked)
    ordered = [ranked.docs[pk] for pk, _ in ranked.ranked if pk in ranked.docs]
    results.capped = ranked.capped
    things = _collapse(ordered)
    results.total = len(things)
    if facets:
        seen = set(scores)
        extra = [ranked.docs[pk] for pk in ranked.unfiltered if pk not in seen]
        results.facets = _facet_counts(ordered + extra, filters)
    page = things[offset : offset + limit]
    rows = _page_rows([d.pk for d in page])
    for doc in page:
        row = rows.get(doc.pk)
        if row is None:  # deleted since we ranked it
            continue
        pk, doc_type, key, slug, lang, title, body, url = row
        results.hits.append(
            Hit(
                type=doc_type,
                id=key,
                slug=slug,
                lang=lang,
                title=title,
                url=url,
                score=scores[pk],
                segments=snippet(body or title, query, lang=lang),
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
    token = _generation()
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
