from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, shows
from verkstad.knowledge.models import Theme


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_theme_is_listed_with_a_link_in_the_page_language(content, client, lang):
    with translation.override(lang):
        html = page(client.get(reverse("knowledge:theme_list")))
        themes = list(Theme.objects.all())
        urls = [t.get_absolute_url() for t in themes]
    assert len(themes) == 10
    for theme, theme_url in zip(themes, urls, strict=True):
        assert f'href="{theme_url}"' in html
        assert shows(html, getattr(theme, f"title_{lang}"))
    assert [html.index(f'href="{u}"') for u in urls] == sorted(
        html.index(f'href="{u}"') for u in urls
    )
