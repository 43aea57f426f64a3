"""The funder report as CSV (one tidy row per figure) and its codebook.

The CSV has one row per table cell, so it reads straight into a spreadsheet or R/pandas;
the codebook says what every column and every code means. Suppressed cells have an empty
``value`` and ``suppressed`` = 1. Citations of findings in plans and decisions follow as
rows of the ``citations`` section, one per record, with their reference and link.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from verkstad.accounts.models import ActorType
from verkstad.dialogue.aggregates import MIN_PEOPLE
from verkstad.impact import registry
from verkstad.impact.models import Channel, Outcome
from verkstad.impact.report import ImpactReport

COLUMNS = [
    "period_start",
    "period_end",
    "section",
    "table",
    "row_key",
    "row_label",
    "column_key",
    "column_label",
    "value",
    "suppressed",
    "reference",
    "link",
]


@dataclass(frozen=True)
class CodebookEntry:
    name: str
    meaning: str


def codebook_columns() -> list[CodebookEntry]:
    return [
        CodebookEntry("period_start", _("First day of the report period (YYYY-MM-DD), included.")),
        CodebookEntry("period_end", _("Last day of the report period (YYYY-MM-DD), included.")),
        CodebookEntry(
            "section",
            _("reach, engagement, knowledge_use, learning or citations (see the sections below)."),
        ),
        CodebookEntry("table", _("Which table of the section the row belongs to.")),
        CodebookEntry(
            "row_key",
            _(
                "The table row: a month (YYYY-MM), a page path, an actor-type code, a county "
                "code (two digits), a finding's slug or a learning item's number; empty means "
                "not stated."
            ),
        ),
        CodebookEntry("row_label", _("The row's name as the report shows it.")),
        CodebookEntry(
            "column_key", _("The figure: a measure, channel or outcome code (codes below).")
        ),
        CodebookEntry("column_label", _("The figure's name as the report shows it.")),
        CodebookEntry(
            "value",
            _("The count (or mean). Empty when suppressed; “total” rows sum the whole column."),
        ),
        CodebookEntry(
            "suppressed",
            _(
                "1 when the figure is about fewer than %(n)s people or under %(n)s, or hidden "
                "so that a total cannot reveal another hidden figure; otherwise 0."
            )
            % {"n": MIN_PEOPLE},
        ),
        CodebookEntry(
            "reference", _("Citations only: the plan or decision, as the editor recorded it.")
        ),
        CodebookEntry("link", _("Citations only: where the plan or decision can be read.")),
    ]


def codebook_codes() -> list[tuple[str, list[CodebookEntry]]]:
    """The codes that appear in row_key and column_key, grouped."""
    measures = [
        CodebookEntry(code, f"{m.label}: {m.description}") for code, m in registry.MEASURES.items()
    ]
    return [
        (_("Engagement measures"), measures),
        (_("Channels"), [CodebookEntry(c.value, str(c.label)) for c in Channel]),
        (_("Outcomes"), [CodebookEntry(o.value, str(o.label)) for o in Outcome]),
        (
            _("Actor types"),
            [CodebookEntry(a.value, str(a.label)) for a in ActorType]
            + [CodebookEntry("", _("Not stated"))],
        ),
        (
            _("Reach"),
            [
                CodebookEntry("page", _("Page views: HTML pages served with status 200.")),
                CodebookEntry("download", _("Downloads: PDF, CSV and calendar files served.")),
            ],
        ),
        (
            _("Learning outcomes"),
            [
                CodebookEntry("n_before", _("Answers before (empty when under five).")),
                CodebookEntry("mean_before", _("Mean answer before, on the item's scale.")),
                CodebookEntry("n_after", _("Answers after (empty when under five).")),
                CodebookEntry("mean_after", _("Mean answer after, on the item's scale.")),
                CodebookEntry("change", _("Mean after minus mean before.")),
            ],
        ),
    ]


def report_csv_rows(report: ImpactReport) -> list[list[str]]:
    start, end = report.period.start.isoformat(), report.period.end.isoformat()

    def row(
        section: str, table: str, rkey: str, rlabel: str, ckey: str, clabel: str,
        value: object, reference: str = "", link: str = "",
    ) -> list[str]:  # fmt: skip
        suppressed = value is None
        shown = "" if suppressed else str(value)
        flag = "1" if suppressed else "0"
        return [start, end, section, table, rkey, rlabel, ckey, clabel, shown, flag, reference,
                link]  # fmt: skip

    rows: list[list[str]] = [
        row("reach", "totals", "", _("All pages"), "page", _("Page views"), report.page_views),
        row("reach", "totals", "", _("All pages"), "download", _("Downloads"), report.downloads),
    ]
    for grid in report.grids:
        for grid_row in grid.rows:
            key = grid_row.key
            for (ckey, clabel), value in zip(grid.columns, grid_row.cells, strict=True):
                rows.append(row(grid.section, grid.slug, key, grid_row.label, ckey, clabel, value))
        if grid.totals is not None:
            for (ckey, clabel), value in zip(grid.columns, grid.totals, strict=True):
                rows.append(row(grid.section, grid.slug, "total", _("Total"), ckey, clabel, value))
    for i, item in enumerate(report.learning, start=1):
        label = f"{item.item} ({item.context})" if item.context else item.item
        for key, value in (
            ("n_before", item.n_before),
            ("mean_before", item.mean_before),
            ("n_after", item.n_after),
            ("mean_after", item.mean_after),
            ("change", item.change),
        ):
            rows.append(row("learning", "likert", str(i), label, key, key, value))
    for c in report.citations:
        rows.append(
            row(
                "citations",
                "records",
                c.finding.slug,
                str(c.finding),
                c.outcome,
                str(Outcome(c.outcome).label),
                1,
                reference=" – ".join(x for x in (c.organisation, c.reference) if x),
                link=c.url,
            )
        )
    return rows


def report_csv(report: ImpactReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(report_csv_rows(report))
    return out.getvalue()
