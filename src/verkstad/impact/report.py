"""The impact report for one period: reach, engagement, knowledge use, learning outcomes.

:func:`impact_report` reads the stored counters and records and every source in
:mod:`verkstad.impact.registry`, sums them into tables, and suppresses before anything
leaves this module: a cell under five (or about fewer than five people) becomes None,
and when a column would have exactly one hidden cell, the smallest other non-zero cell is
hidden too (``workshops.selectors.suppress``), so a total cannot give it away. The
dashboard, the HTML/PDF report and the CSV all render the same :class:`ImpactReport`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from verkstad.accounts.models import ActorType
from verkstad.dialogue.aggregates import MIN_PEOPLE
from verkstad.impact import registry
from verkstad.impact.models import Channel, KnowledgeUse, Outcome, PageCount, PageKind
from verkstad.impact.periods import Period
from verkstad.insight.charts import Bar, bar_chart
from verkstad.insight.reference import COUNTY_NAMES_SV
from verkstad.knowledge.models import Finding
from verkstad.workshops.selectors import suppress

logger = logging.getLogger(__name__)

NOT_STATED = ""
#: The most pages the "most viewed" table lists.
TOP_PAGES = 20

Value = int | None


# --- tables --------------------------------------------------------------------------------


@dataclass
class GridRow:
    key: str
    label: str
    cells: list[Value]
    url: str = ""


@dataclass
class Grid:
    """A table of counts, already suppressed (None = fewer than five)."""

    slug: str
    section: str
    title: str
    description: str
    row_heading: str
    columns: list[tuple[str, str]]
    rows: list[GridRow]
    totals: list[Value] | None = None
    svg: SafeString | str = ""
    chart_note: str = ""

    @property
    def has_suppressed(self) -> bool:
        cells = [c for r in self.rows for c in r.cells] + list(self.totals or [])
        return any(c is None for c in cells)


Cell = tuple[int, int]  # (count, people)


def _suppress_column(values: dict[str, Cell]) -> dict[str, Value]:
    """Suppress one column: under five, or about fewer than five people, and one more."""
    probe = {
        key: (1 if 0 < count and people < MIN_PEOPLE else count)
        for key, (count, people) in values.items()
    }
    shown = suppress(probe, minimum=MIN_PEOPLE)
    return {key: (values[key][0] if shown[key] is not None else None) for key in values}


def _total(values: Iterable[Cell]) -> Value:
    count = people = 0
    for c, p in values:
        count, people = count + c, people + p
    return None if 0 < count < MIN_PEOPLE or 0 < people < MIN_PEOPLE else count


def grid_build(
    *,
    slug: str,
    section: str,
    title: str,
    description: str,
    row_heading: str,
    columns: list[tuple[str, str]],
    rows: list[tuple[str, str, str]],
    raw: dict[tuple[str, str], Cell],
    totals: bool = True,
) -> Grid:
    """Suppress each column of ``raw[(row_key, column_key)]`` and lay it out as rows."""
    shown: dict[str, dict[str, Value]] = {}
    for col, _label in columns:
        shown[col] = _suppress_column({r: raw.get((r, col), (0, 0)) for r, _l, _u in rows})
    grid_rows = [
        GridRow(key=r, label=label, url=url, cells=[shown[c][r] for c, _l in columns])
        for r, label, url in rows
    ]
    total_row = None
    if totals:
        total_row = [_total(raw.get((r, c), (0, 0)) for r, _l, _u in rows) for c, _l in columns]
    return Grid(
        slug=slug,
        section=section,
        title=title,
        description=description,
        row_heading=row_heading,
        columns=columns,
        rows=grid_rows,
        totals=total_row,
    )


def _chart(grid: Grid, column: str, title: str, desc: str) -> None:
    """A bar per row of one column; hidden cells get no bar and are named in the note."""
    index = [c for c, _l in grid.columns].index(column)
    bars = [
        Bar(label=row.label, value=row.cells[index])
        for row in grid.rows
        if row.cells[index] is not None and row.cells[index] > 0
    ]
    hidden = [row.label for row in grid.rows if row.cells[index] is None]
    if not bars:
        return
    grid.svg = bar_chart(slug=f"{grid.slug}-chart", title=title, desc=desc, bars=bars)
    if hidden:
        grid.chart_note = _("Not in the chart (fewer than five): %(names)s.") % {
            "names": ", ".join(hidden)
        }


# --- labels ----------------------------------------------------------------------------------


def actor_rows() -> list[tuple[str, str, str]]:
    return [(v, str(label), "") for v, label in ActorType.choices] + [
        (NOT_STATED, _("Not stated"), "")
    ]


def county_label(code: str) -> str:
    if not code:
        return _("Not stated")
    name = COUNTY_NAMES_SV.get(code)
    return f"{name} ({code})" if name else code


def county_of(region: str) -> str:
    region = (region or "").strip()
    return region[:2] if region[:2] in COUNTY_NAMES_SV else NOT_STATED


def _county_rows(keys: Iterable[str]) -> list[tuple[str, str, str]]:
    present = sorted({k for k in keys if k})
    rows = [(k, county_label(k), "") for k in present]
    return rows + [(NOT_STATED, _("Not stated"), "")]


# --- the report ------------------------------------------------------------------------------


@dataclass
class LearningSummary:
    item: str
    context: str
    scale: str
    n_before: int | None
    mean_before: float | None
    n_after: int | None
    mean_after: float | None

    @property
    def suppressed(self) -> bool:
        return self.mean_before is None or self.mean_after is None

    @property
    def change(self) -> float | None:
        if self.suppressed:
            return None
        return round(self.mean_after - self.mean_before, 2)  # type: ignore[operator]


@dataclass
class Citation:
    finding: Finding
    channel: str
    outcome: str
    organisation: str
    actor_type: str
    municipality_code: str
    reference: str
    url: str
    day: date
    note: str

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)


@dataclass
class ImpactReport:
    period: Period
    page_views: Value
    downloads: Value
    reach_by_month: Grid
    top_pages: Grid
    engagement_by_actor: Grid
    engagement_by_county: Grid
    use_by_finding: Grid
    use_by_actor: Grid
    use_by_county: Grid
    learning: list[LearningSummary]
    learning_svg: SafeString | str
    citations: list[Citation]
    errors: list[str] = field(default_factory=list)

    @property
    def grids(self) -> list[Grid]:
        return [
            self.reach_by_month,
            self.top_pages,
            self.engagement_by_actor,
            self.engagement_by_county,
            self.use_by_finding,
            self.use_by_actor,
            self.use_by_county,
        ]


def _people_cell(count: int, people: int | None) -> Cell:
    return (count, count if people is None else people)


def _reach(period: Period) -> tuple[Value, Value, Grid, Grid]:
    counts = PageCount.objects.filter(day__gte=period.start, day__lte=period.end)
    totals = dict(counts.values_list("kind").annotate(n=Sum("count")).values_list("kind", "n"))
    by_month: dict[tuple[str, str], Cell] = {}
    months: list[tuple[str, str, str]] = []
    for month, kind, n in (
        counts.annotate(month=TruncMonth("day"))
        .values_list("month", "kind")
        .annotate(n=Sum("count"))
        .values_list("month", "kind", "n")
        .order_by("month")
    ):
        key = month.strftime("%Y-%m")
        if not months or months[-1][0] != key:
            months.append((key, formats.date_format(month, "YEAR_MONTH_FORMAT"), ""))
        by_month[(key, kind)] = (n, n)
    columns = [(PageKind.PAGE.value, _("Page views")), (PageKind.DOWNLOAD.value, _("Downloads"))]
    month_grid = grid_build(
        slug="reach-by-month",
        section="reach",
        title=_("Page views and downloads by month"),
        description=_(
            "Pages and files served, counted on the server per page and day: "
            "no cookies, no addresses, no user accounts. Robots are left out."
        ),
        row_heading=_("Month"),
        columns=columns,
        rows=months,
        raw=by_month,
    )
    _chart(
        month_grid,
        PageKind.PAGE.value,
        _("Page views by month"),
        _("Bars: page views per month in the period; the table below gives the figures."),
    )
    top = list(
        counts.values_list("path")
        .annotate(n=Sum("count"))
        .order_by("-n", "path")
        .values_list("path", "n")[:TOP_PAGES]
    )
    top_paths = [p for p, _n in top]
    per_kind: dict[tuple[str, str], Cell] = {}
    for path, kind, n in (
        counts.filter(path__in=top_paths)
        .values_list("path", "kind")
        .annotate(n=Sum("count"))
        .values_list("path", "kind", "n")
    ):
        per_kind[(path, kind)] = (n, n)
    top_grid = grid_build(
        slug="top-pages",
        section="reach",
        title=_("Most used pages"),
        description=_("The %(n)s pages and files served most often in the period.")
        % {"n": TOP_PAGES},
        row_heading=_("Page"),
        columns=columns,
        rows=[(p, p, p) for p in top_paths],
        raw=per_kind,
        totals=False,
    )

    def total(kind: str) -> Value:
        n = totals.get(kind) or 0
        return None if 0 < n < MIN_PEOPLE else n

    return total(PageKind.PAGE), total(PageKind.DOWNLOAD), month_grid, top_grid


def _engagement_rows(period: Period, errors: list[str]) -> list[registry.EngagementRow]:
    rows: list[registry.EngagementRow] = []
    for source in list(registry.ENGAGEMENT_SOURCES):
        try:
            for row in source(period.start, period.end):
                rows.append(
                    row if isinstance(row, registry.EngagementRow) else registry.EngagementRow(*row)
                )
        except Exception:  # noqa: BLE001 one broken source must not hide the others
            logger.exception("Engagement source %r failed", source)
            errors.append(_("One source of engagement figures failed; its figures are missing."))
    return rows


def _measure_columns(rows: list[registry.EngagementRow]) -> list[tuple[str, str]]:
    present = {r.measure for r in rows}
    columns = [(code, str(m.label)) for code, m in registry.MEASURES.items()]
    columns += [(code, code) for code in sorted(present - set(registry.MEASURES))]
    # No column sums others: a row's sum would give away a cell hidden in another column.
    return columns


def _engagement(period: Period, errors: list[str]) -> tuple[Grid, Grid]:
    rows = _engagement_rows(period, errors)
    columns = _measure_columns(rows)
    by_actor: dict[tuple[str, str], Cell] = defaultdict(lambda: (0, 0))
    by_county: dict[tuple[str, str], Cell] = defaultdict(lambda: (0, 0))
    for row in rows:
        actor = row.actor_type if row.actor_type in ActorType.values else NOT_STATED
        county = county_of(row.region)
        count, people = _people_cell(row.count, row.people)
        for table, key in ((by_actor, actor), (by_county, county)):
            c, p = table[(key, row.measure)]
            table[(key, row.measure)] = (c + count, p + people)
    description = _(
        "People taking part, and what they did, by what they declared when they joined. "
        "A person who took part in two dialogues or meetings counts twice."
    )
    actor_grid = grid_build(
        slug="engagement-by-actor",
        section="engagement",
        title=_("Engagement by actor type"),
        description=description,
        row_heading=_("Actor type"),
        columns=columns,
        rows=actor_rows(),
        raw=by_actor,
    )
    county_grid = grid_build(
        slug="engagement-by-county",
        section="engagement",
        title=_("Engagement by county"),
        description=description,
        row_heading=_("County"),
        columns=columns,
        rows=_county_rows(k for k, _m in by_county),
        raw=by_county,
    )
    # Chart the measure of people with the most participations; the table has them all.
    people_measures = [
        c for c, _l in columns if c not in registry.MEASURES or registry.MEASURES[c].people
    ]
    totals = {
        m: sum(c for (_k, mm), (c, _p) in by_actor.items() if mm == m) for m in people_measures
    }
    if totals and max(totals.values()) > 0:
        measure = max(totals, key=lambda m: totals[m])
        label = dict(columns)[measure]
        chart_desc = _("Bars: %(measure)s per group; the table below gives every measure.") % {
            "measure": label
        }
        _chart(actor_grid, measure, _("%(measure)s by actor type") % {"measure": label}, chart_desc)
        _chart(county_grid, measure, _("%(measure)s by county") % {"measure": label}, chart_desc)
    return actor_grid, county_grid


def _use_rows(period: Period, errors: list[str]) -> list[registry.KnowledgeUseRow]:
    """Every platform-counted use: stored counters and the derived sources."""
    stored = (
        KnowledgeUse.objects.filter(automatic=True, day__gte=period.start, day__lte=period.end)
        .values_list("finding_id", "channel", "outcome", "actor_type", "county_code")
        .annotate(n=Sum("count"))
    )
    rows = [registry.KnowledgeUseRow(f, c, o, a, r, n) for f, c, o, a, r, n in stored]
    for source in list(registry.KNOWLEDGE_USE_SOURCES):
        try:
            rows.extend(source(period.start, period.end))
        except Exception:  # noqa: BLE001 one broken source must not hide the others
            logger.exception("Knowledge-use source %r failed", source)
            errors.append(_("One source of knowledge-use figures failed; its figures are missing."))
    return rows


def _knowledge_use(period: Period, errors: list[str]) -> tuple[Grid, Grid, Grid]:
    rows = _use_rows(period, errors)
    columns = [(c.value, str(c.label)) for c in Channel]
    by_finding: dict[tuple[str, str], Cell] = defaultdict(lambda: (0, 0))
    by_actor: dict[tuple[str, str], Cell] = defaultdict(lambda: (0, 0))
    by_county: dict[tuple[str, str], Cell] = defaultdict(lambda: (0, 0))
    for row in rows:
        actor = row.actor_type if row.actor_type in ActorType.values else NOT_STATED
        for table, key in (
            (by_finding, str(row.finding_id)),
            (by_actor, actor),
            (by_county, county_of(row.region)),
        ):
            c, p = table[(key, row.channel)]
            table[(key, row.channel)] = (c + row.count, p + row.count)
    finding_ids = {int(k) for k, _c in by_finding}
    findings = list(Finding.objects.filter(pk__in=finding_ids).order_by("number"))
    slug_of = {str(f.pk): f.slug for f in findings}
    by_slug = {(slug_of[k], c): v for (k, c), v in by_finding.items() if k in slug_of}
    description = _(
        "How often findings reached organisations, by channel: briefs downloaded "
        "(counted for each finding in the brief, by the brief's audience and region), people "
        "with a declared actor type who voted in a dialogue tied to the finding, and people "
        "who came to a meeting whose agenda took it up."
    )
    common = {"section": "knowledge_use", "description": description, "columns": columns}
    finding_grid = grid_build(
        slug="use-by-finding",
        title=_("Knowledge use by finding"),
        row_heading=_("Finding"),
        rows=[(f.slug, str(f), f.get_absolute_url()) for f in findings],
        raw=by_slug,
        totals=False,
        **common,
    )
    actor_grid = grid_build(
        slug="use-by-actor",
        title=_("Knowledge use by actor type"),
        row_heading=_("Actor type"),
        rows=actor_rows(),
        raw=by_actor,
        **common,
    )
    county_grid = grid_build(
        slug="use-by-county",
        title=_("Knowledge use by county"),
        row_heading=_("County"),
        rows=_county_rows(k for k, _c in by_county),
        raw=by_county,
        **common,
    )
    _chart(
        actor_grid,
        Channel.BRIEF.value,
        _("Briefs downloaded by audience"),
        _("Bars: findings reached through downloaded briefs, per audience."),
    )
    return finding_grid, actor_grid, county_grid


def _mean(answers: dict[int, int]) -> tuple[int, float | None]:
    n = sum(v for v in answers.values() if v > 0)
    if n < MIN_PEOPLE:
        return n, None
    return n, round(sum(k * v for k, v in answers.items() if v > 0) / n, 2)


def _learning(period: Period, errors: list[str]) -> list[LearningSummary]:
    out = []
    for source in list(registry.LEARNING_SOURCES):
        try:
            results = list(source(period.start, period.end))
        except Exception:  # noqa: BLE001 one broken source must not hide the others
            logger.exception("Learning source %r failed", source)
            errors.append(_("One source of learning outcomes failed; its results are missing."))
            continue
        for r in results:
            n_before, mean_before = _mean(dict(r.before))
            n_after, mean_after = _mean(dict(r.after))
            scale = f"{r.scale_min}–{r.scale_max}"
            if r.low_label or r.high_label:
                scale += f" ({r.low_label} … {r.high_label})"
            out.append(
                LearningSummary(
                    item=r.item,
                    context=r.context,
                    scale=scale,
                    n_before=n_before if n_before >= MIN_PEOPLE else None,
                    mean_before=mean_before,
                    n_after=n_after if n_after >= MIN_PEOPLE else None,
                    mean_after=mean_after,
                )
            )
    return out


def _learning_svg(learning: list[LearningSummary]) -> SafeString | str:
    bars = []
    for i, s in enumerate(learning, start=1):
        if s.suppressed:
            continue
        bars.append(Bar(label=_("%(n)s. before") % {"n": i}, value=s.mean_before, variant=0))
        bars.append(Bar(label=_("%(n)s. after") % {"n": i}, value=s.mean_after, variant=1))
    if not bars:
        return ""
    return bar_chart(
        slug="learning-chart",
        title=_("Mean answer before and after"),
        desc=_("Pairs of bars per item: the mean answer before (solid) and after (hatched)."),
        bars=bars,
    )


def _citations(period: Period) -> list[Citation]:
    uses = (
        KnowledgeUse.objects.filter(automatic=False, day__gte=period.start, day__lte=period.end)
        .select_related("finding")
        .order_by("-day", "-pk")
    )
    return [
        Citation(
            finding=u.finding,
            channel=u.channel,
            outcome=u.outcome,
            organisation=u.organisation_name,
            actor_type=u.actor_type,
            municipality_code=u.municipality_code or u.county_code,
            reference=u.reference,
            url=u.url,
            day=u.day,
            note=u.note,
        )
        for u in uses
    ]


def impact_report(*, period: Period) -> ImpactReport:
    errors: list[str] = []
    page_views, downloads, by_month, top_pages = _reach(period)
    engagement_actor, engagement_county = _engagement(period, errors)
    use_finding, use_actor, use_county = _knowledge_use(period, errors)
    learning = _learning(period, errors)
    return ImpactReport(
        period=period,
        page_views=page_views,
        downloads=downloads,
        reach_by_month=by_month,
        top_pages=top_pages,
        engagement_by_actor=engagement_actor,
        engagement_by_county=engagement_county,
        use_by_finding=use_finding,
        use_by_actor=use_actor,
        use_by_county=use_county,
        learning=learning,
        learning_svg=_learning_svg(learning),
        citations=_citations(period),
        errors=errors,
    )
