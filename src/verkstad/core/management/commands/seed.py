"""``verkstad seed``: everything a demo needs, step by step (see ``verkstad.core.seed``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.core.seed import SeedError, seed_run


class Command(BaseCommand):
    help = (
        "Load what a demo needs (the demo editor account, content, data, samples), "
        "running each registered seed step in order. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = seed_run(write=self.stdout.write, dry_run=options["dry_run"])
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        verb = "Checked" if options["dry_run"] else "Ran"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(done)} seed step(s)."))
