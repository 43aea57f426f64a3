from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, section, set_status, shows
from verkstad.knowledge.models import EditorialStatus, Source

P6 = "johansson-asztalos-morell-lindell-2020"


def url(slug: str, lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:source_detail", args=[slug])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_full_citation_verification_and_citing_findings(content, client, lang):
    source = Source.objects.get(slug=P6)
    html = page(client.get(url(P6, lang)))
    assert shows(html, source.title)
    assert shows(html, getattr(source, f"abstract_{lang}"))
    for author in source.authors:
        assert shows(html, author)
    assert shows(html, "Gender, Work & Organization")
    assert 'href="https://doi.org/10.1111/gwao.12489"' in html
    with translation.override(lang):
        assert shows(html, source.get_verification_display())
        citing = [c.finding.get_absolute_url() for c in source.citations.all()]
    findings = section(html, 'id="findings-heading"', "</section>")
    assert citing and all(f'href="{u}"' in findings for u in citing)
    for fmt in ("bib", "ris", "json"):
        with translation.override(lang):
            export = reverse("knowledge:source_citation", args=[P6, fmt])
        assert f'href="{export}" download' in html


def test_a_title_in_another_language_is_marked_with_its_language(content, client):
    html = page(client.get(url(P6)))
    assert '<cite lang="en">Gendering the digitalized metal industry</cite>' in html


def test_the_verification_note_is_shown(content, client):
    source = Source.objects.get(slug="dao-slutrapport")
    html = page(client.get(url(source.slug, "en")))
    assert 'class="badge badge--warning"' in html
    assert shows(html, source.verification_note_en)


def test_unpublished_findings_are_not_listed(content, client):
    source = Source.objects.get(slug=P6)
    hidden = source.citations.first().finding
    set_status(hidden.slug, EditorialStatus.DRAFT)
    html = page(client.get(url(P6)))
    assert hidden.get_absolute_url() not in html


def test_an_unknown_source_is_not_found(content, client):
    assert client.get(url("finns-inte")).status_code == 404
