"""``verkstad dump_content``: the knowledge base back into content/ files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from verkstad.knowledge.dumper import content_dump
from verkstad.knowledge.loader import default_content_path


class Command(BaseCommand):
    help = (
        "Write the knowledge base from the database into content files (the format "
        "load_content reads), overwriting the files it writes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path", type=Path, default=None, help="Content folder (default: content/)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"] or default_content_path()
        written = content_dump(path=path)
        self.stdout.write(f"Wrote {len(written)} file(s) to {path}.")
