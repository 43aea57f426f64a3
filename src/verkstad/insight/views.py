"""Local insight pages: counties, occupations, skills, comparisons, CSV downloads."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from verkstad.insight import selectors
from verkstad.insight.charts import Table
from verkstad.insight.compute import DAIOE_HIGH_PERCENTILE
from verkstad.insight.models import ExposureIndex, Region, SsykGroup
from verkstad.insight.reference import METAL_AND_STEEL_SSYK

COUNTY_CODE = re.compile(r"[0-9]{2}")
SSYK_CODE = re.compile(r"[0-9]{4}")

COUNTY_DATASETS = ("scb-yreg", "crosswalks", "daioe", "ilo-genai-2025", "esco")
OCCUPATION_DATASETS = (
    "scb-yreg", "jobtech-taxonomy", "crosswalks", "esco", "daioe", "ilo-genai-2025", "nesta",
)  # fmt: skip
COMPARE_DATASETS = ("scb-yreg", "daioe", "ilo-genai-2025", "crosswalks")
SKILLS_DATASETS = (
    "scb-yreg", "esco", "crosswalks", "daioe", "ilo-genai-2025", "jobtech-taxonomy",
)  # fmt: skip


def _county_or_404(code: str) -> Region:
    region = selectors.county_get(code=code) if COUNTY_CODE.fullmatch(code) else None
    if region is None:
        raise Http404(_("No county has the code %(code)s.") % {"code": code})
    return region


def _occupation_or_404(code: str) -> SsykGroup:
    group = selectors.occupation_get(code=code) if SSYK_CODE.fullmatch(code) else None
    if group is None:
        raise Http404(_("No SSYK 2012 unit group has the code %(code)s.") % {"code": code})
    return group


def _year_or_404() -> int:
    year = selectors.latest_year()
    if year is None:
        raise Http404(_("No labour-market data has been imported."))
    return year


def _explained_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn the view's Http404 into a 404 page that says what was not found and why.

    The site's generic 404 page cannot show the message; here the reader learns, in the
    page's language, that the county code or SSYK code does not exist, with links on.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404 as exc:
            return render(request, "insight/not_found.html", {"message": str(exc)}, status=404)

    return wrapped


def _query(request: HttpRequest, **extra: str) -> str:
    """The request's query string with ``extra`` set (for a CSV link beside a chart)."""
    query = request.GET.copy()
    for name, value in extra.items():
        query[name] = value
    return query.urlencode()


def _csv_response(table: Table, filename: str, slugs: tuple[str, ...]) -> HttpResponse:
    """The table as CSV: title, header, rows, then its notes and each source's credit."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([table.title])
    writer.writerow(table.columns)
    writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    for note in table.notes:
        writer.writerow([note])
    for dataset in selectors.datasets(*slugs):
        writer.writerow(
            [
                _("Source: %(name)s (%(version)s). %(attribution)s Licence: %(licence)s.")
                % {
                    "name": dataset.name,
                    "version": dataset.version,
                    "attribution": dataset.attribution,
                    "licence": dataset.licence,
                }
            ]
        )
    return response


def county_list(request: HttpRequest) -> HttpResponse:
    year = selectors.latest_year()
    return render(
        request,
        "insight/county_list.html",
        {
            "year": year,
            "rows": selectors.county_list(year=year) if year else [],
            "national": selectors.RegionYear.objects.filter(region_id="00", year=year).first(),
            "datasets": selectors.datasets(*COUNTY_DATASETS),
        },
    )


@_explained_404
def county_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = _county_or_404(code)
    year = _year_or_404()
    profile = selectors.county_profile(region=region, year=year)
    return render(
        request,
        "insight/county_detail.html",
        {
            "region": region,
            "profile": profile,
            "daioe_high": DAIOE_HIGH_PERCENTILE,
            "datasets": selectors.datasets(*COUNTY_DATASETS),
        },
    )


@_explained_404
def county_skills(request: HttpRequest, code: str) -> HttpResponse:
    region = _county_or_404(code)
    year = _year_or_404()
    needs, exposed = selectors.county_skills(region=region, year=year)
    return render(
        request,
        "insight/county_skills.html",
        {
            "region": region,
            "year": year,
            "needs": needs,
            "exposed": exposed[:15],
            "table": selectors.county_skills_table(region=region, year=year),
            "datasets": selectors.datasets(*SKILLS_DATASETS),
        },
    )  # fmt: skip


@_explained_404
def county_csv(request: HttpRequest, code: str, chart: str) -> HttpResponse:
    region = _county_or_404(code)
    year = _year_or_404()
    slugs = COUNTY_DATASETS
    if chart == "skills":
        table = selectors.county_skills_table(region=region, year=year)
        slugs = SKILLS_DATASETS
    else:
        tables, _occupations = selectors.county_tables(region=region, year=year)
        if chart not in tables:
            raise Http404(_("No such table."))
        table = tables[chart]
    return _csv_response(table, f"verkstad-county-{region.code}-{chart}-{year}.csv", slugs)


def occupation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    major = request.GET.get("major", "").strip()
    if not re.fullmatch(r"\d?", major):
        major = ""
    return render(
        request,
        "insight/occupation_list.html",
        {
            "query": query,
            "major": major,
            "majors": list(SsykGroup.objects.filter(level=1)),
            "rows": selectors.occupation_list(query=query, major=major),
            "year": selectors.latest_year(),
            "metal": METAL_AND_STEEL_SSYK,
            "datasets": selectors.datasets("scb-yreg", "jobtech-taxonomy"),
        },
    )


@_explained_404
def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    group = _occupation_or_404(code)
    profile = selectors.occupation_profile(group=group)
    return render(
        request,
        "insight/occupation_detail.html",
        {
            "group": group,
            "profile": profile,
            "daioe": profile.exposures.get(ExposureIndex.DAIOE_GENAI),
            "daioe_all": profile.exposures.get(ExposureIndex.DAIOE_ALLAPPS),
            "ilo": profile.exposures.get(ExposureIndex.ILO_2025),
            "nesta": profile.exposures.get(ExposureIndex.NESTA_RISK),
            "is_metal": group.code in METAL_AND_STEEL_SSYK,
            "datasets": selectors.datasets(*OCCUPATION_DATASETS),
        },
    )


@_explained_404
def occupation_csv(request: HttpRequest, code: str, chart: str) -> HttpResponse:
    group = _occupation_or_404(code)
    tables = selectors.occupation_tables(group=group)
    if chart not in tables:
        raise Http404(_("No such table."))
    return _csv_response(
        tables[chart], f"verkstad-ssyk-{group.code}-{chart}.csv", OCCUPATION_DATASETS
    )


def county_compare(request: HttpRequest) -> HttpResponse:
    year = selectors.latest_year()
    codes = [c for c in request.GET.getlist("lan")[:2]]
    chosen = [selectors.county_get(code=c) if COUNTY_CODE.fullmatch(c) else None for c in codes]
    error = ""
    if None in chosen or (len(codes) == 2 and codes[0] == codes[1]):
        error = _("Choose two different counties of the 21.")
    pair = [r for r in chosen if r] if not error and len(codes) == 2 else []
    summaries = (
        [selectors.RegionYear.objects.get(region=r, year=year) for r in pair] if pair else []
    )
    majors = []
    if pair:
        shares = []
        for r in pair:
            rows = selectors.RegionMajorGroup.objects.filter(region=r, year=year)
            total = sum(m.employees for m in rows) or 1
            shares.append({m.major: round(100 * m.employees / total, 1) for m in rows})
        labels = selectors._major_labels()
        majors = [
            (code, labels.get(code, code), shares[0].get(code), shares[1].get(code))
            for code in sorted(set(shares[0]) | set(shares[1]))
        ]
    trend = selectors.county_compare_trend(regions=pair) if pair else None
    if trend and request.GET.get("csv") == "trend":
        names = "-".join(r.code for r in pair)
        return _csv_response(trend, f"verkstad-counties-{names}-trend.csv", COMPARE_DATASETS)
    return render(
        request,
        "insight/county_compare.html",
        {
            "counties": selectors.counties(),
            "codes": codes,
            "pair": list(zip(pair, summaries, strict=True)),
            "majors": majors,
            "trend": trend,
            "csv_url": f"{request.path}?{_query(request, csv='trend')}",
            "error": error,
            "year": year,
            "datasets": selectors.datasets(*COMPARE_DATASETS),
        },
        status=400 if error else 200,
    )


def occupation_compare(request: HttpRequest) -> HttpResponse:
    codes = [c.strip() for c in request.GET.getlist("ssyk")[:2]]
    chosen = [selectors.occupation_get(code=c) if SSYK_CODE.fullmatch(c) else None for c in codes]
    error = ""
    if None in chosen:
        error = _("Enter two SSYK 2012 unit groups (four digits each, for example 8122).")
    elif len(codes) == 2 and codes[0] == codes[1]:
        error = _("Choose two different occupations to compare.")
    profiles = (
        [selectors.occupation_profile(group=g) for g in chosen if g]
        if len(codes) == 2 and not error
        else []
    )
    shared = None
    if len(profiles) == 2:
        a = {r.skill.uri for r in profiles[0].essential}
        b = {r.skill.uri for r in profiles[1].essential}
        shared = {"count": len(a & b), "union": len(a | b)}
    pair = [p.group for p in profiles]
    trend = selectors.occupation_compare_trend(groups=pair) if len(pair) == 2 else None
    if trend and request.GET.get("csv") == "trend":
        names = "-".join(g.code for g in pair)
        return _csv_response(trend, f"verkstad-ssyk-{names}-trend.csv", ("scb-yreg",))
    return render(
        request,
        "insight/occupation_compare.html",
        {
            "codes": codes,
            "profiles": profiles,
            "shared": shared,
            "trend": trend,
            "csv_url": f"{request.path}?{_query(request, csv='trend')}",
            "error": error,
            "occupations": list(SsykGroup.objects.filter(level=4)),
            "year": selectors.latest_year(),
            "datasets": selectors.datasets(*OCCUPATION_DATASETS),
        },
        status=400 if error else 200,
    )


def data_sources(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "insight/data_sources.html",
        {"datasets": selectors.datasets(), "series_break": selectors.series_break()},
    )
