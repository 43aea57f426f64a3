"""The search form: the query, the facets as filters, the page. A plain GET form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verkstad.search import registry
from verkstad.search.selectors import MAX_LIMIT, SearchFilters
from verkstad.search.text import LANGS

#: The deepest page we serve (10 hits a page).
MAX_PAGE = 50


class SearchForm(forms.Form):
    # No max_length: a long query is cut (text.MAX_QUERY_CHARS), not refused.
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=100)
    question = forms.SlugField(label=_("Big question"), required=False, max_length=100)
    actor = forms.SlugField(label=_("What it means for"), required=False, max_length=40)
    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "")] + [(c, c) for c in LANGS]
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "")] + [(s.type, s.label) for s in registry.sources()]

    def _clean(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def query_text(self) -> str:
        return self._clean().get("q") or ""

    def search_filters(self) -> SearchFilters:
        """The valid filters; invalid ones are dropped (and shown as errors)."""
        data = self._clean()
        return SearchFilters(
            **{
                name: data.get(name) or ""
                for name in ("type", "theme", "question", "actor", "lang")
            }
        )

    def page_number(self) -> int:
        return self._clean().get("page") or 1


class ApiSearchForm(SearchForm):
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)
    offset = forms.IntegerField(required=False, min_value=0, max_value=10_000)
