"""One source's citation as BibTeX, RIS and CSL-JSON, parsed back."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
from django.urls import reverse

from tests.knowledge.test_citation_export import CONTENT_TYPES
from verkstad.knowledge.models import Source


def url(slug: str, fmt: str) -> str:
    return reverse("knowledge:source_citation", args=[slug, fmt])


def test_the_article_as_bibtex(content, client):
    response = client.get(url("johansson-asztalos-morell-lindell-2020", "bib"))
    assert response["Content-Type"] == CONTENT_TYPES["bib"]
    assert response["Content-Disposition"] == (
        'attachment; filename="johansson-asztalos-morell-lindell-2020.bib"'
    )
    parser = BibTexParser(common_strings=True)
    parser.customization = convert_to_unicode
    (entry,) = bibtexparser.loads(response.content.decode(), parser=parser).entries
    assert entry["ENTRYTYPE"] == "article"
    assert entry["author"] == "Johansson, Janet and Asztalos Morell, Ildikó and Lindell, Eva"
    assert entry["journal"] == "Gender, Work & Organization"
    assert entry["doi"] == "10.1111/gwao.12489"


def test_the_thesis_as_ris(content, client):
    response = client.get(url("morndal-2018-vi-maste-takta", "ris"))
    assert response["Content-Type"] == CONTENT_TYPES["ris"]
    (record,) = rispy.loads(response.content.decode())
    source = Source.objects.get(slug="morndal-2018-vi-maste-takta")
    assert record["type_of_reference"] == "THES"
    assert record["authors"] == ["Mörndal, Marie"]
    assert record["title"] == source.title
    assert record["issn"] == "978-91-7485-380-3"  # rispy names the SN tag issn
    assert record["year"] == "2018"


def test_a_corporate_web_page_as_csl_json(content, client):
    response = client.get(url("mdu-projektsidor", "json"))
    assert response["Content-Type"] == CONTENT_TYPES["json"]
    (item,) = json.loads(response.content)
    assert item["id"] == "mdu-projektsidor"
    assert item["type"] == "webpage"
    assert item["author"] == [{"literal": "Mälardalens universitet"}]


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_every_source_exports_in_every_format(content, client, fmt):
    for source in Source.objects.all():
        response = client.get(url(source.slug, fmt))
        assert response.status_code == 200, source.slug
        assert response.content.decode().strip()


def test_an_unknown_source_is_not_found(content, client):
    assert client.get(url("finns-inte", "bib")).status_code == 404
