"""Count page views and downloads per path and day, on the server, without tracking anyone.

The middleware reads the request's method, path, resolved URL name and User-Agent (to
leave robots out) and the response's status and content type. It sets no cookie, reads no
session, and stores no address, user, referrer or agent: one counter per (day, path,
kind), increased by one UPSERT (``services.page_count_increment``).

Counted: GET requests answered 200 with a full HTML page (not an htmx fragment, not a
prefetch, not a part of a page fetched by script) or a file download (an attachment, a PDF,
CSV or calendar file). Not counted: static and media files, the health checks, the admin,
the API, the impact pages themselves, the live-session phone pages (their phones are
counted as live-session participants), robots by User-Agent, and anything else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import FileResponse, HttpRequest, HttpResponse

from verkstad.impact.models import PageKind
from verkstad.impact.services import is_robot, page_count_increment

logger = logging.getLogger(__name__)

#: ``live_join``: the phones of a live session, counted as its participants instead (a room
#: of a thousand would otherwise write a thousand times to one counter row within seconds).
SKIPPED_NAMESPACES = frozenset({"admin", "impact", "live_join"})
SKIPPED_NAMES = frozenset({"healthz", "readyz", "search_api", "set_language"})
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/favicon", "/robots.txt")
DOWNLOAD_TYPES = ("application/pdf", "text/csv", "text/calendar", "application/zip")


def page_kind(request: HttpRequest, response: HttpResponse) -> str | None:
    """``"page"``, ``"download"`` or None (not counted) for one request and its response."""
    if request.method != "GET" or response.status_code != 200:
        return None
    if request.path.startswith(SKIPPED_PREFIXES):
        return None
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name in SKIPPED_NAMES:
        return None
    if SKIPPED_NAMESPACES & set(match.namespaces) or (match.route or "").startswith("api/"):
        return None
    if _is_fragment(request) or _is_prefetch(request) or is_robot(request):
        return None
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    disposition = response.get("Content-Disposition", "").lower()
    if (
        isinstance(response, FileResponse)
        or disposition.startswith("attachment")
        or content_type in DOWNLOAD_TYPES
    ):
        return PageKind.DOWNLOAD
    if content_type == "text/html":
        return PageKind.PAGE
    return None


def _is_fragment(request: HttpRequest) -> bool:
    """Part of a page, fetched by htmx or by our own scripts (``X-Requested-With``)."""
    return bool(request.headers.get("HX-Request") or request.headers.get("X-Requested-With"))


def _is_prefetch(request: HttpRequest) -> bool:
    purpose = (request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or "").lower()
    return "prefetch" in purpose or "prerender" in purpose


class PageCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        kind = page_kind(request, response)
        if kind is not None:
            match = request.resolver_match
            view_name = match.view_name if match is not None else ""
            try:
                page_count_increment(path=request.path, view_name=view_name, kind=kind)
            except DatabaseError:
                # A locked or unavailable database must not cost a reader the page.
                logger.warning("Page count for %s not stored", request.path, exc_info=True)
        return response
