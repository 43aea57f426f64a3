"""The keyword index on each database: the same two questions, answered in SQL.

- :func:`lexical_match`: ids and scores of documents matching a parsed query, best first;
- :func:`lexical_problems`: what is wrong with the keyword index (the drift check).

SQLite: FTS5 with ``unicode61 remove_diacritics 0`` over our Snowball stems, ranked by
``bm25()`` with the title weighted twice the text. PostgreSQL: ``tsvector`` with the
``swedish`` or ``english`` configuration by the row's language, GIN index, ranked by
``ts_rank(..., 1)`` (rank divided by 1 + log(length)), which beat ``ts_rank_cd`` for
natural-language questions in our measurements.

The SQLite functions take a DB-API cursor and a placeholder, so the throw-away index of
``verkstad search-eval --corpus`` and ``bench/search.py`` run the very same SQL.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from verkstad.search.text import ParsedQuery, fts5_query, tsquery

#: Title counts twice the text in bm25().
SQLITE_WEIGHTS = "2.0, 1.0"

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
]

SQLITE_UNINSTALL = [
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


def sqlite_match(
    cursor: Any, query: ParsedQuery, *, any_term: bool, limit: int, placeholder: str = "?"
) -> list[tuple[int, float]]:
    expression = fts5_query(query, any_term=any_term)
    cursor.execute(
        f"SELECT rowid, bm25(search_fts, {SQLITE_WEIGHTS}) AS rank FROM search_fts "
        f"WHERE search_fts MATCH {placeholder} ORDER BY rank LIMIT {placeholder}",
        [expression, limit],
    )
    return [(int(row[0]), -float(row[1])) for row in cursor.fetchall()]


def postgres_match(
    cursor: Any, query: ParsedQuery, *, any_term: bool, limit: int
) -> list[tuple[int, float]]:
    expression = tsquery(query, any_term=any_term)
    cursor.execute(
        "SELECT id, ts_rank(search_vector, CASE WHEN lang = 'en' THEN qen ELSE qsv END, 1)"
        " AS score FROM search_document,"
        " to_tsquery('swedish', %s) AS qsv, to_tsquery('english', %s) AS qen"
        " WHERE (lang <> 'en' AND search_vector @@ qsv) OR (lang = 'en' AND search_vector @@ qen)"
        " ORDER BY score DESC, id LIMIT %s",
        [expression, expression, limit],
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
