"""The Atom feed of published and updated findings, one per language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import set_status
from verkstad.knowledge.models import EditorialStatus, Finding

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def url(lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:finding_feed")


def feed(client, lang: str = "sv") -> ET.Element:
    response = client.get(url(lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def when(entry: ET.Element, tag: str) -> datetime:
    return datetime.fromisoformat(entry.findtext(f"{ATOM}{tag}"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_published_finding_is_an_entry_in_the_page_language(content, client, lang):
    root = feed(client, lang)
    assert root.tag == f"{ATOM}feed"
    assert root.get(XML_LANG) == lang
    items = entries(root)
    published = Finding.objects.published()
    assert len(items) == published.count() == 30
    titles = {e.findtext(f"{ATOM}title") for e in items}
    assert titles == {getattr(f, f"title_{lang}") for f in published}
    with translation.override(lang):
        links = {f.get_absolute_url() for f in published}
    hrefs = {e.find(f"{ATOM}link").get("href") for e in items}
    assert {href.removeprefix("http://testserver") for href in hrefs} == links
    for entry in items:
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}summary")
        assert when(entry, "updated") >= when(entry, "published")


def test_the_feed_links_to_itself_and_the_index(content, client):
    root = feed(client, "en")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver" + url("en")
    assert links["alternate"] == "http://testserver" + reverse("knowledge:finding_list")
    assert root.findtext(f"{ATOM}updated")


def test_unpublished_findings_leave_the_feed(content, client):
    draft = set_status("digitalisering-ar-en-komplex-process", EditorialStatus.DRAFT)
    titles = {e.findtext(f"{ATOM}title") for e in entries(feed(client))}
    assert draft.title_sv not in titles
    assert len(titles) == 29


def test_an_updated_finding_comes_first_with_its_new_date(content, client):
    finding = Finding.objects.get(number=17)
    finding.published_at = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
    finding.title_sv = "Fyra utmaningar för ledningsgrupper, uppdaterad"
    finding.save()
    first = entries(feed(client))[0]
    assert first.findtext(f"{ATOM}title") == finding.title_sv
    assert when(first, "published") == finding.published_at
    assert when(first, "updated") > finding.published_at
    categories = {c.get("term") for c in first.findall(f"{ATOM}category")}
    assert categories == {t.title_sv for t in finding.themes.all()}
