"""``verkstad opinion-map DIR --json``: the opinion map of a Pol.is export, no database.

The module name has a hyphen so that the command is ``opinion-map``, as documented; Django
loads commands with ``importlib.import_module``, which accepts it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.dialogue.math.polis_export import (
    PolisExportError,
    opinion_map_report,
    read_polis_export,
)


class Command(BaseCommand):
    help = (
        "Compute the opinion map (groups, representative statements, consensus) of a Pol.is "
        "export directory and print it. Reads files only; never touches the database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            type=Path,
            help="comments.csv plus votes.csv or participants-votes.csv, as Pol.is exports them",
        )
        parser.add_argument("--json", action="store_true", help="print the full report as JSON")
        parser.add_argument("--k-max", type=int, default=5, help="most groups (Pol.is: 5)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--min-votes",
            type=int,
            default=7,
            help="votes a participant needs to be placed in a group (Pol.is: 7)",
        )
        parser.add_argument("--indent", type=int, default=None, help="indent the JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["k_max"] < 2:
            raise CommandError("--k-max must be at least 2")
        if options["min_votes"] < 1:
            raise CommandError("--min-votes must be at least 1")
        try:
            export = read_polis_export(options["directory"])
        except PolisExportError as error:
            raise CommandError(str(error)) from None
        report = opinion_map_report(
            export, k_max=options["k_max"], seed=options["seed"], min_votes=options["min_votes"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=options["indent"]))
            return
        counts = report["counts"]
        self.stdout.write(
            f"{counts['participants']} participants, {counts['statements']} statements, "
            f"{counts['votes']} votes; {counts['placed']} placed in {report['n_groups']} groups."
        )
        for group in report["groups"]:
            self.stdout.write(f"Group {group['id']}: {group['members']} members")
            for item in group["representative"]:
                text = report["statements"].get(str(item["statement_id"]), "")
                self.stdout.write(f"  {item['repful_for']:8} {item['statement_id']}: {text}")
        agreement = report["polis_agreement"]
        if agreement and agreement["adjusted_rand_index"] is not None:
            self.stdout.write(
                f"Agreement with Pol.is's groups: ARI {agreement['adjusted_rand_index']:.3f} "
                f"over {agreement['compared']} participants."
            )
