"""Read-only JSON for scripts: the same data as ``verkstad insight`` (shapes in docs/insight.md)."""

from __future__ import annotations

import re

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from verkstad.insight import selectors

JSON = {"ensure_ascii": False, "indent": 2}


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=JSON)


@require_GET
def counties(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.counties_data(), json_dumps_params=JSON)


@require_GET
def employment(request: HttpRequest) -> JsonResponse:
    ssyk = request.GET.get("ssyk", "")
    county = request.GET.get("county") or None
    year = request.GET.get("year") or None
    if not re.fullmatch(r"\d{4}", ssyk):
        return _error("ssyk is required: an SSYK 2012 unit group, four digits.", 400)
    if county is not None and not re.fullmatch(r"\d{2}", county):
        return _error("county must be a two-digit SCB county code, e.g. 04.", 400)
    if year is not None and not re.fullmatch(r"\d{4}", year):
        return _error("year must be a four-digit year, e.g. 2024.", 400)
    try:
        data = selectors.employment_data(ssyk=ssyk, county=county, year=int(year) if year else None)
    except selectors.NotFound as exc:
        return _error(str(exc), 404)
    return JsonResponse(data, json_dumps_params=JSON)


@require_GET
def transitions(request: HttpRequest) -> JsonResponse:
    ssyk = request.GET.get("ssyk", "")
    if not re.fullmatch(r"\d{4}", ssyk):
        return _error("ssyk is required: an SSYK 2012 unit group, four digits.", 400)
    try:
        data = selectors.transitions_data(ssyk=ssyk)
    except selectors.NotFound as exc:
        return _error(str(exc), 404)
    return JsonResponse(data, json_dumps_params=JSON)
