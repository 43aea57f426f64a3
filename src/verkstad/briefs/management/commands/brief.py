"""``verkstad brief``: one brief as a PDF and/or HTML file, made at once (no task queue)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verkstad.accounts.models import ActorType
from verkstad.briefs import services
from verkstad.briefs.assemble import brief_assemble, content_hash
from verkstad.briefs.regions import LANGUAGES, region_parse
from verkstad.briefs.render import brief_document_html, brief_pdf


class Command(BaseCommand):
    help = (
        "Make the brief for a county (or a municipality in it), an audience and a language: "
        "--pdf writes the PDF, --html a self-contained HTML file; without either, print a "
        "summary. Uses the editor's introduction and dialogues when the brief has them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="SCB county code, e.g. 20.")
        parser.add_argument(
            "--municipality", default="", help="SCB municipality code in the county, e.g. 2081."
        )
        parser.add_argument(
            "--audience", required=True, help=f"Actor type: {', '.join(ActorType.values)}."
        )
        parser.add_argument("--lang", default="sv", help="Language of the brief: sv or en.")
        parser.add_argument("--pdf", type=Path, default=None, help="Write the PDF here.")
        parser.add_argument("--html", type=Path, default=None, help="Write the HTML here.")

    def handle(self, *args: Any, **options: Any) -> None:
        county, municipality = options["county"], options["municipality"].strip()
        region = region_parse(municipality or county)
        if region is None or region.county != county:
            if municipality:
                raise CommandError(
                    f"{municipality!r} is not a municipality code in county {county!r}."
                )
            raise CommandError(f"{county!r} is not one of Sweden's 21 county codes.")
        audience = options["audience"]
        if audience not in ActorType.values:
            raise CommandError(
                f"Unknown audience {audience!r}; choose one of {', '.join(ActorType.values)}."
            )
        lang = options["lang"]
        if lang not in LANGUAGES:
            raise CommandError("--lang must be sv or en.")
        brief = services.brief_find(region=region, audience=audience, language=lang)
        content = brief_assemble(
            request=services.brief_request(
                region=region, audience=audience, language=lang, brief=brief
            )
        )
        if options["html"]:
            options["html"].write_text(
                brief_document_html(content=content, embed_css=True), encoding="utf-8"
            )
            self.stdout.write(f"Wrote {options['html']}")
        if options["pdf"]:
            options["pdf"].write_bytes(brief_pdf(content=content))
            self.stdout.write(f"Wrote {options['pdf']}")
        if not options["html"] and not options["pdf"]:
            self.stdout.write(content.title)
            self.stdout.write(f"{content.audience_label} · {content.language}")
            for section in content.sections:
                self.stdout.write(f"- {section.title}")
            self.stdout.write(f"content hash {content_hash(content)}")
        for message in content.missing:
            self.stderr.write(f"Missing: {message}")
