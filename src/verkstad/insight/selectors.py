"""Reads for the insight pages, the CLI and the API.

Pages read the derived tables (``RegionYear``, ``RegionMajorGroup``,
``OccupationExposure``, ``Transition``) and small indexed slices of ``Employment`` (one
county and year, or one occupation); nothing here scans the whole employment table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from verkstad.insight.charts import Bar, Series, Table, bar_chart, fmt, line_chart
from verkstad.insight.models import (
    DataSet,
    Employment,
    EscoOccupation,
    EscoOccupationSkill,
    EscoSkill,
    ExposureIndex,
    OccupationExposure,
    Region,
    RegionKind,
    RegionMajorGroup,
    RegionYear,
    SeriesBreak,
    SsykGroup,
    SsykIscoLink,
    Transition,
)
from verkstad.insight.reference import COUNTRY_CODE, METAL_AND_STEEL_SSYK

#: An occupation needs this many employees in a county to be listed as most or least exposed.
MIN_EMPLOYEES_LISTED = 100


def _pct(part: float | None) -> float | None:
    return None if part is None else round(100 * part, 1)


# --- basics ------------------------------------------------------------------------------


def latest_year() -> int | None:
    return RegionYear.objects.aggregate(y=Max("year"))["y"]


def years_available() -> list[int]:
    return list(RegionYear.objects.values_list("year", flat=True).distinct().order_by("year"))


def county_get(*, code: str) -> Region | None:
    return Region.objects.filter(code=code, kind=RegionKind.COUNTY).first()


def counties() -> list[Region]:
    return list(Region.objects.filter(kind=RegionKind.COUNTY))


def occupation_get(*, code: str) -> SsykGroup | None:
    return SsykGroup.objects.filter(code=code, level=4).first()


def series_break() -> SeriesBreak | None:
    return SeriesBreak.objects.filter(dataset_id="scb-yreg").first()


def datasets(*slugs: str) -> list[DataSet]:
    qs = DataSet.objects.all()
    return list(qs.filter(slug__in=slugs) if slugs else qs)


def has_data() -> bool:
    return RegionYear.objects.exists()


def _exposures(codes: list[str] | None = None) -> dict[str, dict[str, OccupationExposure]]:
    qs = OccupationExposure.objects.all()
    if codes is not None:
        qs = qs.filter(ssyk_id__in=codes)
    out: dict[str, dict[str, OccupationExposure]] = defaultdict(dict)
    for e in qs:
        out[e.ssyk_id][e.index] = e
    return out


# --- county list and profile -----------------------------------------------------------


@dataclass
class CountyRow:
    region: Region
    summary: RegionYear


def county_list(*, year: int) -> list[CountyRow]:
    summaries = {
        s.region_id: s for s in RegionYear.objects.filter(year=year).select_related("region")
    }
    return [
        CountyRow(region=s.region, summary=s)
        for code, s in sorted(summaries.items())
        if code != COUNTRY_CODE
    ]


@dataclass
class OccupationRow:
    group: SsykGroup
    employees: int
    share: float | None  # of the county's employees, %
    national_share: float | None
    quotient: float | None  # location quotient
    ilo: OccupationExposure | None
    daioe: OccupationExposure | None


@dataclass
class CountyProfile:
    region: Region
    year: int
    summary: RegionYear
    national: RegionYear
    tables: dict[str, Table]
    metal: list[OccupationRow]
    most_exposed: list[OccupationRow]
    least_exposed: list[OccupationRow]
    series_break: SeriesBreak | None
    findings: list = field(default_factory=list)


def _major_labels() -> dict[str, str]:
    return {g.code: g.label for g in SsykGroup.objects.filter(level=1)}


def _county_occupations(region: Region, year: int) -> list[OccupationRow]:
    """Employees per SSYK-4 group in one county and year, with exposure and quotient."""
    national_total = RegionYear.objects.get(region_id=COUNTRY_CODE, year=year).employees
    county_total = RegionYear.objects.get(region=region, year=year).employees
    local = dict(
        Employment.objects.filter(region=region, year=year)
        .values("ssyk_id")
        .annotate(n=Sum("employees"))
        .values_list("ssyk_id", "n")
    )
    national = dict(
        Employment.objects.filter(year=year, ssyk_id__in=list(local))
        .values("ssyk_id")
        .annotate(n=Sum("employees"))
        .values_list("ssyk_id", "n")
    )
    groups = SsykGroup.objects.in_bulk(list(local))
    exposures = _exposures(list(local))
    rows = []
    for code, n in local.items():
        share = n / county_total if county_total else None
        nat = national.get(code, 0) / national_total if national_total else None
        rows.append(
            OccupationRow(
                group=groups[code],
                employees=n,
                share=_pct(share),
                national_share=_pct(nat),
                quotient=round(share / nat, 2) if share is not None and nat else None,
                ilo=exposures.get(code, {}).get(ExposureIndex.ILO_2025),
                daioe=exposures.get(code, {}).get(ExposureIndex.DAIOE_GENAI),
            )
        )
    return rows


def _break_label() -> str:
    return _("Series break")


def county_tables(*, region: Region, year: int) -> tuple[dict[str, Table], list[OccupationRow]]:
    """The county page's charts and tables (also the CSV downloads)."""
    labels = _major_labels()
    majors = list(RegionMajorGroup.objects.filter(region=region, year=year).order_by("major"))
    total = sum(m.employees for m in majors) or 1
    name = region.name
    tables: dict[str, Table] = {}

    t = Table(
        slug="major_groups",
        title=_("Employees by occupational major group, %(year)s") % {"year": year},
        description=_("Employees in %(county)s by SSYK 2012 major group, %(year)s (SCB).")
        % {"county": name, "year": year},
        columns=[_("SSYK"), _("Major group"), _("Employees"), _("Share (%)")],
        rows=[
            [
                m.major,
                labels.get(m.major, m.major),
                m.employees,
                round(100 * m.employees / total, 1),
            ]
            for m in majors
        ],
    )
    t.svg = bar_chart(
        slug=f"chart-{t.slug}",
        title=t.title,
        desc=t.description,
        bars=[Bar(f"{r[0]} {r[1]}", float(r[2])) for r in t.rows],  # type: ignore[arg-type]
        value_label=lambda v: fmt(int(v)),
    )
    tables[t.slug] = t

    t = Table(
        slug="gender",
        title=_("Men and women by occupational major group, %(year)s") % {"year": year},
        description=_(
            "Employees in %(county)s by sex and SSYK 2012 major group, %(year)s (SCB). "
            "Women's bars are hatched."
        )
        % {"county": name, "year": year},
        columns=[_("SSYK"), _("Major group"), _("Men"), _("Women"), _("Women (%)")],
        rows=[
            [
                m.major,
                labels.get(m.major, m.major),
                m.men,
                m.women,
                round(100 * m.women / m.employees, 1) if m.employees else None,
            ]
            for m in majors
        ],
    )
    bars = []
    for r in t.rows:
        bars.append(Bar(_("%(group)s, men") % {"group": r[0]}, float(r[2])))  # type: ignore[arg-type]
        bars.append(Bar(_("%(group)s, women") % {"group": r[0]}, float(r[3]), 1))  # type: ignore[arg-type]
    t.svg = bar_chart(
        slug=f"chart-{t.slug}",
        title=t.title,
        desc=t.description,
        bars=bars,
        value_label=lambda v: fmt(int(v)),
    )
    tables[t.slug] = t

    brk = series_break()
    trend = list(RegionYear.objects.filter(region=region).order_by("year"))
    t = Table(
        slug="trend",
        title=_("Employees %(first)s–%(last)s") % {"first": trend[0].year, "last": trend[-1].year},
        description=_(
            "Employees in %(county)s per year, all occupations and the metal and steel "
            "occupations (SCB)."
        )
        % {"county": name},
        columns=[_("Year"), _("Employees"), _("Metal and steel occupations"), _("Note")],
        rows=[
            [
                s.year,
                s.employees,
                s.metal_employees,
                _("after the series break") if brk and s.year == brk.year_after else "",
            ]
            for s in trend
        ],
        notes=[brk.note] if brk else [],
    )
    t.svg = line_chart(
        slug=f"chart-{t.slug}",
        title=t.title,
        desc=t.description + (" " + brk.note if brk else ""),
        years=[s.year for s in trend],
        series=[Series(_("All"), [float(s.employees) for s in trend])],
        break_between=(brk.year_before, brk.year_after) if brk else None,
        break_label=_break_label(),
        value_label=lambda v: fmt(int(v)),
    )
    tables[t.slug] = t
    t = Table(
        slug="metal_trend",
        title=_("Employees in the metal and steel occupations %(first)s–%(last)s")
        % {"first": trend[0].year, "last": trend[-1].year},
        description=_("Employees in %(county)s in the metal and steel occupations per year (SCB).")
        % {"county": name},
        columns=[_("Year"), _("Employees")],
        rows=[[s.year, s.metal_employees] for s in trend],
        notes=[brk.note] if brk else [],
    )
    t.svg = line_chart(
        slug=f"chart-{t.slug}",
        title=t.title,
        desc=t.description + (" " + brk.note if brk else ""),
        years=[s.year for s in trend],
        series=[Series(_("Metal and steel"), [float(s.metal_employees) for s in trend])],
        break_between=(brk.year_before, brk.year_after) if brk else None,
        break_label=_break_label(),
        value_label=lambda v: fmt(int(v)),
    )
    tables[t.slug] = t

    occupations = _county_occupations(region, year)
    metal = sorted(
        (o for o in occupations if o.group.code in METAL_AND_STEEL_SSYK),
        key=lambda o: METAL_AND_STEEL_SSYK.index(o.group.code),
    )
    t = Table(
        slug="metal",
        title=_("The metal and steel occupations, %(year)s") % {"year": year},
        description=_(
            "Employees in %(county)s in the metal and steel occupations, %(year)s, with the "
            "location quotient (county share ÷ national share) and the exposure indexes."
        )
        % {"county": name, "year": year},
        columns=[
            _("SSYK"),
            _("Occupation"),
            _("Employees"),
            _("Share (%)"),
            _("Share in Sweden (%)"),
            _("Location quotient"),
            _("ILO 2025 gradient"),
            _("DAIOE genAI percentile"),
        ],  # fmt: skip
        rows=[
            [
                o.group.code,
                o.group.label,
                o.employees,
                o.share,
                o.national_share,
                o.quotient,
                o.ilo.category if o.ilo else None,
                round(o.daioe.percentile, 1)
                if o.daioe and o.daioe.percentile is not None
                else None,
            ]
            for o in metal
        ],
    )
    t.svg = bar_chart(
        slug=f"chart-{t.slug}",
        title=t.title,
        desc=t.description,
        bars=[Bar(f"{o.group.code} {o.group.label}", float(o.employees)) for o in metal],
        value_label=lambda v: fmt(int(v)),
    )
    tables[t.slug] = t

    summary = RegionYear.objects.get(region=region, year=year)
    national = RegionYear.objects.get(region_id=COUNTRY_CODE, year=year)
    t = Table(
        slug="exposure",
        title=_("Share of employees in occupations with high AI exposure, %(year)s")
        % {"year": year},
        description=_(
            "Employment-weighted share of employees in %(county)s and in Sweden in "
            "occupations with high exposure: ILO 2025 gradients 1–4, ILO gradients 3–4, "
            "and the top quartile of DAIOE's generative-AI index."
        ) % {"county": name},
        columns=[_("Measure"), name, _("Sweden")],
        rows=[
            [_("ILO 2025: exposed (gradients 1–4), %"),
             _pct(summary.ilo_exposed_share), _pct(national.ilo_exposed_share)],
            [_("ILO 2025: gradients 3–4, %"),
             _pct(summary.ilo_high_share), _pct(national.ilo_high_share)],
            [_("DAIOE genAI: top quartile, %"),
             _pct(summary.daioe_high_share), _pct(national.daioe_high_share)],
            [_("DAIOE genAI: mean percentile"),
             round(summary.daioe_pctl, 1) if summary.daioe_pctl is not None else None,
             round(national.daioe_pctl, 1) if national.daioe_pctl is not None else None],
            [_("ILO 2025: mean task score"),
             round(summary.ilo_mean, 3) if summary.ilo_mean is not None else None,
             round(national.ilo_mean, 3) if national.ilo_mean is not None else None],
            [_("Employees with an ILO score, %"),
             _pct(summary.ilo_coverage), _pct(national.ilo_coverage)],
            [_("Employees with a DAIOE score, %"),
             _pct(summary.daioe_coverage), _pct(national.daioe_coverage)],
        ],
    )  # fmt: skip
    bars = []
    for row in t.rows[:3]:
        bars.append(Bar(f"{row[0]} – {name}", float(row[1] or 0)))  # type: ignore[arg-type]
        bars.append(Bar(f"{row[0]} – {_('Sweden')}", float(row[2] or 0), 1))  # type: ignore[arg-type]
    t.svg = bar_chart(
        slug=f"chart-{t.slug}",
        title=t.title,
        desc=t.description + " " + _("Sweden's bars are hatched."),
        bars=bars,
        value_label=lambda v: fmt(v) + " %",
    )
    tables[t.slug] = t
    return tables, occupations


def findings_for(*, codes: set[str]) -> list:
    """Published findings tagged with one of these SSYK-4 codes or a group above them.

    Findings store SSYK codes at any level (``knowledge.Finding.ssyk_codes``, e.g. "812"),
    so a finding tagged "812" concerns 8121, 8122 and 8129.
    """
    from verkstad.knowledge.models import Finding

    return [
        finding
        for finding in Finding.objects.published()
        if any(code.startswith(tag) for tag in finding.ssyk_codes or [] for code in codes)
    ]


def county_profile(*, region: Region, year: int) -> CountyProfile:
    tables, occupations = county_tables(region=region, year=year)
    listed = [o for o in occupations if o.employees >= MIN_EMPLOYEES_LISTED and o.daioe]
    listed = [o for o in listed if o.daioe.percentile is not None]  # type: ignore[union-attr]
    by_exposure = sorted(listed, key=lambda o: (-o.daioe.percentile, o.group.code))  # type: ignore[union-attr]
    metal = [o for o in occupations if o.group.code in METAL_AND_STEEL_SSYK]
    codes = set(METAL_AND_STEEL_SSYK) | {o.group.code for o in by_exposure[:10]}
    findings = findings_for(codes=codes)
    return CountyProfile(
        region=region,
        year=year,
        summary=RegionYear.objects.get(region=region, year=year),
        national=RegionYear.objects.get(region_id=COUNTRY_CODE, year=year),
        tables=tables,
        metal=sorted(metal, key=lambda o: METAL_AND_STEEL_SSYK.index(o.group.code)),
        most_exposed=by_exposure[:10],
        least_exposed=list(reversed(by_exposure[-10:])),
        series_break=series_break(),
        findings=findings,
    )


# --- occupation --------------------------------------------------------------------------


@dataclass
class SkillRow:
    skill: EscoSkill
    occupations: int  # how many of the group's ESCO occupations list it


@dataclass
class TransitionRow:
    transition: Transition
    target: SsykGroup
    daioe: OccupationExposure | None
    ilo: OccupationExposure | None
    skills_to_learn: list[EscoSkill]
    source_esco: EscoOccupation | None
    target_esco: EscoOccupation | None


@dataclass
class OccupationProfile:
    group: SsykGroup
    isco_links: list[SsykIscoLink]
    esco_occupations: list[EscoOccupation]
    essential: list[SkillRow]
    optional: list[SkillRow]
    exposures: dict[str, OccupationExposure]
    transitions: list[TransitionRow]
    tables: dict[str, Table]
    series_break: SeriesBreak | None
    findings: list = field(default_factory=list)


def occupation_transitions(*, group: SsykGroup) -> list[TransitionRow]:
    moves = list(Transition.objects.filter(source=group).select_related("target"))
    exposures = _exposures([m.target_id for m in moves])
    skill_uris = {uri for m in moves for uri in m.skills_to_learn}
    skills = EscoSkill.objects.in_bulk(list(skill_uris))
    esco = EscoOccupation.objects.in_bulk(
        [m.source_esco for m in moves] + [m.target_esco for m in moves]
    )
    return [
        TransitionRow(
            transition=m,
            target=m.target,
            daioe=exposures.get(m.target_id, {}).get(ExposureIndex.DAIOE_GENAI),
            ilo=exposures.get(m.target_id, {}).get(ExposureIndex.ILO_2025),
            skills_to_learn=sorted(
                (skills[u] for u in m.skills_to_learn if u in skills), key=lambda s: s.label_en
            ),
            source_esco=esco.get(m.source_esco),
            target_esco=esco.get(m.target_esco),
        )
        for m in moves
    ]


def occupation_tables(*, group: SsykGroup) -> dict[str, Table]:
    rows = (
        Employment.objects.filter(ssyk=group)
        .values("region_id", "year")
        .annotate(n=Sum("employees"))
        .values_list("region_id", "year", "n")
    )
    matrix: dict[str, dict[int, int]] = defaultdict(dict)
    for region, year, n in rows:
        matrix[region][year] = n
    years = sorted({y for per in matrix.values() for y in per})
    names = {r.code: r.name for r in counties()}
    brk = series_break()
    t = Table(
        slug="counties",
        title=_("Employees per county, %(first)s–%(last)s")
        % {"first": years[0] if years else "", "last": years[-1] if years else ""},
        description=_("Employees in SSYK %(code)s %(label)s per county and year (SCB).")
        % {"code": group.code, "label": group.label},
        columns=[_("County"), *[str(y) for y in years]],
        rows=[
            [names.get(code, code), *[matrix[code].get(y) for y in years]]
            for code in sorted(matrix)
        ],
        notes=[brk.note] if brk else [],
    )
    totals = [float(sum(matrix[c].get(y, 0) for c in matrix)) for y in years]
    t.rows.append([_("Sweden"), *[int(v) for v in totals]])
    t.svg = line_chart(
        slug=f"chart-{t.slug}",
        title=_("Employees in Sweden, %(first)s–%(last)s")
        % {"first": years[0] if years else "", "last": years[-1] if years else ""},
        desc=_("Employees in SSYK %(code)s in all counties together per year (SCB).")
        % {"code": group.code}
        + (" " + brk.note if brk else ""),
        years=years,
        series=[Series(_("Sweden"), totals)],
        break_between=(brk.year_before, brk.year_after) if brk else None,
        break_label=_break_label(),
        value_label=lambda v: fmt(int(v)),
    )
    latest = years[-1] if years else None
    t2 = Table(
        slug="counties_latest",
        title=_("Employees per county, %(year)s") % {"year": latest},
        description=_("Employees in SSYK %(code)s per county, %(year)s (SCB).")
        % {"code": group.code, "year": latest},
        columns=[_("County"), _("Employees")],
        rows=sorted(
            ([names.get(c, c), matrix[c].get(latest, 0)] for c in matrix),
            key=lambda r: (-int(r[1] or 0), str(r[0])),
        ),
    )
    t2.svg = bar_chart(
        slug=f"chart-{t2.slug}",
        title=t2.title,
        desc=t2.description,
        bars=[Bar(str(r[0]), float(r[1] or 0)) for r in t2.rows],
        value_label=lambda v: fmt(int(v)),
    )
    moves = occupation_transitions(group=group)
    t3 = Table(
        slug="transitions",
        title=_("Transition pathways from SSYK %(code)s") % {"code": group.code},
        description=_(
            "Occupations with lower generative-AI exposure, ranked by essential-skill "
            "overlap and Arbetsförmedlingen's substitutability."
        ),
        columns=[
            _("Rank"),
            _("SSYK"),
            _("Occupation"),
            _("Score"),
            _("Skill overlap"),
            _("Substitutability (%)"),
            _("DAIOE genAI percentile"),
            _("Skills to learn"),
        ],  # fmt: skip
        rows=[
            [
                m.transition.rank,
                m.target.code,
                m.target.label,
                round(m.transition.score, 3),
                round(m.transition.skill_overlap, 3),
                m.transition.substitutability,
                round(m.daioe.percentile, 1)
                if m.daioe and m.daioe.percentile is not None
                else None,
                len(m.skills_to_learn),
            ]
            for m in moves
        ],
    )
    t3.svg = bar_chart(
        slug=f"chart-{t3.slug}",
        title=t3.title,
        desc=t3.description,
        bars=[Bar(f"{r[1]} {r[2]}", float(r[3])) for r in t3.rows],  # type: ignore[arg-type]
        value_label=lambda v: fmt(v, 3),
    )
    return {t.slug: t, t2.slug: t2, t3.slug: t3}


def occupation_profile(*, group: SsykGroup) -> OccupationProfile:
    links = list(SsykIscoLink.objects.filter(ssyk=group).select_related("isco"))
    esco = list(EscoOccupation.objects.filter(isco__in=[link.isco_id for link in links]))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for uri, relation in EscoOccupationSkill.objects.filter(
        occupation__in=[o.uri for o in esco]
    ).values_list("skill_id", "relation"):
        counts[(uri, relation)] += 1
    skills = EscoSkill.objects.in_bulk(list({uri for uri, _ in counts}))

    def rows(relation: str) -> list[SkillRow]:
        out = [SkillRow(skills[uri], n) for (uri, rel), n in counts.items() if rel == relation]
        return sorted(out, key=lambda r: (-r.occupations, r.skill.label_en))

    tables = occupation_tables(group=group)
    return OccupationProfile(
        group=group,
        isco_links=links,
        esco_occupations=esco,
        essential=rows("essential"),
        optional=rows("optional"),
        exposures={e.index: e for e in OccupationExposure.objects.filter(ssyk=group)},
        transitions=occupation_transitions(group=group),
        tables=tables,
        series_break=series_break(),
        findings=findings_for(codes={group.code}),
    )


def occupation_list(*, query: str = "", major: str = "") -> list[tuple[SsykGroup, int | None]]:
    year = latest_year()
    qs = SsykGroup.objects.filter(level=4)
    if major:
        qs = qs.filter(code__startswith=major)
    groups = list(qs)
    if query:
        needle = query.casefold()
        groups = [g for g in groups if needle in f"{g.code} {g.label_sv} {g.label_en}".casefold()]
    totals = dict(
        Employment.objects.filter(year=year, ssyk_id__in=[g.code for g in groups])
        .values("ssyk_id")
        .annotate(n=Sum("employees"))
        .values_list("ssyk_id", "n")
    )
    return [(g, totals.get(g.code)) for g in groups]


# --- skills for a county ---------------------------------------------------------------


@dataclass
class SkillNeed:
    skill: EscoSkill
    employees: int  # employees in the exposed occupations whose moves need this skill
    moves: int  # how many of those moves need it


def county_skills(*, region: Region, year: int, limit: int = 30) -> tuple[list[SkillNeed], list]:
    """Skills to learn on the best moves out of the county's high-exposure occupations.

    High exposure: the top DAIOE genAI quartile or at least half the link weight in the ILO
    "exposed" gradients. Each skill is weighted by the county's employees in the source
    occupation; only moves to occupations present in the county (employees > 0) count.
    """
    occupations = _county_occupations(region, year)
    present = {o.group.code for o in occupations if o.employees > 0}
    exposed = [
        o
        for o in occupations
        if o.employees > 0
        and (
            (o.daioe and o.daioe.high_share)
            or (o.ilo and o.ilo.exposed_share is not None and o.ilo.exposed_share >= 0.5)
        )
    ]
    weight: dict[str, int] = defaultdict(int)
    moves: dict[str, int] = defaultdict(int)
    employees = {o.group.code: o.employees for o in exposed}
    for move in Transition.objects.filter(source_id__in=list(employees), rank__lte=5):
        if move.target_id not in present:
            continue
        for uri in move.skills_to_learn:
            weight[uri] += employees[move.source_id]
            moves[uri] += 1
    top = sorted(weight, key=lambda u: (-weight[u], u))[:limit]
    skills = EscoSkill.objects.in_bulk(top)
    needs = [SkillNeed(skills[u], weight[u], moves[u]) for u in top if u in skills]
    exposed.sort(key=lambda o: -o.employees)
    return needs, exposed


def county_skills_table(*, region: Region, year: int) -> Table:
    needs, _exposed = county_skills(region=region, year=year)
    t = Table(
        slug="skills",
        title=_("Skills to learn for moves out of highly exposed occupations, %(year)s")
        % {"year": year},
        description=_(
            "ESCO essential skills that employees in %(county)s's highly exposed occupations "
            "would need for their best moves to less-exposed occupations present in the "
            "county, weighted by employees. Not a measure of employer demand."
        ) % {"county": region.name},
        columns=[_("Skill (ESCO, English)"), _("Employees weighted"), _("Moves"),
                 _("Digital"), _("Green"), _("Transversal")],
        rows=[
            [n.skill.label_en, n.employees, n.moves,
             _("yes") if n.skill.is_digital else "", _("yes") if n.skill.is_green else "",
             _("yes") if n.skill.is_transversal else ""]
            for n in needs
        ],
    )  # fmt: skip
    t.svg = bar_chart(
        slug=f"chart-{t.slug}",
        title=t.title,
        desc=t.description,
        bars=[Bar(str(r[0]), float(r[1])) for r in t.rows[:15]],  # type: ignore[arg-type]
        value_label=lambda v: fmt(int(v)),
    )
    return t


# --- comparisons -------------------------------------------------------------------------


def _compare_trend(
    *, title: str, description: str, names: list[str], per_year: list[dict[int, int]]
) -> Table:
    """Two employment series side by side: counts and an index (first year = 100).

    The chart draws the index, so that a large and a small county or occupation share one
    scale; the table and the CSV hold the counts as well. The series break is marked.
    """
    years = sorted(set(per_year[0]) | set(per_year[1]))
    brk = series_break()

    def index(values: dict[int, int], year: int) -> float | None:
        base = values.get(years[0]) if years else None
        value = values.get(year)
        return round(100 * value / base, 1) if base and value is not None else None

    columns = [_("Year")]
    for name in names:
        columns += [
            _("%(name)s: employees") % {"name": name},
            _("%(name)s: index") % {"name": name},
        ]
    columns.append(_("Note"))
    rows: list[list] = []
    for year in years:
        row: list = [year]
        for values in per_year:
            row += [values.get(year), index(values, year)]
        row.append(_("after the series break") if brk and year == brk.year_after else "")
        rows.append(row)
    first = years[0] if years else ""
    t = Table(
        slug="trend",
        title=title,
        description=description
        + " "
        + _("Index: %(first)s = 100. The second series is drawn with square markers.")
        % {"first": first},
        columns=columns,
        rows=rows,
        notes=[brk.note] if brk else [],
    )
    t.svg = line_chart(
        slug="chart-trend",
        title=t.title,
        desc=t.description + (" " + brk.note if brk else ""),
        years=years,
        series=[
            Series(name, [index(values, y) for y in years])
            for name, values in zip(names, per_year, strict=True)
        ],
        break_between=(brk.year_before, brk.year_after) if brk else None,
        break_label=_break_label(),
    )
    return t


def county_compare_trend(*, regions: list[Region]) -> Table:
    per_year = [
        dict(RegionYear.objects.filter(region=r).values_list("year", "employees")) for r in regions
    ]
    years = sorted(set(per_year[0]) | set(per_year[1]))
    return _compare_trend(
        title=_("Employees %(first)s–%(last)s, two counties")
        % {"first": years[0] if years else "", "last": years[-1] if years else ""},
        description=_("Employees in %(a)s and %(b)s per year (SCB).")
        % {"a": regions[0].name, "b": regions[1].name},
        names=[r.name for r in regions],
        per_year=per_year,
    )


def occupation_compare_trend(*, groups: list[SsykGroup]) -> Table:
    per_year: list[dict[int, int]] = []
    for group in groups:
        rows = (
            Employment.objects.filter(ssyk=group)
            .values("year")
            .annotate(n=Sum("employees"))
            .values_list("year", "n")
        )
        per_year.append(dict(rows))
    years = sorted(set(per_year[0]) | set(per_year[1]))
    return _compare_trend(
        title=_("Employees in Sweden %(first)s–%(last)s, two occupations")
        % {"first": years[0] if years else "", "last": years[-1] if years else ""},
        description=_("Employees in Sweden in SSYK %(a)s and SSYK %(b)s per year (SCB).")
        % {"a": groups[0].code, "b": groups[1].code},
        names=[f"SSYK {g.code}" for g in groups],
        per_year=per_year,
    )


# --- CLI and API -------------------------------------------------------------------------


def _dataset_json(dataset: DataSet) -> dict[str, str]:
    return {
        "dataset": dataset.slug,
        "name": dataset.name,
        "version": dataset.version,
        "licence": dataset.licence,
        "attribution": dataset.attribution,
    }


def _group_json(group: SsykGroup) -> dict[str, str]:
    return {"code": group.code, "label_sv": group.label_sv, "label_en": group.label_en}


def _exposure_json(e: OccupationExposure | None) -> dict | None:
    if e is None:
        return None
    return {
        "value": e.value,
        "percentile": e.percentile,
        "category": e.category or None,
        "coverage": e.coverage,
        "year": e.year,
    }


class NotFound(LookupError):
    """An unknown county, occupation or year; the message says which."""


def employment_data(*, ssyk: str, county: str | None = None, year: int | None = None) -> dict:
    group = occupation_get(code=ssyk)
    if group is None:
        raise NotFound(
            _("SSYK %(code)s is not an SSYK 2012 unit group (four digits).") % {"code": ssyk}
        )
    if county is None or county == COUNTRY_CODE:
        region = Region.objects.filter(code=COUNTRY_CODE).first()
    else:
        region = county_get(code=county)
    if region is None:
        raise NotFound(_("County %(code)s is not one of SCB's 21 county codes.") % {"code": county})
    years = years_available()
    if not years:
        raise NotFound(_("No labour-market data has been imported."))
    year = years[-1] if year is None else year
    if year not in years:
        raise NotFound(
            _("Year %(year)s is not in the data (%(first)s–%(last)s).")
            % {"year": year, "first": years[0], "last": years[-1]}
        )
    qs = Employment.objects.filter(ssyk=group, year=year)
    if region.code != COUNTRY_CODE:
        qs = qs.filter(region=region)
    by_sex = dict(qs.values("sex").annotate(n=Sum("employees")).values_list("sex", "n"))
    brk = series_break()
    return {
        "county": {"code": region.code, "name_sv": region.name_sv, "name_en": region.name_en},
        "ssyk": _group_json(group),
        "year": year,
        "employees": by_sex.get("men", 0) + by_sex.get("women", 0),
        "men": by_sex.get("men", 0),
        "women": by_sex.get("women", 0),
        "series_break": (
            {"between": [brk.year_before, brk.year_after], "note": brk.note_en} if brk else None
        ),
        "source": [_dataset_json(d) for d in datasets("scb-yreg")],
    }


def transitions_data(*, ssyk: str) -> dict:
    group = occupation_get(code=ssyk)
    if group is None:
        raise NotFound(
            _("SSYK %(code)s is not an SSYK 2012 unit group (four digits).") % {"code": ssyk}
        )
    own = {e.index: e for e in OccupationExposure.objects.filter(ssyk=group)}
    return {
        "ssyk": _group_json(group),
        "exposure": {
            "daioe_genai": _exposure_json(own.get(ExposureIndex.DAIOE_GENAI)),
            "ilo_2025": _exposure_json(own.get(ExposureIndex.ILO_2025)),
        },
        "method": (
            "Score = essential-skill overlap (mean Jaccard of each ESCO occupation with its "
            "closest in the target group) + 0.005 x Arbetsförmedlingen substitutability (%); "
            "targets have a lower DAIOE genAI percentile and a skill level at most one apart."
        ),
        "transitions": [
            {
                "rank": m.transition.rank,
                "ssyk": _group_json(m.target),
                "score": round(m.transition.score, 4),
                "skill_overlap": round(m.transition.skill_overlap, 4),
                "coverage": round(m.transition.coverage, 4),
                "substitutability": m.transition.substitutability,
                "exposure": {
                    "daioe_genai": _exposure_json(m.daioe),
                    "ilo_2025": _exposure_json(m.ilo),
                },
                "closest_esco": {
                    "from": m.transition.source_esco,
                    "to": m.transition.target_esco,
                },
                "skills_to_learn": [
                    {
                        "uri": s.uri,
                        "label_en": s.label_en,
                        "digital": s.is_digital,
                        "green": s.is_green,
                        "transversal": s.is_transversal,
                    }
                    for s in m.skills_to_learn
                ],
            }
            for m in occupation_transitions(group=group)
        ],
        "source": [
            _dataset_json(d)
            for d in datasets("esco", "jobtech-taxonomy", "crosswalks", "daioe", "ilo-genai-2025")
        ],
    }


def counties_data(*, year: int | None = None) -> dict:
    year = year or latest_year()
    return {
        "year": year,
        "counties": [
            {
                "code": row.region.code,
                "name_sv": row.region.name_sv,
                "name_en": row.region.name_en,
                "employees": row.summary.employees,
                "women": row.summary.women,
                "metal_and_steel_employees": row.summary.metal_employees,
                "ilo_exposed_share": row.summary.ilo_exposed_share,
                "ilo_high_share": row.summary.ilo_high_share,
                "daioe_genai_mean_percentile": row.summary.daioe_pctl,
                "daioe_high_share": row.summary.daioe_high_share,
            }
            for row in county_list(year=year)
        ]
        if year
        else [],
        "source": [_dataset_json(d) for d in datasets("scb-yreg", "daioe", "ilo-genai-2025")],
    }
