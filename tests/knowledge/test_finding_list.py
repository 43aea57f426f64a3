"""The findings index: filters as a plain GET form, result count, empty state, feed link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, section, set_status, shows
from verkstad.accounts.models import ActorType
from verkstad.knowledge.models import EditorialStatus, Finding


def url(lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:finding_list")


def listed(html: str) -> set[str]:
    """Slugs of the findings shown as cards."""
    return set(re.findall(r'aria-labelledby="finding-([-a-z0-9]+)"', html))


def result_count(html: str) -> int:
    heading = section(html, 'id="results-heading">', "</h2>")
    return int(re.search(r"\d+", heading).group())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_it_lists_every_published_finding_in_the_page_language(content, client, lang):
    html = page(client.get(url(lang)))
    published = Finding.objects.published()
    assert listed(html) == {f.slug for f in published}
    assert result_count(html) == published.count() == 30
    for finding in published:
        assert shows(html, getattr(finding, f"title_{lang}"))


def test_the_filter_form_is_a_labelled_get_form_with_a_submit_button(content, client):
    html = page(client.get(url("en")))
    form = section(html, '<form method="get"', "</form>")
    assert f'action="{url("en")}"' in form
    assert "<fieldset>" in form and "<legend>" in form
    for name in ("theme", "question", "actor_type", "strength"):
        assert f'<label class="field__label" for="id_{name}">' in form
        assert f'<select name="{name}" id="id_{name}">' in form
    assert '<button type="submit"' in form
    assert "<script" not in form


def test_it_filters_by_theme(content, client):
    html = page(client.get(url(), {"theme": "kultur"}))
    expected = {f.slug for f in Finding.objects.published().filter(themes__slug="kultur")}
    assert expected and listed(html) == expected
    assert result_count(html) == len(expected)
    assert '<option value="kultur" selected>' in html


def test_it_filters_by_big_question(content, client):
    slug = "vilka-kompetenser-behovs"
    html = page(client.get(url(), {"question": slug}))
    expected = {f.slug for f in Finding.objects.published().filter(questions__slug=slug)}
    assert expected and listed(html) == expected


def test_it_filters_by_actor_type(content, client):
    html = page(client.get(url(), {"actor_type": ActorType.SKOLA}))
    expected = {
        f.slug for f in Finding.objects.published().filter(audiences__actor_type=ActorType.SKOLA)
    }
    assert expected and listed(html) == expected


def test_it_filters_by_least_evidence_strength(content, client):
    html = page(client.get(url(), {"strength": "3"}))
    expected = {f.slug for f in Finding.objects.published().filter(evidence_strength__gte=3)}
    assert expected and listed(html) == expected
    assert all(Finding.objects.get(slug=s).evidence_strength >= 3 for s in listed(html))


def test_filters_combine(content, client):
    html = page(client.get(url(), {"theme": "teknik-och-organisation", "strength": "3"}))
    expected = {
        f.slug
        for f in Finding.objects.published().filter(
            themes__slug="teknik-och-organisation", evidence_strength__gte=3
        )
    }
    assert expected and listed(html) == expected
    assert len(expected) < Finding.objects.published().count()


def test_no_match_shows_an_empty_state_with_a_way_back(content, client):
    # No DAO finding scores 5 (see the rubric in docs/knowledge.md).
    html = page(client.get(url("en"), {"strength": "5"}))
    assert listed(html) == set()
    assert result_count(html) == 0
    empty = section(html, 'class="callout empty-state"', "</div>")
    assert f'href="{url("en")}"' in empty


def test_unpublished_findings_are_not_listed_even_for_editors(content, client, editor_eva):
    draft = set_status("digitalisering-ar-en-komplex-process", EditorialStatus.DRAFT)
    client.force_login(editor_eva)
    html = page(client.get(url()))
    assert draft.slug not in listed(html)
    assert result_count(html) == 29


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "finns-inte"},
        {"theme": "<script>alert(1)</script>"},
        {"strength": "abc"},
        {"strength": "99999999999999999999999"},
        {"strength": "-1"},
        {"question": "x\x00y"},
        {"actor_type": "robot"},
        {"theme": ["kultur", "ledarskap"]},
        {"unknown": "1"},
    ],
)
def test_bad_query_input_never_breaks_the_page(content, client, query):
    response = client.get(url("en"), query)
    html = page(response)
    assert "<script>alert(1)</script>" not in html
    assert listed(html)  # a bad filter is dropped; the rest of the page works


def test_a_bad_value_is_reported_next_to_its_field(content, client):
    html = page(client.get(url("en"), {"strength": "abc", "theme": "kultur"}))
    assert 'class="error-summary"' in html
    assert 'href="#id_strength"' in html
    assert 'aria-invalid="true" aria-describedby="id_strength_error"' in html
    # The valid filter still applies.
    assert listed(html) == {
        f.slug for f in Finding.objects.published().filter(themes__slug="kultur")
    }


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_atom_feed_is_linked_in_the_head(content, client, lang):
    html = page(client.get(url(lang)))
    with translation.override(lang):
        feed = reverse("knowledge:finding_feed")
    head = section(html, "<head>", "</head>")
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{feed}">', head
    )


def test_the_main_navigation_leads_here(content, client):
    html = page(client.get(reverse("core:home")))
    nav = section(html, 'class="site-nav"', "</nav>")
    assert f'href="{url()}"' in nav
    here = page(client.get(url()))
    nav = section(here, 'class="site-nav"', "</nav>")
    assert f'href="{url()}" aria-current="page"' in nav
