"""``verkstad insight employment|transitions``: the local-insight figures for scripts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from verkstad.insight import selectors


def _code(digits: int, what: str):  # noqa: ANN202 an argparse type factory
    def parse(value: str) -> str:
        if not (value.isdigit() and len(value) == digits):
            raise ValueError(f"{what} must be {digits} digits")
        return value

    parse.__name__ = what
    return parse


class Command(BaseCommand):
    help = (
        "Print local-insight figures: `employment` (employees of one SSYK group in a county "
        "or Sweden, one year) or `transitions` (the ranked moves from one SSYK group). "
        "--json prints the same JSON as /api/insight/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        employment = sub.add_parser("employment", help="Employees by SSYK group, county and year.")
        employment.add_argument("--ssyk", required=True, type=_code(4, "SSYK code"))
        employment.add_argument(
            "--county",
            type=_code(2, "county code"),
            default=None,
            help="SCB county code, e.g. 04 (default: all of Sweden).",
        )
        employment.add_argument(
            "--year", type=int, default=None, help="Year (default: the latest)."
        )
        employment.add_argument("--json", action="store_true", help="Print JSON.")
        transitions = sub.add_parser("transitions", help="Transition pathways from an SSYK group.")
        transitions.add_argument("--ssyk", required=True, type=_code(4, "SSYK code"))
        transitions.add_argument("--json", action="store_true", help="Print JSON.")

    @no_translations  # English throughout, like the rest of its output and the API docs
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["what"] == "employment":
                data = selectors.employment_data(
                    ssyk=options["ssyk"], county=options["county"], year=options["year"]
                )
            else:
                data = selectors.transitions_data(ssyk=options["ssyk"])
        except selectors.NotFound as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif options["what"] == "employment":
            self.stdout.write(
                f"{data['county']['name_en']}, SSYK {data['ssyk']['code']} "
                f"{data['ssyk']['label_sv']}, {data['year']}: {data['employees']} employees "
                f"({data['men']} men, {data['women']} women)."
            )
        else:
            self.stdout.write(
                f"Transitions from SSYK {data['ssyk']['code']} {data['ssyk']['label_sv']}:"
            )
            for move in data["transitions"]:
                subst = move["substitutability"]
                self.stdout.write(
                    f"{move['rank']:>2}. {move['ssyk']['code']} {move['ssyk']['label_sv']}: "
                    f"score {move['score']:.3f}, overlap {move['skill_overlap']:.3f}"
                    + (f", AF substitutability {subst} %" if subst else "")
                    + f", {len(move['skills_to_learn'])} skills to learn"
                )
            if not data["transitions"]:
                self.stdout.write("No move to a less exposed occupation was found.")
        if not options["json"]:
            # The attribution each data set's licence asks for, wherever its data is shown.
            for source in data["source"]:
                self.stdout.write(f"Source: {source['attribution']} Licence: {source['licence']}.")
