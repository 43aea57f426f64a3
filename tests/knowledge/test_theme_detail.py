from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, set_status, shows
from verkstad.knowledge.models import EditorialStatus, Theme


def url(slug: str, lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:theme_detail", args=[slug])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_theme_shows_its_published_findings_and_facts(content, client, lang):
    theme = Theme.objects.get(slug="jobb-och-sysselsattning")
    html = page(client.get(url(theme.slug, lang)))
    assert shows(html, getattr(theme, f"title_{lang}"))
    assert shows(html, getattr(theme, f"description_{lang}"))
    shown = set(re.findall(r'aria-labelledby="finding-([-a-z0-9]+)"', html))
    assert shown == set(theme.findings.published().values_list("slug", flat=True))
    facts = list(theme.context_facts.all())
    assert facts
    for fact in facts:
        assert shows(html, getattr(fact, f"text_{lang}"))
    assert f"?theme={theme.slug}" in html


def test_unpublished_findings_stay_off_the_theme_page(content, client):
    theme = Theme.objects.get(slug="kultur")
    hidden = theme.findings.first()
    set_status(hidden.slug, EditorialStatus.DRAFT)
    html = page(client.get(url(theme.slug)))
    assert hidden.get_absolute_url() not in html


def test_an_unknown_theme_is_not_found(content, client):
    assert client.get(url("finns-inte")).status_code == 404
