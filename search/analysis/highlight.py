"""Search-result snippets with the matching words marked.

Every word of the original text is analysed like a query word (all forms the index may
hold for it); a word matches when one of its forms is a query term (or starts with a
prefix term). The snippet is the window of at most ``max_len`` characters holding the
most distinct matched terms, cut at word boundaries; the original word forms are kept,
everything is HTML-escaped, and matches are wrapped in ``<mark>…</mark>``.
"""

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from .normalise import iter_segments
from .query import Query, word_variants

ELLIPSIS = "…"
# A word of the original text: letters and digits, with the invisible characters and
# combining marks that normalisation removes or folds (soft hyphen, stress marks).
_ORIGINAL_WORD = re.compile(
    r"[^\W_](?:[^\W_]|[\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f])*"
)
# The same words found faster: a word character class that admits "_" after the first
# letter; the rare match holding "_" is re-split with _ORIGINAL_WORD.
_WORD_RUN = re.compile(r"[^\W_][\w\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f]*")
_RUN_CHARACTER = re.compile(r"[\w\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _forms(word: str) -> frozenset[str]:
    forms: set[str] = set()
    for segment, _shouting in iter_segments(word):
        for token, caps, _group in segment:
            forms.add(token)
            forms.update(word_variants(token, caps, False))
    return frozenset(forms)


def _split_terms(
    query_terms: Query | Iterable[str],
) -> tuple[set[str], tuple[str, ...]]:
    exact: set[str] = set()
    prefixes: set[str] = set()
    if isinstance(query_terms, Query):
        for clause in query_terms.clauses:
            for alternative in clause.alternatives:
                *head, last = alternative.terms
                exact.update(head)
                (prefixes if alternative.prefix else exact).add(last)
    else:
        for term in query_terms:
            if term.endswith("*"):
                prefixes.add(term.rstrip("*"))
            elif term:
                exact.add(term)
    return exact, tuple(p for p in prefixes if p)


def _spans(text: str, exact: set[str], prefixes: tuple[str, ...]):
    """(start, end, query term) of every word of ``text`` that matches.

    Distinct words are tried once; the few that match are then located with
    ``str.find`` (a word found where a longer run of letters starts earlier or ends
    later is not that word). Text with "_" takes the plain word-by-word path.
    """
    if "_" in text:
        spans = []
        for m in _ORIGINAL_WORD.finditer(text):
            hit = _matched_term(m.group(), exact, prefixes)
            if hit is not None:
                spans.append((m.start(), m.end(), hit))
        return spans
    known = _matches_of(exact, prefixes)  # word -> term, shared by a page of hits
    matched = {}
    for word in set(_WORD_RUN.findall(text)):
        hit = known.get(word, "")
        if hit == "":
            hit = known[word] = _matched_term(word, exact, prefixes)
        if hit is not None:
            matched[word] = hit
    spans = []
    for word, hit in matched.items():
        size = len(word)
        start = text.find(word)
        while start >= 0:
            run = _WORD_RUN.match(text, start)
            if run.end() == start + size and (
                start == 0 or not _RUN_CHARACTER.match(text, start - 1)
            ):
                spans.append((start, start + size, hit))
            start = text.find(word, start + size)
    spans.sort()
    return spans


_MATCHES: dict[tuple, dict[str, str | None]] = {}


def _matches_of(exact: set[str], prefixes: tuple[str, ...]) -> dict[str, str | None]:
    key = (frozenset(exact), prefixes)
    known = _MATCHES.get(key)
    if known is None or len(known) > 100_000:
        if len(_MATCHES) >= 32:
            _MATCHES.clear()
        known = _MATCHES[key] = {}
    return known


def _matched_term(word: str, exact: set[str], prefixes: tuple[str, ...]) -> str | None:
    forms = _forms(word)
    if not forms.isdisjoint(exact):
        return min(forms & exact)
    for p in prefixes:
        for f in forms:
            if f.startswith(p):
                return p
    return None


def _escape(piece: str) -> str:
    return html.escape(_SPACES.sub(" ", piece))


def highlight(text: str, query_terms: Query | Iterable[str], max_len: int = 240) -> str:
    """An HTML-safe snippet of ``text`` around the best match, matches in ``<mark>``.

    ``query_terms``: analysed terms (e.g. :func:`~.query.query_terms`; a trailing "*"
    marks a prefix) or a :class:`~.query.Query`. Without any match, the start of the
    text is returned (escaped, shortened).
    """
    if not text:
        return ""
    exact, prefixes = _split_terms(query_terms)
    spans = _spans(text, exact, prefixes) if exact or prefixes else []
    if not spans:
        end = _cut_end(text, min(len(text), max_len), 0)
        return _escape(text[:end]).strip() + (ELLIPSIS if end < len(text) else "")
    best, best_score, j = (0, 1), None, 0
    for i in range(len(spans)):
        j = max(j, i + 1)
        while j < len(spans) and spans[j][1] - spans[i][0] <= max_len:
            j += 1
        window = spans[i:j]
        score = (len({s[2] for s in window}), len(window))
        if best_score is None or score > best_score:
            best, best_score = (i, j), score
    first, last = spans[best[0]][0], spans[best[1] - 1][1]
    slack = max(0, max_len - (last - first))
    start = max(0, first - slack // 2)
    end = min(len(text), max(last, start + max_len))
    start = max(0, min(start, end - max_len, first))
    start = _cut_start(text, start, first)
    end = _cut_end(text, end, last)
    out = [ELLIPSIS] if start > 0 else []
    position = start
    for s, e, _term in spans:
        if s < start or e > end:
            continue
        out.append(_escape(text[position:s]))
        out.append("<mark>" + _escape(text[s:e]) + "</mark>")
        position = e
    out.append(_escape(text[position:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return "".join(out).strip()


def _cut_start(text: str, start: int, limit: int) -> int:
    """Move ``start`` forward out of a word (not past ``limit``)."""
    if start == 0 or text[start - 1].isspace():
        return start
    space = _SPACES.search(text, start, limit)
    return space.end() if space else start


def _cut_end(text: str, end: int, limit: int) -> int:
    """Move ``end`` back out of a word (not before ``limit``)."""
    if end >= len(text) or text[end].isspace():
        return end
    cut = end
    while cut > limit and not text[cut - 1].isspace():
        cut -= 1
    return cut if cut > limit else end
