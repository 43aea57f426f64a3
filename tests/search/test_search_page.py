"""The search page /sok/ and the JSON endpoint /api/search."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.usefixtures("indexed", "lexical_only")


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_lists_hits_with_counts_facets_and_marked_snippets(client):
    page = html(client.get("/sok/", {"q": "kompetensförsörjning"}))
    assert "kompetensforsorjning-och-mangfald" in page
    assert "<mark>" in page
    assert "Narrow the results" in page or "Avgränsa" in page
    assert "?q=kompetensf%C3%B6rs%C3%B6rjning&amp;type=finding" in page


def test_the_english_page_links_english_addresses(client):
    page = html(client.get("/en/sok/", {"q": "skills supply", "lang": "en"}))
    assert 'href="/en/kunskap/fynd/kompetensforsorjning-och-mangfald/"' in page
    assert '<html lang="en">' in page


def test_a_filter_can_be_removed(client):
    page = html(client.get("/sok/", {"q": "kompetens", "type": "theme"}))
    assert 'href="/sok/?q=kompetens"' in page


def test_pages_link_to_each_other(client):
    first = html(client.get("/sok/", {"q": "digitalisering"}))
    assert 'rel="next"' in first and 'href="/sok/?q=digitalisering&amp;page=2"' in first
    second = html(client.get("/sok/", {"q": "digitalisering", "page": 2}))
    assert 'rel="prev"' in second and 'start="11"' in second


def test_nothing_found_suggests_a_spelling_and_themes(client):
    page = html(client.get("/sok/", {"q": "mångfalld"}))
    assert "empty-state" in page
    assert 'href="/sok/?q=m%C3%A5ngfald"' in page
    assert 'href="/kunskap/teman/kultur/"' in page


def test_an_empty_query_shows_the_form_only(client):
    page = html(client.get("/sok/"))
    assert 'name="q"' in page and "search-hit" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"(NEAR* -'},
        {"q": "x" * 10_000},
        {"q": "kompetens", "page": "abc"},
        {"q": "kompetens", "page": "9999"},
        {"q": "kompetens", "type": "nothing", "theme": "<script>", "lang": "de"},
    ],
)
def test_bad_input_never_breaks_the_page(client, params):
    page = html(client.get("/sok/", params))
    if len(params["q"]) > 200:
        assert "first 200 characters" in page or "200 tecken" in page


def test_the_api_returns_ranked_hits_with_the_agreed_names(client):
    response = client.get("/api/search", {"q": "kompetens", "type": "finding", "limit": 3})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["total"] >= 3 and len(body["hits"]) == 3
    hit = body["hits"][0]
    assert set(hit) == {"type", "id", "slug", "title", "url", "score", "snippet", "lang"}
    assert hit["type"] == "finding"
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_the_api_filters_by_language(client):
    body = json.loads(client.get("/api/search", {"q": "skills", "lang": "en"}).content)
    assert body["hits"] and {h["lang"] for h in body["hits"]} == {"en"}


@pytest.mark.parametrize(
    "params", [{"q": "x", "limit": "0"}, {"q": "x", "limit": "500"}, {"q": "x", "lang": "de"}]
)
def test_the_api_refuses_bad_parameters_with_400(client, params):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert "errors" in json.loads(response.content)


def test_the_api_answers_odd_queries(client):
    body = json.loads(client.get("/api/search", {"q": '"*(-NEAR'}).content)
    assert body["hits"] == [] and body["total"] == 0
