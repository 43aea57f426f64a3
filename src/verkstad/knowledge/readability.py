"""LIX (läsbarhetsindex, Björnsson 1968): a plain function, no Django.

LIX = words / sentences + 100 × long words / words, where a long word has more than
six letters. Around 30 is easy, 40 is ordinary news text, 50 and above is hard.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
# A sentence ends at . ! ? or : followed by space or the end of the text.
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")


def lix(text: str) -> float:
    """The LIX of ``text``; 0.0 for a text with no words."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip())))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100 * long_words / len(words)
