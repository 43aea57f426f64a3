"""Nothing on the site is without a source: every published finding, in both languages."""

from __future__ import annotations

from django.utils import translation

from tests.knowledge.conftest import page, section, shows
from verkstad.knowledge.models import Finding

REQUIRED = ("title", "claim", "summary", "strength_reason")


def test_every_published_finding_has_a_source_and_both_languages(content):
    published = list(Finding.objects.published().prefetch_related("citations", "audiences"))
    assert len(published) == 30
    for finding in published:
        assert finding.citations.count() >= 1, finding.slug
        for field in REQUIRED:
            assert getattr(finding, f"{field}_sv").strip(), (finding.slug, field, "sv")
            assert getattr(finding, f"{field}_en").strip(), (finding.slug, field, "en")
        for side in ("mechanism_technical", "mechanism_organisational", "context", "sample"):
            # Optional, but never in one language only.
            assert bool(getattr(finding, f"{side}_sv")) == bool(getattr(finding, f"{side}_en"))
        for audience in finding.audiences.all():
            assert audience.text_sv.strip() and audience.text_en.strip()


def test_every_published_finding_page_shows_its_sources_in_both_languages(content, client):
    for finding in Finding.objects.published().prefetch_related("citations__source"):
        for lang in ("sv", "en"):
            with translation.override(lang):
                html = page(client.get(finding.get_absolute_url()))
                source_urls = [c.source.get_absolute_url() for c in finding.citations.all()]
            assert shows(html, getattr(finding, f"title_{lang}")), (finding.slug, lang)
            sources = section(html, 'id="sources-heading"', "</section>")
            assert source_urls
            for url in source_urls:
                assert f'href="{url}"' in sources, (finding.slug, lang, url)
