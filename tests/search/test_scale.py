"""What keeps keyword search fast on a large index: the scoring window, prefixes searched
as word lists, rare words only in the any-word fallback, filters inside the query. On a
throw-away in-memory FTS5 index with the site's SQL."""

from __future__ import annotations

import sqlite3

import pytest

from verkstad.search import backends
from verkstad.search.backends import (
    SQLITE_INSTALL,
    SQLITE_TAGS_EXPRESSION,
    StemVocabulary,
    rare_terms,
    sqlite_expression,
    sqlite_match,
)
from verkstad.search.text import parse_query, stem_text


def make_index(rows: list[tuple[int, str, str, str]]) -> sqlite3.Connection:
    """rows: (id, type, facets, text), Swedish."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE search_document (id INTEGER PRIMARY KEY, doc_type TEXT,"
        " object_id TEXT, lang TEXT, facets TEXT, title_stems TEXT, body_stems TEXT,"
        f" filter_tags TEXT GENERATED ALWAYS AS ({SQLITE_TAGS_EXPRESSION}) VIRTUAL)"
    )
    for statement in SQLITE_INSTALL:
        db.execute(statement)
    db.executemany(
        "INSERT INTO search_document (id, doc_type, object_id, lang, facets, title_stems,"
        " body_stems) VALUES (?, ?, ?, 'sv', ?, '', ?)",
        [(pk, t, str(pk), facets, stem_text(text, "sv")) for pk, t, facets, text in rows],
    )
    return db


@pytest.fixture
def index():
    """Documents 1–40 say "arbete"; 1–3 also "svetsning"; 40 also "robot"."""
    rows = []
    for pk in range(1, 41):
        text = "arbete på bruket"
        if pk <= 3:
            text += " svetsning"
        if pk == 40:
            text += " robot"
        rows.append((pk, "finding", "", text))
    db = make_index(rows)
    yield db
    db.close()


def ids(hits) -> set[int]:
    return {m.pk for m in hits}


def test_a_small_index_scores_every_match(index):
    hits = sqlite_match(index.cursor(), parse_query("arbete"), any_term=False, limit=500)
    assert ids(hits) == set(range(1, 41))
    assert hits[0].doc_type == "finding" and hits[0].key == str(hits[0].pk)


def test_only_the_newest_matches_are_scored_beyond_the_window(index, monkeypatch):
    monkeypatch.setattr(backends, "RANK_WINDOW", 10)
    hits = sqlite_match(index.cursor(), parse_query("arbete"), any_term=False, limit=5)
    assert len(hits) == 5
    assert ids(hits) <= set(range(31, 41))


def test_the_best_come_first_and_the_database_sorts_them():
    db = make_index(
        [(1, "finding", "", "robot"), (2, "finding", "", "robot robot robot"), (3, "x", "", "a")]
    )
    hits = sqlite_match(db.cursor(), parse_query("robot"), any_term=False, limit=10)
    assert [m.pk for m in hits] == [2, 1]
    assert hits[0].score > hits[1].score


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


def test_the_vocabulary_counts_documents_per_stem(index, monkeypatch):
    vocabulary = StemVocabulary.read(index.cursor())
    assert vocabulary.documents == 40
    (robot,) = parse_query("robot").terms
    (arbete,) = parse_query("arbete").terms
    assert vocabulary.frequency(robot) == 1
    assert vocabulary.frequency(arbete) == 40
    monkeypatch.setattr(backends, "COMMON_MIN_DOCS", 1)
    query = backends.sqlite_rare_terms(parse_query("robot arbete"), vocabulary)
    assert [t.word for t in query.terms] == ["robot"]


def test_a_prefix_of_one_indexed_word_is_searched_as_that_word():
    db = make_index([(1, "finding", "", "robotar"), (2, "finding", "", "teknik teknikutveckling")])
    vocabulary = StemVocabulary.read(db.cursor())
    expression = sqlite_expression(
        parse_query("robot teknik"), any_term=True, vocabulary=vocabulary
    )
    assert f'("{stem_text("robotar", "sv")}")' in expression  # the same documents and score
    assert '("teknik"*)' in expression  # two words: each would be a phrase of its own


def test_a_prefix_is_searched_as_the_words_it_begins(monkeypatch):
    monkeypatch.setattr(backends, "MAX_EXPANSION", 64)
    db = make_index(
        [
            (1, "finding", "", "teknik"),
            (2, "finding", "", "teknikutveckling"),
            (3, "finding", "", "teknikerna"),
            (4, "finding", "", "tekla"),
        ]
    )
    vocabulary = StemVocabulary.read(db.cursor())
    query = parse_query("teknik")
    expression = sqlite_expression(query, any_term=False, vocabulary=vocabulary)
    assert '"teknik"*' not in expression
    assert '"teknikutveckling"' in expression
    expanded = sqlite_match(db.cursor(), query, any_term=False, limit=10, vocabulary=vocabulary)
    as_prefix = sqlite_match(
        db.cursor(), query, any_term=False, limit=10, vocabulary=StemVocabulary()
    )
    assert ids(expanded) == ids(as_prefix) == {1, 2, 3}


def test_a_stem_the_vocabulary_does_not_know_is_still_found_as_a_prefix():
    db = make_index([(1, "finding", "", "arbete")])
    vocabulary = StemVocabulary.read(db.cursor())
    db.execute(
        "INSERT INTO search_document (id, doc_type, object_id, lang, facets, title_stems,"
        " body_stems) VALUES (2, 'finding', '2', 'sv', '', '', 'robotisering')"
    )
    hits = sqlite_match(
        db.cursor(), parse_query("robot"), any_term=False, limit=10, vocabulary=vocabulary
    )
    assert ids(hits) == {2}


def test_too_many_words_under_a_prefix_stay_a_prefix_query(monkeypatch):
    db = make_index([(i, "finding", "", f"arbets{chr(97 + i)}x") for i in range(1, 6)])
    monkeypatch.setattr(backends, "MAX_EXPANSION", 3)
    vocabulary = StemVocabulary.read(db.cursor())
    assert vocabulary.expand("arbet") is None
    expression = sqlite_expression(parse_query("arbet"), any_term=False, vocabulary=vocabulary)
    assert '"arbet"*' in expression
    assert len(sqlite_match(db.cursor(), parse_query("arbet"), any_term=False, limit=10)) == 5


def test_words_never_match_the_filter_tags():
    db = make_index([(1, "theme", "", "typisk"), (2, "finding", " theme:typ ", "annat")])
    for word in ("type", "theme", "typ"):
        hits = sqlite_match(db.cursor(), parse_query(word), any_term=False, limit=10)
        assert ids(hits) <= {1}


def test_a_filter_narrows_before_the_window_and_the_cap(monkeypatch):
    """600 statements and one finding say "arbete": the type filter still finds the
    finding, which ranking first and filtering after would have cut off."""
    rows = [(1, "finding", " theme:kultur ", "arbete")]
    rows += [(pk, "statement", " question:jobb ", "arbete arbete") for pk in range(2, 602)]
    db = make_index(rows)
    monkeypatch.setattr(backends, "RANK_WINDOW", 100)
    query = parse_query("arbete")
    unfiltered = sqlite_match(db.cursor(), query, any_term=False, limit=50)
    assert 1 not in ids(unfiltered)
    for filters in ({"type": "finding"}, {"theme": "kultur"}, {"type": "finding", "lang": "sv"}):
        hits = sqlite_match(db.cursor(), query, any_term=False, limit=50, filters=filters)
        assert ids(hits) == {1}, filters
    hits = sqlite_match(db.cursor(), query, any_term=False, limit=50, filters={"lang": "en"})
    assert hits == []
    # A value is one token: "kul" is not "kultur", and syntax in a value is a plain string.
    for value in ("kul", 'kultur" OR "x', "kultur*"):
        assert not sqlite_match(
            db.cursor(), query, any_term=False, limit=50, filters={"theme": value}
        )
