"""Stems, query parsing and snippets: no database."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from verkstad.search.text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    fts5_query,
    parse_query,
    snippet,
    snippet_text,
    stem_text,
    stem_words,
    tsquery,
)


def test_inflected_forms_share_a_stem():
    assert stem_words(["arbetare", "arbetarna"], "sv") == ["arbet", "arbet"]
    assert stem_words(["kompetens", "kompetenser", "kompetensen"], "sv") == ["kompet"] * 3
    assert stem_words(["employers", "employees"], "en") == ["employ", "employ"]


def test_a_ring_and_dots_are_letters_of_their_own():
    assert stem_text("far får för fär", "sv") == "far får för fär"


def test_stop_words_go_unless_nothing_else_is_left():
    assert [t.word for t in parse_query("Hur påverkar digitaliseringen jobben?").terms] == [
        "påverkar",
        "digitaliseringen",
        "jobben",
    ]
    assert [t.word for t in parse_query("och inte").terms] == ["och", "inte"]


def test_search_syntax_is_read_as_plain_words():
    query = parse_query('"kompetens* -jobb NEAR(arbete, 3) OR ) AND (')
    assert [t.word for t in query.terms] == ["kompetens", "jobb", "near", "arbete", "3"]
    assert fts5_query(query).count('"') % 2 == 0
    assert "NEAR" not in fts5_query(query)


def test_every_term_is_a_prefix_of_both_stems():
    # Swedish "arbet", English "arbetarna": the second is already under "arbet*".
    assert fts5_query(parse_query("arbetarna")) == '("arbet"*)'
    assert fts5_query(parse_query("employers")) == '("employ"*)'
    assert fts5_query(parse_query("år jobb"), any_term=True) == '("år") OR ("jobb"*)'
    assert tsquery(parse_query("år jobben"), any_term=False) == "'år' & 'jobben':*"


def test_stems_under_four_letters_are_matched_exactly():
    # "för*" would read every word beginning with för- (förändring, företag …).
    assert fts5_query(parse_query("förs")) == '("för" OR "förs"*)'
    assert tsquery(parse_query("lön jobb")) == "'lön' & 'jobb':*"


def test_a_long_query_is_cut_and_says_so():
    query = parse_query("stål " * 100)
    assert query.truncated
    assert len(query.text) <= MAX_QUERY_CHARS
    many = parse_query(" ".join(f"ord{i}" for i in range(30)))
    assert many.truncated
    assert len(many.terms) == MAX_QUERY_TERMS


def test_the_snippet_shows_the_matching_part_marked():
    text = ("Inledning utan träff. " * 20) + "Här behövs kompetens för digitaliserade jobb."
    segments = snippet(text, parse_query("kompetenser digitalisering"), lang="sv", max_words=10)
    marked = [s.text for s in segments if s.match]
    assert marked == ["kompetens", "digitaliserade"]
    assert snippet_text(segments).startswith("… ")


def test_without_a_match_the_snippet_is_the_beginning():
    segments = snippet("Ett två tre fyra fem", parse_query("xyz"), lang="sv", max_words=3)
    assert snippet_text(segments) == "Ett två tre …"
    assert not any(s.match for s in segments)


_SAFE_FTS = re.compile(r'^(\(("[^\W_]+"\*?)( OR "[^\W_]+"\*?)*\))?( (AND|OR) \(.*\))*$')


@given(st.text(max_size=400))
def test_any_input_becomes_safe_engine_syntax(raw):
    query = parse_query(raw)
    assert len(query.terms) <= MAX_QUERY_TERMS
    expression = fts5_query(query)
    assert _SAFE_FTS.match(expression), expression
    for term in query.terms:
        assert re.fullmatch(r"[^\W_]+", term.word)
    ts = tsquery(query, any_term=True)
    assert all(re.fullmatch(r"'[^\W_]+'(:\*)?", part) for part in ts.split(" | ") if ts)
