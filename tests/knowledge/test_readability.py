"""LIX on sentences counted by hand."""

from __future__ import annotations

import pytest

from verkstad.knowledge.readability import lix


def test_it_counts_words_sentences_and_long_words():
    # 6 words, 2 sentences, 1 long word (industrin: 9 letters) -> 6/2 + 100*1/6 = 19.67
    assert lix("Bruket ligger här. Industrin växer nu.") == pytest.approx(3 + 100 / 6)


def test_a_colon_ends_a_sentence_and_hyphenated_words_are_one_word():
    # Words: Två saker, stål-och (one word, 8 letters), metall (6). 4 words, 2 sentences,
    # 1 long word -> 4/2 + 100*1/4 = 27
    assert lix("Två saker: stål-och metall.") == pytest.approx(27)


def test_a_text_without_end_mark_is_one_sentence():
    # 3 words, 1 sentence, 2 long words (digitalisering, förändrar) -> 3 + 66.67
    assert lix("digitalisering förändrar allt") == pytest.approx(3 + 200 / 3)


def test_no_words_scores_zero():
    assert lix("  ...  ") == 0.0
