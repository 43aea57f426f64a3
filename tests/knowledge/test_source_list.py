from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, shows
from verkstad.knowledge.models import Source


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_source_is_listed_with_citation_and_verification(content, client, lang):
    with translation.override(lang):
        html = page(client.get(reverse("knowledge:source_list")))
        sources = list(Source.objects.all())
        urls = [s.get_absolute_url() for s in sources]
        labels = [s.get_verification_display() for s in sources]
        exports = [reverse("knowledge:citation_export", args=[f]) for f in ("bib", "ris", "json")]
    assert len(sources) == 12
    for source, source_url, label in zip(sources, urls, labels, strict=True):
        assert f'href="{source_url}"' in html
        assert shows(html, source.title)
        assert shows(html, label)
    for export in exports:
        assert f'href="{export}" download' in html


def test_sources_are_in_dossier_code_order(content, client):
    html = page(client.get(reverse("knowledge:source_list")))
    urls = [s.get_absolute_url() for s in Source.objects.order_by("code", "slug")]
    positions = [html.index(f'href="{u}"') for u in urls]
    assert positions == sorted(positions)
