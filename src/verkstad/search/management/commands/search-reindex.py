"""``verkstad search-reindex``: rebuild the search index from every registered source."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from verkstad.search.services import embed_pending, embeddings_pending, index_drift, index_rebuild


class Command(BaseCommand):
    help = (
        "Make the search index match the content: add, update and remove documents. "
        "Embeddings are computed by the background worker, or here with --embed-now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Say what would change.")
        parser.add_argument(
            "--embed-now", action="store_true", help="Compute pending embeddings here and now."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = index_rebuild(dry_run=options["dry_run"], write=self.stdout.write)
        verb = "Would index" if options["dry_run"] else "Indexed"
        self.stdout.write(
            f"{verb} {report.created} new and {report.updated} changed document(s), "
            f"removed {report.deleted}; {report.unchanged} unchanged."
        )
        if options["dry_run"]:
            return
        if options["embed_now"]:
            done = embed_pending(write=self.stdout.write)
            self.stdout.write(f"Embedded {done} document(s).")
        pending = embeddings_pending()
        if pending:
            self.stdout.write(f"{pending} document(s) wait for embeddings (db_worker).")
        drift = index_drift()
        self.stdout.write("Index check: " + str(drift))
