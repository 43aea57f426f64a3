"""verkstad impact-report: the funder report for a period, as CSV, HTML or PDF files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from verkstad.impact.export import report_csv
from verkstad.impact.forms import PeriodForm
from verkstad.impact.render import report_document_html, report_pdf
from verkstad.impact.report import impact_report


class Command(BaseCommand):
    help = (
        "Write the impact report (reach, engagement, knowledge use, learning outcomes; every "
        "cell under five suppressed) for a period as CSV, HTML and/or PDF. Stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", default="", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", default="", help="Last day (included).")
        parser.add_argument("--lang", default="sv", choices=["sv", "en"], help="Language.")
        parser.add_argument("--csv", type=Path, help="Write the CSV here.")
        parser.add_argument("--html", type=Path, help="Write the HTML report here.")
        parser.add_argument("--pdf", type=Path, help="Write the PDF report here.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            form = PeriodForm({"fran": options["start"], "till": options["end"]})
            if not form.is_valid():
                messages = [str(e) for errors in form.errors.values() for e in errors]
                raise CommandError(" ".join(messages))
            period = form.period()
            report = impact_report(period=period)
            written = []
            if options["csv"]:
                options["csv"].write_text(report_csv(report), encoding="utf-8")
                written.append(options["csv"])
            if options["html"]:
                options["html"].write_text(report_document_html(report=report), encoding="utf-8")
                written.append(options["html"])
            if options["pdf"]:
                options["pdf"].write_bytes(report_pdf(report=report))
                written.append(options["pdf"])
        self.stdout.write(f"{period.start.isoformat()} – {period.end.isoformat()}")
        for path in written:
            self.stdout.write(f"wrote {path}")
        for error in report.errors:
            self.stderr.write(error)
