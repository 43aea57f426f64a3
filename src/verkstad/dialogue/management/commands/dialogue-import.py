"""``verkstad dialogue-import DIR --slug S``: a Pol.is export into a new conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.dialogue.polis_io import (
    ImportProblem,
    files_from_directory,
    files_from_zip,
    polis_import,
    polis_read,
)


class Command(BaseCommand):
    help = (
        "Import a Pol.is export (a directory or a zip with comments.csv, votes.csv, …) into a "
        "new conversation, or an existing empty one. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the export directory or zip archive")
        parser.add_argument("--slug", required=True, help="the conversation's slug")
        parser.add_argument("--topic-sv", default="", help="Swedish topic (default: summary.csv)")
        parser.add_argument("--topic-en", default="", help="English topic (default: summary.csv)")
        parser.add_argument(
            "--language", default="en", choices=["sv", "en"], help="the statements' language"
        )
        parser.add_argument("--dry-run", action="store_true", help="check the files, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        try:
            if source.is_file():
                files = files_from_zip(source.read_bytes(), name=source.name)
            else:
                files = files_from_directory(source)
            if options["dry_run"]:
                data = polis_read(files, language=options["language"])
                self.stdout.write(
                    f"{source}: {len(data.comments)} statements, {len(data.participants)} "
                    f"participants, {len(data.votes)} votes (from {data.votes_from}); "
                    "nothing written (--dry-run)"
                )
                return
            result = polis_import(
                files=files,
                slug=options["slug"],
                topic_sv=options["topic_sv"],
                topic_en=options["topic_en"],
                language=options["language"],
            )
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Imported {result.statements} statements, {result.participants} participants and "
            f"{result.votes} votes (from {result.votes_from}) into "
            f"{result.conversation.slug!r}."
        )
