"""``verkstad search "…" [--json] [--limit N]``: ranked hits from the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.search import registry
from verkstad.search.selectors import MAX_LIMIT, Ranking, SearchFilters, search
from verkstad.search.text import LANGS
from verkstad.search.views import search_json


class Command(BaseCommand):
    help = "Search the index and print ranked hits (type, id, slug, title, url, score, snippet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", help="Words or a question, in Swedish or English.")
        parser.add_argument("--json", action="store_true", help="Print JSON, as /api/search.")
        parser.add_argument("--limit", type=int, default=10, help=f"Hits, 1–{MAX_LIMIT}.")
        parser.add_argument("--offset", type=int, default=0)
        parser.add_argument("--type", default="", help="Only this type (finding, source, …).")
        parser.add_argument("--lang", default="", choices=["", *LANGS])
        parser.add_argument(
            "--ranking", default="auto", choices=[r.value for r in Ranking], help="Default: auto."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["limit"] <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}.")
        if options["offset"] < 0:
            raise CommandError("--offset must not be negative.")
        known = {s.type for s in registry.sources()}
        if options["type"] and options["type"] not in known:
            raise CommandError(f"Unknown --type {options['type']!r}; one of {sorted(known)}.")
        results = search(
            options["query"],
            filters=SearchFilters(type=options["type"], lang=options["lang"]),
            limit=options["limit"],
            offset=options["offset"],
            ranking=options["ranking"],
            facets=False,  # not printed
        )
        if options["json"]:
            self.stdout.write(json.dumps(search_json(results), ensure_ascii=False, indent=2))
            return
        if not results.hits:
            self.stdout.write("No hits.")
            return
        for rank, hit in enumerate(results.hits, start=results.offset + 1):
            self.stdout.write(f"{rank:>3}. [{hit.type}] {hit.title}  ({hit.url}, {hit.score:.4f})")
            if hit.snippet:
                self.stdout.write(f"     {' '.join(hit.snippet.split())}")
        self.stdout.write(f"{results.total} hit(s), ranking: {results.ranking}.")
