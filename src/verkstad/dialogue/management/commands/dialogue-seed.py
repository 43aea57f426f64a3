"""``verkstad dialogue-seed SLUG FILE.csv``: seed statements into a conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.dialogue.models import Conversation
from verkstad.dialogue.polis_io import ImportProblem, statements_seed


class Command(BaseCommand):
    help = (
        "Add seed statements to a conversation from a CSV with the columns text and, optionally, "
        "language, finding (a finding's slug) and is_meta. All or nothing; statements the "
        "conversation already has are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the conversation's slug")
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8)")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        conversation = Conversation.objects.filter(slug=options["slug"]).first()
        if conversation is None:
            raise CommandError(f"No conversation with the slug {options['slug']!r}.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror})") from None
        try:
            result = statements_seed(
                conversation=conversation, data=data, file=path.name, dry_run=options["dry_run"]
            )
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        verb = "Would add" if options["dry_run"] else "Added"
        self.stdout.write(
            f"{verb} {len(result.created)} statements to {conversation.slug!r}; "
            f"{result.skipped} already there."
        )
