"""``verkstad dialogue-export SLUG OUT``: a conversation in Pol.is's export format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.dialogue.models import Conversation
from verkstad.dialogue.polis_io import polis_export_directory, polis_export_zip


class Command(BaseCommand):
    help = (
        "Export a conversation as Pol.is does (comments.csv, votes.csv, participants-votes.csv, "
        "summary.csv) plus README.md and codebook.csv: to a directory, or to a zip when OUT "
        "ends in .zip. Participants appear only as numbers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the conversation's slug")
        parser.add_argument("out", type=Path, help="a directory, or a file name ending in .zip")
        parser.add_argument(
            "--language", default="sv", choices=["sv", "en"], help="topic language in summary.csv"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        conversation = Conversation.objects.filter(slug=options["slug"]).first()
        if conversation is None:
            raise CommandError(f"No conversation with the slug {options['slug']!r}.")
        out: Path = options["out"]
        if out.suffix.lower() == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(
                polis_export_zip(conversation=conversation, language=options["language"])
            )
            self.stdout.write(f"Wrote {out}.")
            return
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a directory.")
        written = polis_export_directory(
            conversation=conversation, path=out, language=options["language"]
        )
        self.stdout.write(f"Wrote {len(written)} files to {out}.")
