"""Words, stems, queries and snippets for Swedish and English search. No Django.

Indexing turns a text into Snowball stems with the stemmer of the text's language
(:func:`stem_text`). A query is cut to :data:`MAX_QUERY_CHARS` characters and
:data:`MAX_QUERY_TERMS` words, stripped of every search-syntax character (quotes,
``*``, ``-``, ``:``, ``^``, parentheses, …) and of stop words (:func:`parse_query`);
each remaining word is stemmed with *both* stemmers and every stem of three letters or
more is searched as a prefix. Stems are taken to Snowball's fixed point (see
:func:`stem_words`). That handles inflection (arbetare/arbetarna → ``arbet*``),
Snowball's base-form quirk (kompetens and kompetenser both → ``kompet``) and compound
heads (``arbetsmarkn*`` finds arbetsmarknadspolitik).
å, ä and ö are letters of their own throughout: far is not får.

Everything a user types becomes quoted FTS5 strings or bare ``tsquery`` lexemes made of
letters and digits only, so no input can reach either engine as syntax.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import Stemmer

#: Longest query we read; the rest is cut off (and the page says so).
MAX_QUERY_CHARS = 200
#: Most words of a query we search for; later words are dropped.
MAX_QUERY_TERMS = 12
#: Stems shorter than this are left alone by the fixed-point stemming (see stem_words).
MIN_PREFIX_STEM = 3
#: Query stems shorter than this are matched exactly, not as a prefix: "för*" would match
#: thousands of words (förändring, företag, försvinna …), and reading them all is slow.
MIN_PREFIX_SEARCH = 4

LANGS = ("sv", "en")
_ALGORITHMS = {"sv": "swedish", "en": "english"}

#: Letters and digits: what FTS5's ``unicode61`` tokenizer keeps as a token.
_WORD = re.compile(r"[^\W_]+")

# Function words that carry no meaning in a question ("Hur påverkar digitaliseringen
# jobben i kommunen?"). Short on purpose: "it" (IT), "inte" and "not" stay.
STOPWORDS = frozenset(
    """
    och att det som en ett är av för på med till den de om så men har inte kan
    vi ni jag du han hon man sig sin sina sitt vid från eller var vad hur när där
    vilka vilken vilket vem varför ska skall blir bli vara är vår våra er era
    deras dess hos mot under över efter än också bara mycket hela samt
    detta dessa denna those this that these the a an of and or to in on at for
    by with from is are was were be been being do does did what which who whom how
    why when where can could should would will shall may might must our your their
    its his her we you they i me my about into than then there here as if so such
    i
    """.split()
)

_local = threading.local()


def _stemmer(lang: str) -> Stemmer.Stemmer:
    # PyStemmer objects keep a cache and are not safe to share between threads.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {
            code: Stemmer.Stemmer(name) for code, name in _ALGORITHMS.items()
        }
    return stemmers[lang if lang in stemmers else "sv"]


def words(text: str) -> list[str]:
    """Lower-cased words (letters and digits), as FTS5 ``unicode61`` splits them."""
    return _WORD.findall(text.lower())


def stem_words(tokens: Sequence[str], lang: str) -> list[str]:
    """Snowball stems, stemmed again until they stop changing.

    Snowball Swedish is not idempotent: kompetenser → kompetens → kompet. Stemming to
    the fixed point puts every form of a word on the same stem, in the index and in
    queries alike.
    """
    stemmer = _stemmer(lang)
    stems = stemmer.stemWords(list(tokens))
    for _ in range(3):
        changed = [i for i, s in enumerate(stems) if len(s) > MIN_PREFIX_STEM]
        again = stemmer.stemWords([stems[i] for i in changed])
        moved = False
        for i, new in zip(changed, again, strict=True):
            if new != stems[i]:
                stems[i] = new
                moved = True
        if not moved:
            break
    return stems


def stem_text(text: str, lang: str) -> str:
    """The text as space-separated stems, for the FTS5 index."""
    return " ".join(stem_words(words(text), lang))


@dataclass(frozen=True)
class Term:
    """One query word and the stems it is searched by."""

    word: str
    stems: tuple[str, ...]

    def prefixes(self) -> list[tuple[str, bool]]:
        """``(stem, as_prefix)`` for each distinct stem, leaving out a stem that another
        stem of the term already matches as a prefix ("produktionen" under "produktion*"):
        the same documents, and one list fewer for the engine to read."""
        searched = [(s, len(s) >= MIN_PREFIX_SEARCH) for s in self.stems]
        return [
            (s, prefix)
            for s, prefix in searched
            if not any(p and s != o and s.startswith(o) for o, p in searched)
        ]


@dataclass(frozen=True)
class ParsedQuery:
    """A cleaned query: the text as searched, its terms and what was cut."""

    text: str
    terms: tuple[Term, ...] = field(default_factory=tuple)
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not self.terms


def parse_query(raw: str | None) -> ParsedQuery:
    """Clean what a person typed into terms; never raises on any string."""
    raw = (raw or "").replace("\x00", " ")
    truncated = len(raw) > MAX_QUERY_CHARS
    text = " ".join(raw[:MAX_QUERY_CHARS].split())
    all_words = list(dict.fromkeys(words(text)))
    kept = [w for w in all_words if w not in STOPWORDS] or all_words
    if len(kept) > MAX_QUERY_TERMS:
        kept = kept[:MAX_QUERY_TERMS]
        truncated = True
    terms = []
    for word in kept:
        stems = dict.fromkeys(stem_words([word], lang)[0] for lang in LANGS)
        terms.append(Term(word=word, stems=tuple(s for s in stems if s)))
    return ParsedQuery(text=text, terms=tuple(t for t in terms if t.stems), truncated=truncated)


def fts5_query(
    query: ParsedQuery,
    *,
    any_term: bool = False,
    expand: Callable[[str], list[str] | None] | None = None,
) -> str:
    """An FTS5 MATCH expression: every term (or, with ``any_term``, any term) must match.

    Each term is ``("stem1"* OR "stem2"*)``; stems are letters and digits only and
    quoted, so FTS5 keywords (AND, OR, NOT, NEAR) in the input are plain words here.
    With ``expand`` (a stem → the indexed words it begins, or None), a prefix stem becomes
    those words, searched exactly: ``("teknik" OR "teknikutveckl")`` matches the same
    documents as ``"teknik"*`` and is much cheaper for FTS5 to read.
    """
    groups = []
    for term in query.terms:
        alternatives: list[str] = []
        for stem, prefix in term.prefixes():
            words = expand(stem) if prefix and expand is not None else None
            if words is not None:
                alternatives += [f'"{word}"' for word in words]
            else:
                alternatives.append(f'"{stem}"' + ("*" if prefix else ""))
        groups.append("(" + " OR ".join(dict.fromkeys(alternatives)) + ")")
    return (" OR " if any_term else " AND ").join(groups)


def tsquery(query: ParsedQuery, *, any_term: bool = False) -> str:
    """A ``to_tsquery`` string of the raw words as prefixes (the configuration stems them).

    Words are letters and digits only and each is quoted (``'ord':*``): a word the
    PostgreSQL parser splits in two becomes a phrase, never a syntax error.
    """
    joiner = " | " if any_term else " & "
    return joiner.join(
        f"'{term.word}'" + (":*" if len(term.word) >= MIN_PREFIX_SEARCH else "")
        for term in query.terms
    )


# --- snippets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    match: bool


@functools.lru_cache(maxsize=64)
def _snippet_plan(query: ParsedQuery) -> tuple[frozenset[str], Callable[[str], bool]]:
    """For one query: the first two letters of every stem, and whether a stem matches (equal
    to a query stem, or starting with a prefix one). Snowball changes a word's ending only
    (but see _IRREGULAR), so a word whose stem can match begins with one of those letters:
    only those words are stemmed for a snippet."""
    searched = [pair for term in query.terms for pair in term.prefixes()]
    exact = frozenset(s for s, _ in searched)
    prefixes = tuple(s for s, prefix in searched if prefix)
    return frozenset(s[:2] for s in exact), lambda stem: stem in exact or stem.startswith(prefixes)


#: The only words whose Snowball stem begins with other letters than the word (English
#: exceptions: dying → die).
_IRREGULAR = frozenset({"dying", "lying", "tying"})

_TOKEN_OR_GAP = re.compile(r"[^\W_]+|[\W_]+")


def snippet(text: str, query: ParsedQuery, *, lang: str, max_words: int = 32) -> list[Segment]:
    """The part of ``text`` with the most query matches, as plain and matching segments.

    At most ``max_words`` words, with "…" where text was left out. Without a match,
    the beginning of the text.
    """
    pieces = _TOKEN_OR_GAP.findall(text)
    # Words and gaps alternate; a word starts with a letter or digit, a gap never does.
    word_at = [i for i, p in enumerate(pieces) if p[0].isalnum()]
    if not word_at:
        return [Segment(text, False)] if text else []
    heads, matches = _snippet_plan(query)
    lowered = [pieces[i].lower() for i in word_at]
    candidates = [i for i, w in enumerate(lowered) if w[:2] in heads or w in _IRREGULAR]
    hits = [False] * len(lowered)
    for i, stem in zip(candidates, stem_words([lowered[i] for i in candidates], lang), strict=True):
        hits[i] = matches(stem)
    best, best_count = 0, -1
    window = min(max_words, len(word_at))
    count = sum(hits[:window])
    for start in range(0, len(word_at) - window + 1):
        if start:
            count += hits[start + window - 1] - hits[start - 1]
        if count > best_count:
            best, best_count = start, count
    # Begin a little before the first match in the window, so it reads as a sentence.
    first_hit = next((i for i in range(best, best + window) if hits[i]), best)
    start = max(0, min(best, first_hit - 4))
    end = min(len(word_at), start + window)
    # Runs of plain and matching text: a matching run is one marked word.
    segments: list[Segment] = []
    plain = "… " if start > 0 else ""
    at = word_at[start]
    for w in range(start, end):
        i = word_at[w]
        if hits[w]:
            plain += "".join(pieces[at:i])
            if plain:
                segments.append(Segment(plain, False))
            segments.append(Segment(pieces[i], True))
            plain, at = "", i + 1
    plain += "".join(pieces[at : word_at[end - 1] + 1])
    if end < len(word_at):
        plain += " …"
    if plain:
        segments.append(Segment(plain, False))
    return segments


def snippet_text(segments: Iterable[Segment]) -> str:
    return "".join(s.text for s in segments)
