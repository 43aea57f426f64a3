"""The keyword index on each database: the same two questions, answered in SQL.

- :func:`lexical_match`: the best matching documents for a parsed query and filters,
  each with its score, type, key, language and facets (:class:`KeywordMatch`);
- :func:`lexical_problems`: what is wrong with the keyword index (the drift check).

SQLite: FTS5 with ``unicode61 remove_diacritics 0`` over our Snowball stems, ranked by
``bm25()`` with the title weighted twice the text. PostgreSQL: ``tsvector`` with the
``swedish`` or ``english`` configuration by the row's language, GIN index, ranked by
``ts_rank(..., 1)`` (rank divided by 1 + log(length)), which beat ``ts_rank_cd`` for
natural-language questions in our measurements.

**Filters are part of the query** (type, language, theme, big question, actor): on SQLite
as phrases in a third FTS5 column, ``filter_tags`` (``type:finding lang:sv theme:kultur``,
a generated column of ``search_document``, weight 0 in ``bm25()``); on PostgreSQL as
``WHERE`` conditions inside the scoring window. So a filter narrows the matches before
they are ranked and capped, and a rare type is never crowded out by a common one.

What keeps one query fast on a large index (docs/search.md, "At scale"):

- at most :data:`RANK_WINDOW` matching documents are scored, the most recently indexed
  ones (highest row id), and the best :data:`limit` of them are sorted in the database;
- SQLite: a prefix stem (``teknik*``) is searched as the explicit list of indexed words it
  begins (``teknik OR teknikutveckl``), taken from a :class:`StemVocabulary` that each
  process keeps in memory. FTS5 merges the whole posting list of every word of a prefix
  before it returns the first row; a list of words it reads lazily, newest first. The
  same vocabulary gives the document frequencies for the next point, with no query;
- the any-word fallback leaves out words found in more than :data:`COMMON_SHARE` of the
  documents (their idf is near zero), so rare words are not drowned by common ones;
- PostgreSQL: the window is read range by range of ids, newest first, with the range's
  size taken from the planner's statistics of the words (:func:`postgres_match`), so no
  query visits many more rows than it scores.

The SQLite functions take a DB-API cursor and a placeholder, so the throw-away index of
``verkstad search-eval --corpus`` and ``bench/search.py`` run the very same SQL.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured

from verkstad.search.text import MIN_PREFIX_SEARCH, ParsedQuery, Term, fts5_query

#: bm25() weights of the FTS5 columns: title twice the text; the filter tags nothing.
SQLITE_WEIGHTS = "2.0, 1.0, 0.0"
#: Most matching documents scored per query: the newest by row id. Fewer matches, all.
RANK_WINDOW = 2000
#: In the any-word fallback, a word in more than this share of the documents is left out…
COMMON_SHARE = 0.05
#: …once the index holds at least this many documents (below, every word counts).
COMMON_MIN_DOCS = 2000
#: A prefix stem is searched as the list of indexed words it begins when there are at most
#: this many; with more, as a prefix query. One keeps ranking exactly as a prefix ranks: the
#: same documents and the same bm25() score (one phrase). Longer lists were measured: the
#: development set's keyword MRR@10 fell from 0.858 to 0.836, because each word of the list
#: is a phrase of its own in bm25(), so a rare compound (bruksort under bruk*) outweighs
#: the word itself (docs/search.md, "At scale").
MAX_EXPANSION = 1


class KeywordMatch(NamedTuple):
    """One matching document: higher score is better."""

    pk: int
    score: float
    doc_type: str
    key: str
    lang: str
    facets: str


# --- SQLite: schema -----------------------------------------------------------------------

#: ``" type:finding lang:sv  theme:kultur actor:kommun "``: what filters match, one token
#: per value (``tokenchars`` keeps ``:``, ``-`` and ``_`` inside a token).
SQLITE_TAGS_EXPRESSION = "' type:' || doc_type || ' lang:' || lang || ' ' || facets || ' '"
SQLITE_TAGS_COLUMN = (
    "ALTER TABLE search_document ADD COLUMN filter_tags TEXT"
    f" GENERATED ALWAYS AS ({SQLITE_TAGS_EXPRESSION}) VIRTUAL"
)
SQLITE_TOKENIZE = "unicode61 remove_diacritics 0 tokenchars ':-_'"

SQLITE_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'row')"
)

_FTS_COLUMNS = "title_stems, body_stems, filter_tags"

#: The FTS5 index of an existing ``search_document`` that has the ``filter_tags`` column.
SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5({_FTS_COLUMNS},
        content='search_document', content_rowid='id',
        tokenize="{SQLITE_TOKENIZE}")""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, {_FTS_COLUMNS})
        VALUES (new.id, new.title_stems, new.body_stems, new.filter_tags);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS})
        VALUES ('delete', old.id, old.title_stems, old.body_stems, old.filter_tags);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_update
        AFTER UPDATE OF title_stems, body_stems, doc_type, lang, facets
        ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS})
        VALUES ('delete', old.id, old.title_stems, old.body_stems, old.filter_tags);
        INSERT INTO search_fts(rowid, {_FTS_COLUMNS})
        VALUES (new.id, new.title_stems, new.body_stems, new.filter_tags);
    END""",
    # Index whatever rows exist already (none on a fresh install).
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    # Document frequencies per stem (the process's StemVocabulary is read from it).
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
    """The keyword index of a new ``search_document`` table (migration 0002)."""
    return {
        "sqlite": [SQLITE_TAGS_COLUMN, *SQLITE_INSTALL],
        "postgresql": POSTGRES_INSTALL,
    }.get(vendor, [])


def uninstall_statements(vendor: str) -> list[str]:
    return {
        "sqlite": [*SQLITE_UNINSTALL, "ALTER TABLE search_document DROP COLUMN filter_tags"],
        "postgresql": POSTGRES_UNINSTALL,
    }.get(vendor, [])


def sqlite_install(cursor: Any) -> None:
    """(Re)create the SQLite keyword index of ``search_document``, whatever is there.

    Run it in any migration that makes Django rebuild the table on SQLite (most column
    changes do): the rebuild loses the generated ``filter_tags`` column and the triggers.
    """
    for statement in SQLITE_UNINSTALL:
        cursor.execute(statement)
    cursor.execute("SELECT name FROM pragma_table_xinfo('search_document')")
    if "filter_tags" not in {row[0] for row in cursor.fetchall()}:
        cursor.execute(SQLITE_TAGS_COLUMN)
    for statement in SQLITE_INSTALL:
        cursor.execute(statement)


# --- SQLite: the vocabulary ---------------------------------------------------------------


@dataclass(frozen=True)
class StemVocabulary:
    """Every indexed stem with its document count, sorted: from ``search_fts_vocab`` on
    SQLite, from ``ts_stat`` over ``search_vector`` (the lexemes) on PostgreSQL.

    Reading it costs one pass over the index (0.2 s at 100,000 documents here), so a
    process keeps one and reads it again when the index has changed (see
    ``selectors.keyword_vocabulary``). A stale copy only costs speed, never matches: a stem
    it does not know is searched as a prefix, as before.
    """

    terms: tuple[str, ...] = ()
    docs: tuple[int, ...] = ()
    #: Documents in the index when it was read.
    documents: int = 0
    #: The index generation it was read at, and when.
    token: str = ""
    loaded_at: float = 0.0

    @classmethod
    def read(cls, cursor: Any, *, token: str = "", vendor: str = "sqlite") -> StemVocabulary:
        if vendor == "postgresql":
            # Every lexeme of search_vector with its document count (one pass over the
            # table: about 1 s at 100,000 documents).
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM search_document')"
            )
        else:
            cursor.execute("SELECT term, doc FROM search_fts_vocab")
        rows = sorted(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM search_document")
        documents = int(cursor.fetchone()[0])
        return cls(
            terms=tuple(row[0] for row in rows),
            docs=tuple(int(row[1]) for row in rows),
            documents=documents,
            token=token,
            loaded_at=time.monotonic(),
        )

    def _range(self, prefix: str) -> tuple[int, int]:
        return (
            bisect.bisect_left(self.terms, prefix),
            bisect.bisect_left(self.terms, prefix + "\U0010ffff"),
        )

    def expand(self, stem: str) -> list[str] | None:
        """The indexed words that begin with ``stem``; None when there are too many (or
        none: the stem may be newer than this copy) and a prefix query should be used."""
        lo, hi = self._range(stem)
        if hi - lo > MAX_EXPANSION:
            return None
        words = [t for t in self.terms[lo:hi] if ":" not in t]  # not the filter tags
        return words or None

    def frequency_of(self, stem: str, *, prefix: bool = True) -> int:
        """Documents holding the stem (as a prefix: any word it begins; summed)."""
        lo, hi = self._range(stem)
        if prefix:
            pairs = zip(self.terms[lo:hi], self.docs[lo:hi], strict=True)
            return sum(d for t, d in pairs if ":" not in t)
        return self.docs[lo] if lo < len(self.terms) and self.terms[lo] == stem else 0

    def frequency(self, term: Term) -> int:
        """Documents holding any of the term's stems (an upper bound: summed over stems)."""
        total = 0
        for stem, prefix in term.prefixes():
            lo, hi = self._range(stem)
            if prefix:
                pairs = zip(self.terms[lo:hi], self.docs[lo:hi], strict=True)
                total += sum(d for t, d in pairs if ":" not in t)
            elif lo < len(self.terms) and self.terms[lo] == stem:
                total += self.docs[lo]
        return total


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


def sqlite_rare_terms(query: ParsedQuery, vocabulary: StemVocabulary) -> ParsedQuery:
    if vocabulary.documents < COMMON_MIN_DOCS or len(query.terms) < 2:
        return query
    frequencies = [vocabulary.frequency(term) for term in query.terms]
    return rare_terms(query, frequencies, vocabulary.documents)


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


#: What the tokenizer keeps as one token: a filter value with anything else cannot be a
#: tag (it would be split into several tokens and match something else).
_TAG = re.compile(r"[^\W]+|[:_-]")


def _tag_ok(name: str, value: str) -> bool:
    return bool(value) and "".join(_TAG.findall(f"{name}:{value}")) == f"{name}:{value}"


def sqlite_expression(
    query: ParsedQuery,
    *,
    any_term: bool,
    filters: Mapping[str, str] | None = None,
    vocabulary: StemVocabulary | None = None,
) -> str:
    """The FTS5 MATCH expression: the words in the title and text, and every filter."""
    words = fts5_query(
        query, any_term=any_term, expand=vocabulary.expand if vocabulary is not None else None
    )
    parts = [f"{{title_stems body_stems}} : ({words})"]
    for name, value in (filters or {}).items():
        parts.append(f"{{filter_tags}} : {_fts5_string(f'{name}:{value}')}")
    return " AND ".join(parts)


def sqlite_match(
    cursor: Any,
    query: ParsedQuery,
    *,
    any_term: bool,
    limit: int,
    filters: Mapping[str, str] | None = None,
    vocabulary: StemVocabulary | None = None,
    placeholder: str = "?",
) -> list[KeywordMatch]:
    if any(not _tag_ok(name, value) for name, value in (filters or {}).items()):
        return []  # no document has such a tag
    if vocabulary is None:
        vocabulary = StemVocabulary.read(cursor)
    if any_term:
        query = sqlite_rare_terms(query, vocabulary)
    expression = sqlite_expression(query, any_term=any_term, filters=filters, vocabulary=vocabulary)
    p = placeholder
    # The window: the newest matches, which FTS5 reads lazily in row id order, scoring
    # only the rows it returns. Its best `limit` are sorted by SQLite, and only they are
    # joined to their rows (through the covering index search_document_meta).
    cursor.execute(
        "SELECT m.rowid, m.score, d.doc_type, d.object_id, d.lang, d.facets FROM"
        " (SELECT rowid, score FROM"
        f"  (SELECT rowid, bm25(search_fts, {SQLITE_WEIGHTS}) AS score FROM search_fts"
        f"   WHERE search_fts MATCH {p} ORDER BY rowid DESC LIMIT {p})"
        f"  ORDER BY score, rowid LIMIT {p}) AS m"
        " JOIN search_document d ON d.id = m.rowid ORDER BY m.score, m.rowid",
        [expression, max(RANK_WINDOW, limit), limit],
    )
    return [
        KeywordMatch(int(pk), -float(score), doc_type, key, lang, facets or "")
        for pk, score, doc_type, key, lang, facets in cursor.fetchall()
    ]


# --- PostgreSQL ---------------------------------------------------------------------------

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


def _postgres_table(cursor: Any) -> tuple[int, float]:
    """The planner's row count and rows per heap page: instant, and enough for estimates."""
    cursor.execute(
        "SELECT greatest(reltuples, 0)::bigint, reltuples / greatest(relpages, 1) FROM pg_class"
        " WHERE oid = to_regclass('search_document')"
    )
    row = cursor.fetchone()
    return (int(row[0]), max(1.0, float(row[1] or 1))) if row else (0, 1.0)


def _postgres_lexemes(cursor: Any, query: ParsedQuery) -> dict[str, list[list[str]]]:
    """Per configuration, each word's lexemes (none for a stop word of that language)."""
    cursor.execute(
        "SELECT x.i, c.cfg::text, l.lexeme FROM unnest(%s::text[]) WITH ORDINALITY AS x(w, i),"
        " (VALUES ('swedish'::regconfig), ('english'::regconfig)) AS c(cfg),"
        " unnest(tsvector_to_array(to_tsvector(c.cfg, x.w))) AS l(lexeme)",
        [[term.word for term in query.terms]],
    )
    found: dict[str, list[list[str]]] = {
        "swedish": [[] for _ in query.terms],
        "english": [[] for _ in query.terms],
    }
    for i, cfg, lexeme in cursor.fetchall():
        found[cfg][i - 1].append(lexeme)
    return found


def postgres_shares(
    cursor: Any, query: ParsedQuery, lexemes: dict[str, list[list[str]]] | None = None
) -> list[float]:
    """Each word's share of the rows (by either configuration's lexemes, as prefixes),
    from the planner's statistics; 0 for words rarer than its most common elements."""
    common, cumulative = _postgres_common_lexemes(cursor)
    if not common:
        return [0.0] * len(query.terms)
    lexemes = lexemes or _postgres_lexemes(cursor, query)
    shares = [0.0] * len(query.terms)
    for per_word in lexemes.values():
        for i, words in enumerate(per_word):
            for lexeme in words:
                lo = bisect.bisect_left(common, lexeme)
                hi = bisect.bisect_left(common, lexeme + "\U0010ffff")
                shares[i] = max(shares[i], min(1.0, cumulative[hi] - cumulative[lo]))
    return shares


def _tsquery_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def postgres_tsquery(
    query: ParsedQuery,
    lexemes: list[list[str]],
    *,
    any_term: bool,
    vocabulary: StemVocabulary | None,
) -> str:
    """A tsquery (text, already normalised) of one configuration: each word's lexeme, as
    a prefix from four letters on, written out as the lexemes it begins when the
    vocabulary knows at most MAX_EXPANSION of them (GIN reads exact lexemes lazily; a
    prefix it unions whole first). Words without a lexeme (stop words) are left out."""
    groups = []
    for term, words in zip(query.terms, lexemes, strict=True):
        parts = []
        for lexeme in words:
            prefix = len(term.word) >= MIN_PREFIX_SEARCH
            expanded = vocabulary.expand(lexeme) if prefix and vocabulary is not None else None
            if expanded is not None:
                parts.append(" | ".join(_tsquery_lexeme(w) for w in expanded))
            else:
                parts.append(_tsquery_lexeme(lexeme) + (":*" if prefix else ""))
        if parts:
            groups.append("(" + " & ".join(f"({p})" for p in parts) + ")")
    return (" | " if any_term else " & ").join(groups)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _postgres_filters(filters: Mapping[str, str] | None) -> tuple[str, list[str]]:
    sql, params = "", []
    for name, value in (filters or {}).items():
        if name == "type":
            sql += " AND doc_type = %s"
            params.append(value)
        elif name == "lang":
            sql += " AND lang = %s"
            params.append(value)
        else:
            sql += " AND facets LIKE %s"
            params.append(f"% {_like_escape(name)}:{_like_escape(value)} %")
    return sql, params


def postgres_match(
    cursor: Any,
    query: ParsedQuery,
    *,
    any_term: bool,
    limit: int,
    filters: Mapping[str, str] | None = None,
    vocabulary: StemVocabulary | None = None,
) -> list[KeywordMatch]:
    documents, rows_per_page = _postgres_table(cursor)
    lexemes = _postgres_lexemes(cursor, query)
    if vocabulary is not None and vocabulary.documents:
        documents = vocabulary.documents
        shares = [
            max(
                (
                    vocabulary.frequency_of(w, prefix=len(term.word) >= MIN_PREFIX_SEARCH)
                    / documents
                    for w in (*sv, *en)
                ),
                default=0.0,
            )
            for term, sv, en in zip(
                query.terms, lexemes["swedish"], lexemes["english"], strict=True
            )
        ]
    elif documents >= COMMON_MIN_DOCS:
        shares = postgres_shares(cursor, query, lexemes)
    else:
        shares = []
    if any_term and shares and len(query.terms) > 1:
        kept = rare_terms(query, [round(s * documents) for s in shares], documents)
        keep = [t in kept.terms for t in query.terms]
        shares = [s for s, k in zip(shares, keep, strict=True) if k]
        lexemes = {
            cfg: [w for w, k in zip(per_word, keep, strict=True) if k]
            for cfg, per_word in lexemes.items()
        }
        query = kept
    swedish = postgres_tsquery(query, lexemes["swedish"], any_term=any_term, vocabulary=vocabulary)
    english = postgres_tsquery(query, lexemes["english"], any_term=any_term, vocabulary=vocabulary)
    if not swedish and not english:
        return []
    window = max(RANK_WINDOW, limit)
    # Words that are stop words in both languages are not in the query: not in the estimate.
    counted = [
        share
        for share, sv, en in zip(shares, lexemes["swedish"], lexemes["english"], strict=False)
        if sv or en
    ]
    share = min(1.0, sum(counted) if any_term else math.prod(counted)) if counted else 0.0
    filter_sql, filter_params = _postgres_filters(filters)
    # One condition when both languages' queries agree (one GIN scan, not two).
    if swedish == english:
        match_sql, match_params = "d.search_vector @@ %s::tsquery", [swedish]
        rank_sql, rank_params = "ts_rank(d.search_vector, %s::tsquery, 1)", [swedish]
    else:
        sides = [(f"d.lang {op} 'en'", q) for op, q in (("<>", swedish), ("=", english)) if q]
        match_sql = (
            "(" + " OR ".join(f"({c} AND d.search_vector @@ %s::tsquery)" for c, _ in sides) + ")"
        )
        match_params = [q for _, q in sides]
        rank_sql = (
            "ts_rank(d.search_vector,"
            " CASE WHEN d.lang = 'en' THEN %s::tsquery ELSE %s::tsquery END, 1)"
        )
        rank_params = [english or swedish, swedish or english]
    # The window is the newest `window` matches, and what costs is visiting rows (to read
    # their id, and to score them). Two ways to find them: walk the primary key backwards,
    # checking each row, until the window is full (about window / share rows, on
    # neighbouring pages), or take every match from the GIN index and keep the newest
    # (share × documents rows, scattered). The estimate picks the one with fewer pages;
    # `id + 0` keeps the planner off the walk. With a filter (whose share is not known
    # here) the planner combines the GIN index with the others.
    walk_pages = window / max(share, 1e-9) / rows_per_page
    gin_pages = share * documents
    walk = share > 0 and not filters and walk_pages <= gin_pages
    order = "d.id DESC" if walk else "d.id + 0 DESC"
    cursor.execute(
        f"SELECT d.id, {rank_sql}, d.doc_type, d.object_id, d.lang, d.facets"
        " FROM search_document d"
        f" WHERE {match_sql}{filter_sql}"
        f" ORDER BY {order} LIMIT %s",
        [*rank_params, *match_params, *filter_params, window],
    )
    found = cursor.fetchall()
    best = sorted(found, key=lambda row: (-row[1], row[0]))[:limit]
    return [
        KeywordMatch(int(pk), float(score), doc_type, key, lang, facets or "")
        for pk, score, doc_type, key, lang, facets in best
    ]


def lexical_match(
    connection: Any,
    query: ParsedQuery,
    *,
    any_term: bool,
    limit: int,
    filters: Mapping[str, str] | None = None,
    vocabulary: StemVocabulary | None = None,
) -> list[KeywordMatch]:
    """The best matching documents, best first, each matching every filter."""
    if query.empty:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return postgres_match(
                cursor,
                query,
                any_term=any_term,
                limit=limit,
                filters=filters,
                vocabulary=vocabulary,
            )
        if connection.vendor == "sqlite":
            return sqlite_match(
                cursor,
                query,
                any_term=any_term,
                limit=limit,
                filters=filters,
                vocabulary=vocabulary,
                placeholder="%s",
            )
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
            cursor.execute("SELECT name FROM pragma_table_xinfo('search_document')")
            if "filter_tags" not in {row[0] for row in cursor.fetchall()}:
                problems.append("column search_document.filter_tags is missing")
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
