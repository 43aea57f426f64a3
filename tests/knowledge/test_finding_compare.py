"""Compare 2–3 findings side by side; clear messages for everything else, never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import MAY_PREVIEW, PERSONAS, page, set_status, shows
from verkstad.knowledge.models import EditorialStatus, Finding


def url(lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:finding_compare")


def compared(html: str) -> list[str]:
    """Slugs of the findings in the comparison table's column headings, in order."""
    return re.findall(r'<th scope="col"><a href="[^"]*/fynd/([-a-z0-9]+)/">', html)


def first(n: int) -> list[str]:
    return list(Finding.objects.published().order_by("number").values_list("slug", flat=True)[:n])


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("n", [2, 3])
def test_two_or_three_findings_stand_side_by_side(content, client, lang, n):
    slugs = first(n)
    html = page(client.get(url(lang), {"f": slugs}))
    assert compared(html) == slugs
    for slug in slugs:
        finding = Finding.objects.get(slug=slug)
        assert shows(html, getattr(finding, f"claim_{lang}"))
        assert shows(html, getattr(finding, f"mechanism_organisational_{lang}"))
        assert f'id="compare-{slug}" checked' in html
    assert 'role="alert"' not in html


def test_without_a_choice_it_explains_and_offers_every_published_finding(content, client):
    html = page(client.get(url("en")))
    assert compared(html) == []
    assert 'class="message compare-message"' in html
    assert len(re.findall(r'<input type="checkbox" name="f"', html)) == 30
    assert 'method="get"' in html and '<button type="submit"' in html


def test_one_finding_asks_for_another(content, client):
    html = page(client.get(url("en"), {"f": first(1)}))
    assert compared(html) == []
    assert 'class="message compare-message" role="status"' in html
    assert f'id="compare-{first(1)[0]}" checked' in html


def test_more_than_three_is_refused_with_a_message(content, client):
    html = page(client.get(url("en"), {"f": first(4)}))
    assert compared(html) == []
    assert 'role="alert"' in html
    assert "4" in re.search(r'role="alert">(.*?)</div>', html, re.S).group(1)


def test_unknown_slugs_are_named_and_escaped(content, client):
    html = page(client.get(url("en"), {"f": [*first(2), "finns-inte", "<b>x</b>"]}))
    assert compared(html) == []
    alert = re.search(r'role="alert">(.*?)</div>', html, re.S).group(1)
    assert "<code>finns-inte</code>" in alert
    assert "<code>&lt;b&gt;x&lt;/b&gt;</code>" in alert


@pytest.mark.parametrize("values", [[""], ["  "], ["x\x00y"], ["a" * 500], ["ä"] * 60, ["/../"]])
def test_odd_input_never_breaks_the_page(content, client, values):
    assert client.get(url(), {"f": values}).status_code == 200


def test_the_same_finding_twice_counts_once(content, client):
    slug = first(1)[0]
    html = page(client.get(url(), {"f": [slug, slug]}))
    assert compared(html) == []
    assert 'role="status"' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_drafts_can_be_compared_only_by_editors(content, as_persona, persona):
    slugs = first(2)
    set_status(slugs[0], EditorialStatus.DRAFT)
    html = page(as_persona(persona).get(url(), {"f": slugs}))
    if persona in MAY_PREVIEW:
        assert compared(html) == slugs
    else:
        assert compared(html) == []
        assert f"<code>{slugs[0]}</code>" in html


def test_the_finding_page_links_here_with_itself_chosen(content, client):
    slug = first(1)[0]
    html = page(client.get(reverse("knowledge:finding_detail", args=[slug])))
    assert f'href="{url()}?f={slug}"' in html
