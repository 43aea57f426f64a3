"""SQLite: an fts5vocab table over search_fts, for document frequencies per stem.

The any-word fallback leaves out words found in more than a few per cent of the documents
(verkstad.search.backends.COMMON_SHARE). Nothing on PostgreSQL, which reads them from the
planner's statistics.
"""

from django.db import migrations

from verkstad.search.backends import SQLITE_VOCAB


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_VOCAB)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts_vocab")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_keyword_index")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
