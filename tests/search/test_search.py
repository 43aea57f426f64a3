"""``search()``: what people find, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.conftest import slugs
from verkstad.search.selectors import SearchFilters, search

pytestmark = pytest.mark.usefixtures("indexed", "lexical_only")


def test_kompetensforsorjning_finds_the_finding_about_skills():
    results = search("kompetensförsörjning", filters=SearchFilters(type="finding"))
    assert "kompetensforsorjning-och-mangfald" in slugs(results)[:3]


@pytest.mark.parametrize("form", ["arbetare", "arbetarna", "arbetarnas"])
def test_inflected_forms_find_the_same_things(form):
    base = set(slugs(search("arbetare", limit=50)))
    assert base
    assert set(slugs(search(form, limit=50))) == base


def test_digitalisering_finds_digitaliserade_and_back():
    assert set(slugs(search("digitaliserade", limit=50))) & set(
        slugs(search("digitalisering", limit=50))
    )


def test_far_is_not_far_with_a_ring():
    får = search("får", limit=50)
    assert får.total > 0
    for hit in search("far", limit=50).hits:
        assert "far" in hit.snippet.lower() or "far" in hit.title.lower()


def test_an_english_query_finds_english_texts():
    results = search("skills supply diversity", filters=SearchFilters(lang="en"))
    assert results.hits[0].slug == "kompetensforsorjning-och-mangfald"
    assert results.hits[0].lang == "en"
    assert results.hits[0].url == "/en/kunskap/fynd/kompetensforsorjning-och-mangfald/"


def test_each_thing_appears_once_in_its_best_language():
    results = search("kompetens", limit=50)
    keys = [(h.type, h.id) for h in results.hits]
    assert len(keys) == len(set(keys))


def test_facets_count_things_and_filters_narrow():
    results = search("digitalisering", limit=50)
    types = {f.value: f.count for f in results.facets["type"]}
    assert types["finding"] >= 5
    themes = {f.value: f.count for f in results.facets["theme"]}
    chosen = max(themes, key=themes.get)
    narrowed = search("digitalisering", filters=SearchFilters(theme=chosen), limit=50)
    assert narrowed.total == themes[chosen]
    assert {h.type for h in narrowed.hits} <= {"finding", "theme"}


def test_actor_and_question_facets_filter_findings():
    results = search("kompetens", filters=SearchFilters(actor="skola"), limit=50)
    assert results.total > 0
    assert all(h.type == "finding" for h in results.hits)
    question = search("jobb", filters=SearchFilters(question="vilka-jobb-forsvinner"), limit=50)
    assert "vilka-jobb-forsvinner" in slugs(question)


def test_pages_do_not_overlap():
    first = search("digitalisering", limit=5, offset=0)
    second = search("digitalisering", limit=5, offset=5)
    assert first.total == second.total > 5
    assert not set(slugs(first)) & set(slugs(second))


def test_matches_are_marked_in_the_snippet():
    hit = search("kompetensförsörjning", filters=SearchFilters(type="finding")).hits[0]
    assert any(s.match and "ompetensförsörjning" in s.text for s in hit.segments)


def test_all_words_beat_some_words():
    results = search("kvinnliga operatörer", limit=50)
    assert results.hits[0].slug == "kvinnor-som-digitala-stalarbetare"


@pytest.mark.parametrize(
    "raw",
    ["", "   ", '"', "*", "-", "NEAR", "NEAR(", "((", ")", '"kompetens', "a" * 5000, "\x00"],
)
def test_bad_input_gives_results_or_nothing(raw):
    results = search(raw)
    assert results.total >= 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(max_size=300))
def test_no_input_breaks_the_search(raw):
    results = search(raw, limit=3)
    assert results.total >= len(results.hits)
