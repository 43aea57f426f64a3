"""``verkstad load_content``: the files under content/ into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.knowledge.loader import LoadReport, content_load, default_content_path


def report_write(report: LoadReport, write: Any) -> None:
    for warning in report.warnings:
        write(f"warning: {warning}")
    for conflict in report.conflicts:
        write(f"conflict: {conflict}")
    for label in report.forced:
        write(f"overwrote the admin's change: {label}")
    verb = "Would write" if report.dry_run else "Wrote"
    write(
        f"{verb} {len(report.created)} new and {len(report.updated)} changed row(s); "
        f"{len(report.unchanged)} unchanged, {len(report.conflicts)} conflict(s)."
    )


class Command(BaseCommand):
    help = (
        "Load the knowledge base from content/ (sources, themes, questions, findings, "
        "recommendations, context facts). Validates everything first and writes nothing "
        "on any error; never overwrites a row an editor changed in the admin unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path", type=Path, default=None, help="Content folder (default: content/)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; write nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite rows that an editor changed in the admin since the last load.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"] or default_content_path()
        report = content_load(path=path, dry_run=options["dry_run"], force=options["force"])
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(report.errors)} error(s) in {path}; nothing was written.")
        report_write(report, self.stdout.write)
