"""``verkstad import_labour_data``: the bundled open labour-market data into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.insight.datasets import DATASETS_BY_SLUG
from verkstad.insight.services import LabourDataError, labour_data_import


class Command(BaseCommand):
    help = (
        "Import the bundled open data (SCB employment, JobTech Taxonomy, the SSYK–ISCO "
        "crosswalk, ESCO, DAIOE, ILO 2025, Nesta) and recompute the derived tables. "
        "Idempotent: unchanged files are skipped; one transaction per data set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check the files; write nothing."
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=list(DATASETS_BY_SLUG),
            metavar="DATASET",
            help=f"Import only this data set (repeatable): {', '.join(DATASETS_BY_SLUG)}.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Import even when the files are unchanged."
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder holding the data folders (default: VERKSTAD_SHARED_DATA or "
            "../shared/data beside the repository).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = labour_data_import(
                data_dir=options["data_dir"],
                only=options["only"],
                dry_run=options["dry_run"],
                force=options["force"],
            )
        except LabourDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
