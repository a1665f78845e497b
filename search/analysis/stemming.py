"""Snowball stemming with acronym protection, and the indexing pipeline :func:`analyze`.

Stemmer: PyStemmer (the Snowball C library); the pure-Python ``snowballstemmer`` is a
fallback with the same algorithms. Words with Cyrillic letters get the Russian
stemmer, ASCII words the English one; words with digits ("р2р", "273", "2020г") and
words of other scripts are kept whole.

Which form of a word reaches the index (:func:`index_term`):

* stop words (:data:`~.stopwords.RUSSIAN_STOPWORDS`) are dropped, except a known
  acronym written in capitals ("ДО", "ВО") outside a shouting segment;
* known acronyms (:data:`~.stopwords.KNOWN_ACRONYMS`) are kept whole in any case:
  "ИОМ", "Иом" and "иом" all give "иом"; a known acronym with a case ending keeps only
  the acronym ("ЦНППМа", "цнппма" -> "цнппм");
* an unknown word written in capitals, two to five letters long, is kept whole ("РУМО"
  -> "румо", where Snowball would say "рум"), unless its segment shouts;
* everything else is stemmed.

The query side (:mod:`.query`) asks for both the stem and the whole form of short words,
so a lowercase query "румо" still finds the capitalised "РУМО", and vice versa.
"""

import re
import threading

from .normalise import (
    MAX_TOKEN_LENGTH,
    WORD,
    caps_like,
    fold_homoglyphs,
    lower,
    make_word,
    prepare,
    shout_score,
)
from .stopwords import KNOWN_ACRONYMS, RUSSIAN_STOPWORDS, strip_acronym_ending

try:  # PyStemmer: C, fast
    import Stemmer as _pystemmer

    def _make_stemmer(language: str):
        return _pystemmer.Stemmer(language).stemWord

    BACKEND = "PyStemmer"
except ImportError:  # pragma: no cover - the pure-Python fallback
    import snowballstemmer as _snowball

    def _make_stemmer(language: str):
        return _snowball.stemmer(language).stemWord

    BACKEND = "snowballstemmer"

MAX_CAPS_RAW = 5  # unknown all-caps words up to this length are not stemmed
_CACHE_LIMIT = 300_000
_DIGIT = re.compile(r"\d")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_local = threading.local()  # Stemmer objects are not thread-safe
_cache: dict[str, str] = {}  # token -> Snowball stem
_canonical: dict[str, str] = {}  # token -> canonical_term(token)
_raw_terms: dict[str, str] = {}  # word as written, not in capitals -> its term or ""
_caps_terms: dict[tuple[str, bool], str] = {}  # (word in capitals, shouting) -> term
# A whitespace-separated chunk of prepared text -> the terms of its words (a tuple), or,
# when a word of it is written in capitals, the chunk's shout score (an int).
_chunks: dict[str, tuple[str, ...] | int] = {}
_SEGMENT_ENDS = (".", "!", "?", ";")


def _stemmers():
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = (
            _make_stemmer("russian"),
            _make_stemmer("english"),
        )
    return stemmers


def _stem_uncached(token: str) -> str:
    if _DIGIT.search(token):
        return token
    russian, english = _stemmers()
    if _CYRILLIC.search(token):
        return russian(token) or token
    if token.isascii():
        return english(token) or token
    return token


def stem(token: str) -> str:
    """The Snowball stem of a normalised token (no acronym or stop-word logic)."""
    result = _cache.get(token)
    if result is None:
        result = _stem_uncached(token)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[token] = result
    return result


def canonical_term(token: str) -> str:
    """The case-independent form of a normalised token: the index form of lowercase text.

    Known acronyms whole (endings stripped), every other token stemmed.
    """
    result = _canonical.get(token)
    if result is None:
        if token in KNOWN_ACRONYMS:
            result = token
        else:
            result = strip_acronym_ending(token) or stem(token)
        if len(_canonical) >= _CACHE_LIMIT:
            _canonical.clear()
        _canonical[token] = result
    return result


def keeps_whole(token: str) -> bool:
    """Could the index hold this token unstemmed (written in capitals in a document)?"""
    return 2 <= len(token) <= MAX_CAPS_RAW and not _DIGIT.search(token)


def index_term(token: str, caps: bool = False, shouting: bool = False) -> str | None:
    """The indexed form of one normalised token (module docstring), None for a stop word."""
    if token in RUSSIAN_STOPWORDS:
        if caps and not shouting and token in KNOWN_ACRONYMS:
            return token
        return None
    if caps and not shouting and len(token) <= MAX_CAPS_RAW:
        return token
    return canonical_term(token)


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value


def _word_term(raw: str) -> str:
    term = _raw_terms.get(raw)
    if term is None:
        term = "" if len(raw) > MAX_TOKEN_LENGTH else index_term(lower(raw)) or ""
        _remember(_raw_terms, raw, term)
    return term


def _caps_term(raw: str, shouting: bool) -> str:
    term = _caps_terms.get((raw, shouting))
    if term is None:
        token, caps, _group = make_word(raw)
        term = ""
        if len(token) <= MAX_TOKEN_LENGTH:
            term = index_term(token, caps, shouting) or ""
        _remember(_caps_terms, (raw, shouting), term)
    return term


def _chunk(chunk: str) -> tuple[str, ...] | int:
    value = _chunks.get(chunk)
    if value is None:
        words = WORD.findall(chunk)
        if any(map(caps_like, words)):
            value = sum(shout_score(make_word(w)) for w in words if caps_like(w))
        else:
            value = tuple(t for t in map(_word_term, words) if t)
        _remember(_chunks, chunk, value)
    return value


def _segment_shouts(chunks: list[str], j: int) -> tuple[int, bool]:
    """Index of the last chunk of chunk j's segment, and whether that segment shouts."""
    first = j
    while first > 0 and not chunks[first - 1].endswith(_SEGMENT_ENDS):
        first -= 1
    last = j
    while last < len(chunks) - 1 and not chunks[last].endswith(_SEGMENT_ENDS):
        last += 1
    score = 0
    for chunk in chunks[first : last + 1]:
        value = _chunk(chunk)
        if value.__class__ is int:
            score += value
    return last, score >= 2


def analyze(text: str) -> list[str]:
    """The indexing pipeline: normalise -> tokenize -> stop words -> acronym-aware stemming.

    Returns the terms in text order; join them with spaces for FTS5 / to_tsvector('simple').

    >>> analyze("Методические объединения и ИОМ педагогов")
    ['методическ', 'объединен', 'иом', 'педагог']

    The same terms as analysing the words of :func:`~.normalise.iter_segments`, found
    faster (a rebuild analyses every document): text is cut into lines and
    whitespace-separated chunks, and a chunk without capitals ("педагогов,") maps to
    its terms through a cache. Only a chunk with a word in capitals needs its segment
    (a line or sentence) to know whether the segment shouts.
    """
    out: list[str] = []
    append, extend = out.append, out.extend
    cached = _chunks.get
    for line in fold_homoglyphs(prepare(text)).split("\n"):
        chunks = line.split()
        segment_end, shouting = -1, False
        for j, chunk in enumerate(chunks):
            value = cached(chunk)
            if value is None:
                value = _chunk(chunk)
            if value.__class__ is int:
                if j > segment_end:
                    segment_end, shouting = _segment_shouts(chunks, j)
                for raw in WORD.findall(chunk):
                    term = (
                        _caps_term(raw, shouting) if caps_like(raw) else _word_term(raw)
                    )
                    if term:
                        append(term)
            elif value:
                extend(value)
    return out
