"""``verkstad search-eval``: how well lexical, semantic and hybrid ranking answer questions.

Queries are JSON lines ``{"query", "lang", "relevant": [ids or slugs]}``, optionally with
``"type"`` to rank only that type of document, as a person does with the type facet (the
development set asks for findings). Against the site's own index a hit is named by its
slug (its id when it has none); with a corpus (which has no types)
(JSON lines ``{"id", "title", "text", "lang"}``) a throw-away SQLite FTS5 index is built
in memory with the same stemming and SQL as the site's, and, when semantic ranking is
available, the corpus is embedded once.

Metrics, averaged over queries: MRR@10 (1 / rank of the first relevant hit in the top 10,
else 0), recall@1 and recall@10 (share of a query's relevant items in the top 1 / 10),
and p50/p95 latency in milliseconds for each ranking, with the query embedded afresh
every time (no memo).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from verkstad.search import selectors
from verkstad.search.backends import (
    SQLITE_INSTALL,
    SQLITE_TAGS_EXPRESSION,
    KeywordMatch,
    StemVocabulary,
    sqlite_match,
)
from verkstad.search.conf import semantic_enabled
from verkstad.search.embeddings import Embedder, embedder_load
from verkstad.search.selectors import Ranking
from verkstad.search.text import LANGS, ParsedQuery, parse_query, stem_text

K = 10


class EvalInputError(ValueError):
    """A queries or corpus file that cannot be read; the message names file and line."""


@dataclass(frozen=True)
class EvalQuery:
    query: str
    lang: str
    relevant: frozenset[str]
    #: Rank only this type of document (as the type facet does); every type when empty.
    type: str = ""


@dataclass(frozen=True)
class CorpusDoc:
    id: str
    title: str
    text: str
    lang: str


def _jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalInputError(f"{path}: {exc.strerror}") from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalInputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise EvalInputError(f"{path}:{number}: expected an object")
        rows.append((number, row))
    return rows


def queries_read(path: Path) -> list[EvalQuery]:
    queries = []
    for number, row in _jsonl(path):
        relevant = row.get("relevant")
        if not isinstance(row.get("query"), str) or not row["query"].strip():
            raise EvalInputError(f"{path}:{number}: 'query' must be a non-empty string")
        if not isinstance(relevant, list) or not relevant:
            raise EvalInputError(f"{path}:{number}: 'relevant' must be a non-empty list")
        queries.append(
            EvalQuery(
                query=row["query"],
                lang=str(row.get("lang") or "sv"),
                relevant=frozenset(str(r) for r in relevant),
                type=str(row.get("type") or ""),
            )
        )
    if not queries:
        raise EvalInputError(f"{path}: no queries")
    return queries


def corpus_read(path: Path) -> list[CorpusDoc]:
    docs = []
    for number, row in _jsonl(path):
        if "id" not in row or not isinstance(row.get("title", ""), str):
            raise EvalInputError(f"{path}:{number}: needs 'id', 'title', 'text' and 'lang'")
        lang = str(row.get("lang") or "sv")
        if lang not in LANGS:
            raise EvalInputError(f"{path}:{number}: 'lang' must be one of {', '.join(LANGS)}")
        docs.append(
            CorpusDoc(str(row["id"]), row.get("title") or "", str(row.get("text") or ""), lang)
        )
    if not docs:
        raise EvalInputError(f"{path}: empty corpus")
    return docs


# --- metrics ------------------------------------------------------------------------------


def reciprocal_rank(ranked: Sequence[str], relevant: frozenset[str], k: int = K) -> float:
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def recall_at(ranked: Sequence[str], relevant: frozenset[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant)


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class RankingScore:
    ranking: str
    reciprocal_ranks: list[float] = field(default_factory=list)
    recall_1: list[float] = field(default_factory=list)
    recall_10: list[float] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str], relevant: frozenset[str], elapsed_ms: float) -> None:
        self.reciprocal_ranks.append(reciprocal_rank(ranked, relevant))
        self.recall_1.append(recall_at(ranked, relevant, 1))
        self.recall_10.append(recall_at(ranked, relevant, K))
        self.latencies_ms.append(elapsed_ms)

    def summary(self) -> dict[str, float | int | str]:
        return {
            "ranking": self.ranking,
            "queries": len(self.reciprocal_ranks),
            "mrr@10": round(statistics.fmean(self.reciprocal_ranks), 4),
            "recall@1": round(statistics.fmean(self.recall_1), 4),
            "recall@10": round(statistics.fmean(self.recall_10), 4),
            "p50_ms": round(percentile(self.latencies_ms, 50), 2),
            "p95_ms": round(percentile(self.latencies_ms, 95), 2),
        }


# --- rankers ------------------------------------------------------------------------------

Ranker = Callable[[ParsedQuery, Ranking, str], list[str]]


def _collapse_labels(ids: Sequence[int], labels: dict[int, str]) -> list[str]:
    seen: dict[str, None] = {}
    for pk in ids:
        label = labels.get(pk)
        if label is not None:
            seen.setdefault(label, None)
    return list(seen)


def site_ranker() -> Ranker:
    """Rank with the site's index; each hit named by slug (or id without a slug)."""
    from verkstad.search.models import SearchDocument

    labels: dict[str, dict[int, str]] = {"": {}}
    for pk, doc_type, slug, key in SearchDocument.objects.values_list(
        "pk", "doc_type", "slug", "object_id"
    ):
        labels[""][pk] = labels.setdefault(doc_type, {})[pk] = slug or key

    def rank(query: ParsedQuery, ranking: Ranking, doc_type: str) -> list[str]:
        # The type is a filter inside the query, as the type facet is.
        ranked, _ = selectors.ranked_ids(query, ranking, {"type": doc_type} if doc_type else {})
        return _collapse_labels([pk for pk, _ in ranked], labels.get(doc_type, {}))

    return rank


class CorpusIndex:
    """A throw-away in-memory index of a corpus: FTS5 and, if available, embeddings."""

    def __init__(self, docs: Sequence[CorpusDoc], embedder: Embedder | None) -> None:
        self.docs = list(docs)
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE TABLE search_document (id INTEGER PRIMARY KEY, doc_type TEXT DEFAULT 'doc',"
            " object_id TEXT DEFAULT '', lang TEXT DEFAULT 'sv', facets TEXT DEFAULT '',"
            " title_stems TEXT, body_stems TEXT,"
            f" filter_tags TEXT GENERATED ALWAYS AS ({SQLITE_TAGS_EXPRESSION}) VIRTUAL)"
        )
        for statement in SQLITE_INSTALL:
            self.db.execute(statement)
        started = time.perf_counter()
        self.db.executemany(
            "INSERT INTO search_document (id, object_id, lang, title_stems, body_stems)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (i, d.id, d.lang, stem_text(d.title, d.lang), stem_text(d.text, d.lang))
                for i, d in enumerate(self.docs, start=1)
            ],
        )
        self.db.commit()
        self.vocabulary = StemVocabulary.read(self.db.cursor())
        self.lexical_build_s = time.perf_counter() - started
        self.embedder = embedder
        self.ids = np.arange(1, len(self.docs) + 1, dtype=np.int64)
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.semantic_build_s = 0.0
        if embedder is not None:
            started = time.perf_counter()
            self.matrix = embedder.passages([f"{d.title}\n{d.text}" for d in self.docs])
            self.semantic_build_s = time.perf_counter() - started

    def match(self, query: ParsedQuery, any_term: bool, limit: int) -> list[KeywordMatch]:
        return sqlite_match(
            self.db.cursor(), query, any_term=any_term, limit=limit, vocabulary=self.vocabulary
        )

    def semantic(self, query: ParsedQuery) -> list[tuple[int, float]]:
        if self.embedder is None or not query.text:
            return []
        vector = self.embedder.query(query.text)
        return selectors.nearest(self.matrix, self.ids, vector, limit=selectors.SEMANTIC_CANDIDATES)

    def rank(self, query: ParsedQuery, ranking: Ranking, doc_type: str = "") -> list[str]:
        lexical: list[tuple[int, float]] = []
        if ranking in (Ranking.LEXICAL, Ranking.HYBRID):
            matches, _ = selectors.lexical_ranking(query, match=self.match)
            lexical = [(m.pk, m.score) for m in matches]
        if ranking is Ranking.LEXICAL:
            ranked = lexical
        elif ranking is Ranking.SEMANTIC:
            ranked = self.semantic(query)
        else:
            ranked = selectors.fuse(query, lexical, self.semantic(query))
        return [self.docs[pk - 1].id for pk, _ in ranked]


def evaluate(
    queries: Sequence[EvalQuery],
    *,
    corpus: Sequence[CorpusDoc] | None = None,
) -> dict[str, Any]:
    """Scores for lexical, semantic and hybrid ranking (the last two when available)."""
    embedder = embedder_load() if semantic_enabled() else None
    rankings = [Ranking.LEXICAL]
    if embedder is not None:
        rankings += [Ranking.SEMANTIC, Ranking.HYBRID]
    result: dict[str, Any] = {"queries": len(queries), "k": K}
    if corpus is not None:
        index = CorpusIndex(corpus, embedder)
        rank: Ranker = index.rank
        result["corpus"] = {
            "documents": len(corpus),
            "lexical_build_s": round(index.lexical_build_s, 3),
            "semantic_build_s": round(index.semantic_build_s, 3),
        }
    else:
        rank = site_ranker()
        result["corpus"] = None
    scores = {r: RankingScore(str(r)) for r in rankings}
    for q in queries:
        for ranking in rankings:
            if embedder is not None:
                embedder.forget()
            started = time.perf_counter()
            ranked = rank(parse_query(q.query), ranking, q.type)
            elapsed = (time.perf_counter() - started) * 1000
            scores[ranking].add(ranked, q.relevant, elapsed)
    result["rankings"] = [scores[r].summary() for r in rankings]
    result["semantic"] = embedder is not None
    return result
