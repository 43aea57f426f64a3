"""The search page (``/sok/``) and the JSON endpoint (``/api/search``)."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType
from verkstad.search import registry, selectors
from verkstad.search.forms import MAX_PAGE, ApiSearchForm, SearchForm
from verkstad.search.text import MAX_QUERY_CHARS, MAX_QUERY_TERMS

PER_PAGE = 10

FACET_HEADINGS = {
    "type": _("Type"),
    "theme": _("Theme"),
    "question": _("Big question"),
    "actor": _("What it means for"),
    "lang": _("Language"),
}
LANGUAGE_NAMES = {"sv": _("Swedish"), "en": _("English")}


def _facet_labels(facets: dict[str, list[selectors.FacetCount]]) -> dict[str, dict[str, Any]]:
    from verkstad.knowledge.models import BigQuestion, Theme

    def titles(model: Any, slugs: list[str]) -> dict[str, str]:
        return {o.slug: o.title for o in model.objects.filter(slug__in=slugs)}

    return {
        "type": {k: v for k, v in registry.type_labels().items()},
        "theme": titles(Theme, [f.value for f in facets.get("theme", [])]),
        "question": titles(BigQuestion, [f.value for f in facets.get("question", [])]),
        "actor": dict(ActorType.choices),
        "lang": LANGUAGE_NAMES,
    }


def _link(params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v}
    return reverse("search:search") + ("?" + urlencode(kept) if kept else "")


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    q = form.query_text()
    filters = form.search_filters()
    page = form.page_number()
    results = selectors.search(q, filters=filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    base = {"q": q, **filters.active()}
    labels = _facet_labels(results.facets)
    facets = []
    for name in selectors.FILTERS:
        selected = filters.active().get(name, "")
        values = [
            {
                "label": labels[name].get(f.value, f.value),
                "count": f.count,
                "selected": f.value == selected,
                "url": _link({**base, name: "" if f.value == selected else f.value}),
            }
            for f in results.facets.get(name, [])
        ]
        if values:
            facets.append({"name": name, "heading": FACET_HEADINGS[name], "values": values})
    pages = max(1, min(MAX_PAGE, math.ceil(results.total / PER_PAGE)))
    type_labels = registry.type_labels()
    lang = (get_language() or "sv")[:2]
    context = {
        "form": form,
        "q": q,
        "results": results,
        "hits": [
            {"hit": h, "type_label": type_labels.get(h.type, h.type), "foreign": h.lang != lang}
            for h in results.hits
        ],
        "facets": facets,
        "active_filters": [
            {
                "heading": FACET_HEADINGS[name],
                "label": labels[name].get(value, value),
                "remove_url": _link({**base, name: ""}),
            }
            for name, value in filters.active().items()
        ],
        "page": page,
        "pages": pages,
        "previous_url": _link({**base, "page": page - 1 if page > 2 else ""}) if page > 1 else "",
        "next_url": _link({**base, "page": page + 1}) if page < pages else "",
        "first_hit": results.offset + 1,
        "last_hit": results.offset + len(results.hits),
        "max_query_chars": MAX_QUERY_CHARS,
        "max_query_terms": MAX_QUERY_TERMS,
    }
    if q and not results.total:
        context["suggestions"] = [
            {"query": s, "url": _link({"q": s})}
            for s in selectors.spelling_suggestions(results.query)
        ]
        context["themes"] = selectors.browse_documents(doc_type="theme", lang=lang)
    return render(request, "search/search.html", context)


def search_json(results: selectors.SearchResults) -> dict[str, Any]:
    return {
        "query": results.query.text,
        "truncated": results.query.truncated,
        "ranking": str(results.ranking),
        "total": results.total,
        "offset": results.offset,
        "limit": results.limit,
        "hits": [h.as_json() for h in results.hits],
    }


def search_api(request: HttpRequest) -> JsonResponse:
    """``GET /api/search?q=…&type=…&lang=…&theme=…&question=…&actor=…&limit=…&offset=…``"""
    form = ApiSearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    results = selectors.search(
        form.query_text(),
        filters=form.search_filters(),
        limit=form.cleaned_data.get("limit") or PER_PAGE,
        offset=form.cleaned_data.get("offset") or 0,
        facets=False,  # the JSON has none
    )
    return JsonResponse(search_json(results), json_dumps_params={"ensure_ascii": False})
