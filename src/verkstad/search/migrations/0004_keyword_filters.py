"""Filters inside the keyword query, and candidates read from a covering index.

SQLite: a generated column ``filter_tags`` (``" type:finding lang:sv  theme:kultur "``) and
the FTS5 table rebuilt over title, text and those tags, with ``tokenchars ':-_'`` so that
each tag is one token (verkstad.search.backends.sqlite_install). PostgreSQL filters with
plain conditions; there the stem columns, which only FTS5 reads, are emptied.

Both: the index ``search_document_meta`` (id, type, language, key, facets), from which a
search reads its candidates without touching the wide rows.
"""

from django.db import migrations, models

from verkstad.search.backends import sqlite_install

# The keyword index as migration 0002 and 0003 made it, to go back to.
_BEFORE = [
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
    "ALTER TABLE search_document DROP COLUMN filter_tags",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_stems, body_stems,
        content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, title_stems, body_stems)
        VALUES (new.id, new.title_stems, new.body_stems);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_stems, body_stems)
        VALUES ('delete', old.id, old.title_stems, old.body_stems);
    END""",
    """CREATE TRIGGER search_fts_update
        AFTER UPDATE OF title_stems, body_stems ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_stems, body_stems)
        VALUES ('delete', old.id, old.title_stems, old.body_stems);
        INSERT INTO search_fts(rowid, title_stems, body_stems)
        VALUES (new.id, new.title_stems, new.body_stems);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            sqlite_install(cursor)
    elif schema_editor.connection.vendor == "postgresql":
        # Only SQLite reads the stems: narrower rows for PostgreSQL's keyword window.
        schema_editor.execute(
            "UPDATE search_document SET title_stems = '', body_stems = ''"
            " WHERE title_stems <> '' OR body_stems <> ''"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _BEFORE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_keyword_vocabulary")]

    operations = [
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                fields=["id", "doc_type", "lang", "object_id", "facets"],
                name="search_document_meta",
            ),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
