"""``verkstad dialogue-map SLUG``: recompute a conversation's opinion map now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.dialogue.models import Conversation
from verkstad.dialogue.snapshots import map_compute


class Command(BaseCommand):
    help = (
        "Recompute the opinion map of the conversation SLUG synchronously and store a "
        "snapshot, as the background task does (useful after an import or a failed run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="+", help="the conversation's slug (one or more)")

    def handle(self, *args: Any, **options: Any) -> None:
        for slug in options["slug"]:
            try:
                conversation = Conversation.objects.get(slug=slug)
            except Conversation.DoesNotExist as exc:
                raise CommandError(f"No conversation with the slug {slug!r}.") from exc
            snapshot = map_compute(conversation.pk)
            data = snapshot.data
            if data.get("status") == "ok":
                groups = ", ".join(str(g["members"]) for g in data.get("groups", []))
                summary = f"{data['n_groups']} groups ({groups})"
            else:
                summary = "not enough votes for a map yet"
            self.stdout.write(
                f"{slug}: {snapshot.n_votes} votes from {snapshot.n_participants} people "
                f"on {snapshot.n_statements} statements; {summary}; "
                f"{snapshot.duration_ms} ms."
            )
