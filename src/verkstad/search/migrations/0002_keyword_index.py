"""The keyword index beside search_document: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Not model fields: Django knows nothing of them, so they are created here by database
vendor (see verkstad.search.backends and the note in verkstad.search.models).
"""

from django.db import migrations

from verkstad.search.backends import install_statements, uninstall_statements


def install(apps, schema_editor):
    for statement in install_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    for statement in uninstall_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
