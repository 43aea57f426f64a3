"""Read-only JSON for scripts: the same data as ``verkstad insight`` (shapes in docs/insight.md).

Error messages follow the caller's language (``Accept-Language`` or the language cookie:
Swedish or English) and are English when the caller names none, as the documented
examples are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from verkstad.insight import selectors

JSON = {"ensure_ascii": False, "indent": 2}


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=JSON)


def _in_callers_language(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        named = request.headers.get("Accept-Language") or request.COOKIES.get(
            settings.LANGUAGE_COOKIE_NAME
        )
        language = translation.get_language_from_request(request) if named else "en"
        with translation.override(language):
            return view(request, *args, **kwargs)

    return wrapped


def _ssyk_error() -> JsonResponse:
    return _error(_("ssyk is required: an SSYK 2012 unit group, four digits, e.g. 8122."), 400)


@require_GET
def counties(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.counties_data(), json_dumps_params=JSON)


@require_GET
@_in_callers_language
def employment(request: HttpRequest) -> JsonResponse:
    ssyk = request.GET.get("ssyk", "")
    county = request.GET.get("county") or None
    year = request.GET.get("year") or None
    if not re.fullmatch(r"[0-9]{4}", ssyk):
        return _ssyk_error()
    if county is not None and not re.fullmatch(r"[0-9]{2}", county):
        return _error(_("county must be a two-digit SCB county code, e.g. 04."), 400)
    if year is not None and not re.fullmatch(r"[0-9]{4}", year):
        return _error(_("year must be a four-digit year, e.g. 2024."), 400)
    try:
        data = selectors.employment_data(ssyk=ssyk, county=county, year=int(year) if year else None)
    except selectors.NotFound as exc:
        return _error(str(exc), 404)
    return JsonResponse(data, json_dumps_params=JSON)


@require_GET
@_in_callers_language
def transitions(request: HttpRequest) -> JsonResponse:
    ssyk = request.GET.get("ssyk", "")
    if not re.fullmatch(r"[0-9]{4}", ssyk):
        return _ssyk_error()
    try:
        data = selectors.transitions_data(ssyk=ssyk)
    except selectors.NotFound as exc:
        return _error(str(exc), 404)
    return JsonResponse(data, json_dumps_params=JSON)
