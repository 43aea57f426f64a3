"""The keyword index on each database: the same two questions, answered in SQL.

- :func:`lexical_match`: ids and scores of documents matching a parsed query, best first;
- :func:`lexical_problems`: what is wrong with the keyword index (the drift check).

SQLite: FTS5 with ``unicode61 remove_diacritics 0`` over our Snowball stems, ranked by
``bm25()`` with the title weighted twice the text. PostgreSQL: ``tsvector`` with the
``swedish`` or ``english`` configuration by the row's language, GIN index, ranked by
``ts_rank(..., 1)`` (rank divided by 1 + log(length)), which beat ``ts_rank_cd`` for
natural-language questions in our measurements.

Two limits keep a query fast on a large index (docs/search.md, "At scale"):

- at most :data:`RANK_WINDOW` matching documents are scored, the most recently indexed
  ones (highest row id): scoring is what costs, and a word found in tens of thousands of
  documents ranks them by little more than length;
- the any-word fallback leaves out words found in more than :data:`COMMON_SHARE` of the
  documents (their idf is near zero), so rare words are not drowned by common ones.

The SQLite functions take a DB-API cursor and a placeholder, so the throw-away index of
``verkstad search-eval --corpus`` and ``bench/search.py`` run the very same SQL.
"""

from __future__ import annotations

import bisect
import itertools
import time
from dataclasses import replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from verkstad.search.text import ParsedQuery, Term, fts5_query, tsquery

#: Title counts twice the text in bm25().
SQLITE_WEIGHTS = "2.0, 1.0"
#: Most matching documents scored per query: the newest by row id. Fewer matches, all.
RANK_WINDOW = 2000
#: In the any-word fallback, a word in more than this share of the documents is left out…
COMMON_SHARE = 0.05
#: …once the index holds at least this many documents (below, every word counts).
COMMON_MIN_DOCS = 2000

SQLITE_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'row')"
)

SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title_stems, body_stems,
        content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, title_stems, body_stems)
        VALUES (new.id, new.title_stems, new.body_stems);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_stems, body_stems)
        VALUES ('delete', old.id, old.title_stems, old.body_stems);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_update
        AFTER UPDATE OF title_stems, body_stems ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_stems, body_stems)
        VALUES ('delete', old.id, old.title_stems, old.body_stems);
        INSERT INTO search_fts(rowid, title_stems, body_stems)
        VALUES (new.id, new.title_stems, new.body_stems);
    END""",
    # Index whatever rows exist already (none on a fresh install).
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    # Document frequencies per stem, for the any-word fallback (migration 0003).
    SQLITE_VOCAB,
]

SQLITE_UNINSTALL = [
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

_CONFIG = "CASE WHEN lang = 'en' THEN 'english'::regconfig ELSE 'swedish'::regconfig END"

POSTGRES_INSTALL = [
    f"""ALTER TABLE search_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector({_CONFIG}, title), 'A')
        || setweight(to_tsvector({_CONFIG}, body), 'B')) STORED""",
    "CREATE INDEX search_document_vector ON search_document USING GIN (search_vector)",
]

POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS search_vector",
]


def install_statements(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}.get(vendor, [])


def uninstall_statements(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRES_UNINSTALL}.get(vendor, [])


def _common(frequency: int, documents: int) -> bool:
    return documents >= COMMON_MIN_DOCS and frequency > COMMON_SHARE * documents


def rare_terms(query: ParsedQuery, frequencies: list[int], documents: int) -> ParsedQuery:
    """The query without its common words (see :data:`COMMON_SHARE`); the rarest if all are."""
    kept = [
        term
        for term, frequency in zip(query.terms, frequencies, strict=True)
        if not _common(frequency, documents)
    ]
    if not kept and query.terms:
        rarest = min(range(len(frequencies)), key=frequencies.__getitem__)
        kept = [query.terms[rarest]]
    return replace(query, terms=tuple(kept))


def _sqlite_frequency(cursor: Any, term: Term, placeholder: str) -> int:
    """Documents holding any of the term's stems (an upper bound: summed over stems)."""
    total = 0
    for stem, prefix in term.prefixes():
        if prefix:
            cursor.execute(
                "SELECT coalesce(sum(doc), 0) FROM search_fts_vocab"
                f" WHERE term >= {placeholder} AND term < {placeholder}",
                [stem, stem + "\U0010ffff"],
            )
        else:
            cursor.execute(
                f"SELECT coalesce(sum(doc), 0) FROM search_fts_vocab WHERE term = {placeholder}",
                [stem],
            )
        total += int(cursor.fetchone()[0])
    return total


def sqlite_rare_terms(cursor: Any, query: ParsedQuery, *, placeholder: str = "?") -> ParsedQuery:
    cursor.execute("SELECT coalesce(max(id), 0) FROM search_document")
    documents = int(cursor.fetchone()[0])  # an upper bound of the count, and instant
    if documents < COMMON_MIN_DOCS or len(query.terms) < 2:
        return query
    frequencies = [_sqlite_frequency(cursor, term, placeholder) for term in query.terms]
    return rare_terms(query, frequencies, documents)


def sqlite_match(
    cursor: Any, query: ParsedQuery, *, any_term: bool, limit: int, placeholder: str = "?"
) -> list[tuple[int, float]]:
    if any_term:
        query = sqlite_rare_terms(cursor, query, placeholder=placeholder)
    expression = fts5_query(query, any_term=any_term)
    # Newest first, stopping after the window: FTS5 walks its lists in row id order and
    # computes bm25() only for the rows it returns. Ranked here.
    cursor.execute(
        f"SELECT rowid, bm25(search_fts, {SQLITE_WEIGHTS}) FROM search_fts"
        f" WHERE search_fts MATCH {placeholder} ORDER BY rowid DESC LIMIT {placeholder}",
        [expression, max(RANK_WINDOW, limit)],
    )
    rows = sorted(cursor.fetchall(), key=lambda row: (row[1], row[0]))
    return [(int(pk), -float(rank)) for pk, rank in rows[:limit]]


#: The planner's most common lexemes of search_vector and their shares of the rows, kept
#: per process for this many seconds (ANALYZE changes them rarely; reading pg_stats is slow).
POSTGRES_STATS_SECONDS = 600.0
_postgres_stats: tuple[float, list[str], list[float]] = (-POSTGRES_STATS_SECONDS, [], [])


def _postgres_common_lexemes(cursor: Any) -> tuple[list[str], list[float]]:
    """Sorted lexemes and their cumulative shares (for prefix sums by bisection)."""
    global _postgres_stats
    loaded, lexemes, cumulative = _postgres_stats
    if time.monotonic() - loaded < POSTGRES_STATS_SECONDS:
        return lexemes, cumulative
    cursor.execute(
        "SELECT u.e, u.f FROM pg_stats s,"
        " unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(e, f)"
        " WHERE s.tablename = 'search_document' AND s.attname = 'search_vector'"
        " AND s.schemaname = current_schema() AND u.e IS NOT NULL"
    )
    rows = sorted((e, float(f or 0)) for e, f in cursor.fetchall())
    lexemes = [e for e, _ in rows]
    cumulative = list(itertools.accumulate((f for _, f in rows), initial=0.0))
    _postgres_stats = (time.monotonic(), lexemes, cumulative)
    return lexemes, cumulative


def postgres_rare_terms(cursor: Any, query: ParsedQuery) -> ParsedQuery:
    """Like :func:`sqlite_rare_terms`, with shares from the planner's statistics (ANALYZE)."""
    if len(query.terms) < 2:
        return query
    cursor.execute(
        "SELECT greatest(reltuples, 0)::bigint FROM pg_class"
        " WHERE oid = to_regclass('search_document')"
    )
    row = cursor.fetchone()
    documents = int(row[0]) if row else 0
    if documents < COMMON_MIN_DOCS:
        return query
    lexemes, cumulative = _postgres_common_lexemes(cursor)
    # Each word's lexemes by both configurations, as the query's prefixes will match them.
    cursor.execute(
        "SELECT x.i, l.lexeme FROM unnest(%s::text[]) WITH ORDINALITY AS x(w, i),"
        " (VALUES ('swedish'::regconfig), ('english'::regconfig)) AS c(cfg),"
        " unnest(tsvector_to_array(to_tsvector(c.cfg, x.w))) AS l(lexeme)",
        [[term.word for term in query.terms]],
    )
    shares = [0.0] * len(query.terms)
    for i, lexeme in cursor.fetchall():
        lo = bisect.bisect_left(lexemes, lexeme)
        hi = bisect.bisect_left(lexemes, lexeme + "\U0010ffff")
        shares[i - 1] = max(shares[i - 1], cumulative[hi] - cumulative[lo])
    return rare_terms(query, [round(share * documents) for share in shares], documents)


def postgres_match(
    cursor: Any, query: ParsedQuery, *, any_term: bool, limit: int
) -> list[tuple[int, float]]:
    if any_term:
        query = postgres_rare_terms(cursor, query)
    expression = tsquery(query, any_term=any_term)
    # The window first (ids only, newest first), then ts_rank over those rows alone.
    cursor.execute(
        "SELECT d.id, ts_rank(d.search_vector, CASE WHEN d.lang = 'en' THEN qen ELSE qsv END, 1)"
        " AS score FROM to_tsquery('swedish', %s) AS qsv, to_tsquery('english', %s) AS qen,"
        " LATERAL (SELECT id FROM search_document"
        "  WHERE (lang <> 'en' AND search_vector @@ qsv) OR (lang = 'en' AND search_vector @@ qen)"
        "  ORDER BY id DESC LIMIT %s) AS w"
        " JOIN search_document d ON d.id = w.id"
        " ORDER BY score DESC, d.id LIMIT %s",
        [expression, expression, max(RANK_WINDOW, limit), limit],
    )
    return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def lexical_match(
    connection: Any, query: ParsedQuery, *, any_term: bool, limit: int
) -> list[tuple[int, float]]:
    """Ids and scores (higher is better) of matching documents, best first."""
    if query.empty:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return postgres_match(cursor, query, any_term=any_term, limit=limit)
        if connection.vendor == "sqlite":
            return sqlite_match(cursor, query, any_term=any_term, limit=limit, placeholder="%s")
    raise ImproperlyConfigured(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")


def lexical_problems(connection: Any) -> list[str]:
    """Problems with the keyword index itself; empty when it matches the table."""
    problems: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["search_document"],
            )
            triggers = {row[0] for row in cursor.fetchall()}
            for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
                if name not in triggers:
                    problems.append(f"trigger {name} is missing")
            try:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
            except Exception as exc:  # sqlite3.DatabaseError: "database disk image is malformed"
                problems.append(f"FTS5 index does not match the table: {exc}")
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = %s", ["search_fts_vocab"]
            )
            if not cursor.fetchone()[0]:
                problems.append("table search_fts_vocab is missing")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM search_document WHERE search_vector IS NULL"
                " OR search_vector IS DISTINCT FROM ("
                f"setweight(to_tsvector({_CONFIG}, title), 'A')"
                f" || setweight(to_tsvector({_CONFIG}, body), 'B'))"
            )
            stale = cursor.fetchone()[0]
            if stale:
                problems.append(f"{stale} row(s) with a stale tsvector")
    return problems
