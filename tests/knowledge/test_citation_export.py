"""Exporting a selection of sources (?s=…, ?f=…, or all) as BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import set_status
from verkstad.knowledge.models import EditorialStatus, Finding, Source

CONTENT_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}
F1 = "digitalisering-ar-en-komplex-process"


def url(fmt: str, lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:citation_export", args=[fmt])


def parsed_ids(fmt: str, body: str) -> list[str]:
    """The record ids a real parser finds in an export (RIS: titles, it has no ids)."""
    if fmt == "bib":
        parser = BibTexParser(common_strings=True)
        parser.customization = convert_to_unicode
        return [e["ID"] for e in bibtexparser.loads(body, parser=parser).entries]
    if fmt == "ris":
        return [r["title"] for r in rispy.loads(body)]
    return [item["id"] for item in json.loads(body)]


def expected_ids(fmt: str, sources: list[Source]) -> list[str]:
    return [s.title if fmt == "ris" else s.slug for s in sources]


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_with_nothing_named_every_source_is_exported(content, client, fmt):
    response = client.get(url(fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="verkstad-sources.{fmt}"'
    body = response.content.decode()
    assert parsed_ids(fmt, body) == expected_ids(fmt, list(Source.objects.all()))
    assert Source.objects.count() == 12


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_a_selection_of_sources_by_slug(content, client, fmt):
    chosen = ["morndal-2018-vi-maste-takta", "johansson-asztalos-morell-lindell-2020"]
    response = client.get(url(fmt), {"s": chosen})
    assert response.status_code == 200
    sources = [Source.objects.get(slug=s) for s in chosen]
    assert parsed_ids(fmt, response.content.decode()) == expected_ids(fmt, sources)


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_the_sources_of_a_finding(content, client, fmt):
    response = client.get(url(fmt), {"f": F1})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="verkstad-{F1}-sources.{fmt}"'
    )
    finding = Finding.objects.get(slug=F1)
    sources = [c.source for c in finding.citations.select_related("source")]
    assert len(sources) == 2
    assert parsed_ids(fmt, response.content.decode()) == expected_ids(fmt, sources)


def test_findings_and_sources_combine_without_duplicates(content, client):
    cited = Finding.objects.get(slug=F1).citations.first().source.slug
    response = client.get(url("json"), {"f": F1, "s": [cited, cited]})
    ids = parsed_ids("json", response.content.decode())
    assert len(ids) == len(set(ids)) == 2


def test_the_abstract_follows_the_page_language(content, client):
    source = Source.objects.get(slug="johansson-asztalos-morell-lindell-2020")
    swedish = json.loads(client.get(url("json"), {"s": source.slug}).content)
    english = json.loads(client.get(url("json", "en"), {"s": source.slug}).content)
    assert swedish[0]["abstract"] == source.abstract_sv
    assert english[0]["abstract"] == source.abstract_en


@pytest.mark.parametrize(
    "query",
    [
        {"s": "finns-inte"},
        {"f": "finns-inte"},
        {"s": ["dao-slutrapport", "finns-inte"]},
        {"s": "x\x00y"},
        {"f": "<script>"},
    ],
)
def test_unknown_slugs_are_not_found(content, client, query):
    assert client.get(url("bib"), query).status_code == 404


def test_an_unpublished_findings_sources_are_not_exported(content, client, editor_eva):
    set_status(F1, EditorialStatus.REVIEW)
    client.force_login(editor_eva)
    assert client.get(url("bib"), {"f": F1}).status_code == 404


def test_too_many_slugs_is_a_bad_request(content, client):
    assert client.get(url("ris"), {"s": ["dao-slutrapport"] * 51}).status_code == 400


def test_an_unknown_format_is_not_a_route(content, client):
    assert client.get("/kunskap/kallor/urval.xml").status_code == 404
