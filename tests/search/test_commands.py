"""``verkstad search``, ``search-reindex`` and ``search-eval``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from verkstad.search.models import SearchDocument


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("indexed", "lexical_only")
def test_search_prints_json_hits():
    body = json.loads(run("search", "kompetensförsörjning", "--json", "--limit", "2"))
    assert len(body["hits"]) == 2
    assert set(body["hits"][0]) >= {"type", "id", "slug", "title", "url", "score", "snippet"}


@pytest.mark.usefixtures("indexed", "lexical_only")
def test_search_prints_text_and_refuses_a_bad_limit():
    assert "kompetens" in run("search", "kompetens", "--limit", "3").lower()
    with pytest.raises(CommandError):
        run("search", "x", "--limit", "0")
    with pytest.raises(CommandError):
        run("search", "x", "--type", "nothing")


@pytest.mark.usefixtures("indexed", "lexical_only")
def test_reindex_is_idempotent_and_reports_no_drift():
    SearchDocument.objects.filter(doc_type="theme").delete()
    dry = run("search-reindex", "--dry-run")
    assert "Would index 20 new" in dry
    assert not SearchDocument.objects.filter(doc_type="theme").exists()
    assert "Indexed 20 new" in run("search-reindex")
    again = run("search-reindex")
    assert "Indexed 0 new and 0 changed" in again and "no drift" in again


def test_eval_on_a_corpus_scores_each_ranking(tmp_path: Path, lexical_only):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps(d, ensure_ascii=False)
            for d in [
                {
                    "id": "a",
                    "title": "Kompetens",
                    "text": "Kompetensförsörjning i kommunen",
                    "lang": "sv",
                },
                {
                    "id": "b",
                    "title": "Kultur",
                    "text": "Organisationskultur på bruket",
                    "lang": "sv",
                },
                {"id": "c", "title": "Women", "text": "Women operators in steel", "lang": "en"},
            ]
        )
    )
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"query": "kompetensförsörjningen", "lang": "sv", "relevant": ["a"]}\n'
        '{"query": "kulturen på bruket", "lang": "sv", "relevant": ["b"]}\n'
        '{"query": "women", "lang": "en", "relevant": ["c", "a"]}\n'
    )
    result = json.loads(
        run("search-eval", "--queries", str(queries), "--corpus", str(corpus), "--json")
    )
    (lexical,) = result["rankings"]
    assert lexical["ranking"] == "lexical"
    assert lexical["mrr@10"] == 1.0
    assert lexical["recall@1"] == pytest.approx((1 + 1 + 0.5) / 3, abs=1e-4)
    assert lexical["recall@10"] == pytest.approx((1 + 1 + 0.5) / 3, abs=1e-4)
    assert result["corpus"]["documents"] == 3


def test_eval_names_the_bad_line(tmp_path: Path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"query": "x", "relevant": ["a"]}\nnot json\n')
    with pytest.raises(CommandError, match="q.jsonl:2"):
        run("search-eval", "--queries", str(queries), "--corpus", str(queries))


@pytest.mark.django_db
def test_eval_without_an_index_says_what_to_do():
    SearchDocument.objects.all().delete()
    with pytest.raises(CommandError, match="search-reindex"):
        run("search-eval")
