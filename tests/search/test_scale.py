"""What keeps keyword search fast on a large index: the scoring window and rare words only
in the any-word fallback. On a throw-away in-memory FTS5 index with the site's SQL."""

from __future__ import annotations

import sqlite3

import pytest

from verkstad.search import backends
from verkstad.search.backends import SQLITE_INSTALL, rare_terms, sqlite_match
from verkstad.search.text import parse_query, stem_text


@pytest.fixture
def index():
    """Documents 1–40 say "arbete"; 1–3 also "svetsning"; 40 also "robot"."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE search_document (id INTEGER PRIMARY KEY, title_stems TEXT, body_stems TEXT)"
    )
    for statement in SQLITE_INSTALL:
        db.execute(statement)
    rows = []
    for pk in range(1, 41):
        text = "arbete på bruket"
        if pk <= 3:
            text += " svetsning"
        if pk == 40:
            text += " robot"
        rows.append((pk, "", stem_text(text, "sv")))
    db.executemany("INSERT INTO search_document VALUES (?, ?, ?)", rows)
    yield db
    db.close()


def ids(hits: list[tuple[int, float]]) -> set[int]:
    return {pk for pk, _ in hits}


def test_a_small_index_scores_every_match(index):
    hits = sqlite_match(index.cursor(), parse_query("arbete"), any_term=False, limit=500)
    assert ids(hits) == set(range(1, 41))


def test_only_the_newest_matches_are_scored_beyond_the_window(index, monkeypatch):
    monkeypatch.setattr(backends, "RANK_WINDOW", 10)
    hits = sqlite_match(index.cursor(), parse_query("arbete"), any_term=False, limit=5)
    assert len(hits) == 5
    assert ids(hits) <= set(range(31, 41))


def test_the_any_word_fallback_leaves_out_common_words(index, monkeypatch):
    query = parse_query("arbete svetsning")
    assert ids(sqlite_match(index.cursor(), query, any_term=True, limit=500)) == set(range(1, 41))
    monkeypatch.setattr(backends, "COMMON_MIN_DOCS", 20)
    hits = sqlite_match(index.cursor(), query, any_term=True, limit=500)
    assert ids(hits) == {1, 2, 3}


def test_when_every_word_is_common_the_rarest_stays():
    query = parse_query("arbete bruket svetsning")
    assert [t.word for t in rare_terms(query, [9000, 8000, 3000], 10_000).terms] == ["svetsning"]
    assert [t.word for t in rare_terms(query, [9000, 100, 30], 10_000).terms] == [
        "bruket",
        "svetsning",
    ]
    # A small index keeps every word.
    assert rare_terms(query, [90, 80, 30], 100) == query


def test_the_vocabulary_table_counts_documents_per_stem(index, monkeypatch):
    monkeypatch.setattr(backends, "COMMON_MIN_DOCS", 1)
    query = backends.sqlite_rare_terms(index.cursor(), parse_query("robot arbete"))
    assert [t.word for t in query.terms] == ["robot"]
