"""Query analysis: user text -> :class:`Query`, an AND of clauses, each an OR of alternatives.

A :class:`Query` is what both engines translate (:func:`~.syntax.to_fts5`,
:func:`~.syntax.to_tsquery`)::

    Query(clauses=(                                   # all clauses must match
        Clause(alternatives=(                         # any alternative may match
            Alternative(terms=("иом",)),
            Alternative(terms=("индивидуальн", "образовательн", "маршрут"), phrase=True),
        ), text="иом", kind="synonym"),
        Clause(alternatives=(Alternative(terms=("педагог",)),), text="педагогов"),
    ))

Every query word is analysed like the documents (:mod:`.stemming`). Its alternatives are
every form the index may hold for it: the indexed form, the case-independent stem, and,
for words of two to five letters, the whole word (capitalised words of that length are
indexed whole). A compound ("273-ФЗ", "тьютор-методист") is one clause with a phrase of
its parts. Synonyms (:class:`~.synonyms.SynonymSet`) replace the matched words by a clause
whose alternatives are all phrases of the group; the words as typed come first.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .normalise import iter_segments
from .stemming import canonical_term, index_term, keeps_whole
from .stopwords import KNOWN_ACRONYMS

if TYPE_CHECKING:
    from .synonyms import SynonymSet
    from .typo import TypoCorrector

MAX_CLAUSES = 16
MAX_ALTERNATIVES = 12
MAX_PHRASE_VARIANTS = 8
MIN_PREFIX = 2


@dataclass(frozen=True)
class Alternative:
    """Terms that must all match: as a phrase (adjacent, in order) when ``phrase``.

    ``prefix`` makes the last term a prefix (search-as-you-type).
    """

    terms: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Clause:
    """One position of the query: any of its alternatives may match.

    ``text`` is the normalised source text (for "did you mean"); ``kind`` is "word",
    "compound", "synonym" or "corrected".
    """

    alternatives: tuple[Alternative, ...]
    text: str = ""
    kind: str = "word"


@dataclass(frozen=True)
class Query:
    """An AND of clauses. Empty when the text held only stop words or punctuation."""

    clauses: tuple[Clause, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses


def word_variants(token: str, caps: bool = False, shouting: bool = False) -> list[str]:
    """Every form under which the index may hold this normalised word, indexed form first."""
    primary = index_term(token, caps, shouting) or token
    variants = [primary]
    canonical = canonical_term(token)
    if canonical not in variants:
        variants.append(canonical)
    if token not in variants and token not in KNOWN_ACRONYMS and keeps_whole(token):
        variants.append(token)
    return variants


def phrase_alternatives(words, *, prefix: bool = False) -> list[Alternative]:
    """Alternatives for a run of words ``(token, caps, shouting)``: the product of variants."""
    per_word = [word_variants(*w) for w in words]
    if prefix:
        per_word[-1] = prefix_variants(words[-1][0], per_word[-1])
        if not per_word[-1]:
            return []
    combos = itertools.islice(itertools.product(*per_word), MAX_PHRASE_VARIANTS)
    return [Alternative(tuple(c), phrase=len(c) > 1, prefix=prefix) for c in combos]


def prefix_variants(token: str, variants: list[str]) -> list[str]:
    """Prefixes for a partly typed word: no variant that another variant already covers.

    A stem much shorter than the typed word ("учите" -> "уч") would match far too much,
    so a stem is kept only when it has four letters or lost at most one.
    """
    keep = [
        v for v in variants if v == token or len(v) >= 4 or len(v) >= len(token) - 1
    ]
    keep = sorted({v for v in keep if len(v) >= MIN_PREFIX}, key=len)
    out: list[str] = []
    for v in keep:
        if not any(v.startswith(u) for u in out):
            out.append(v)
    return out


def _dedupe(alternatives) -> tuple[Alternative, ...]:
    seen: dict[Alternative, None] = {}
    for alt in alternatives:
        seen.setdefault(alt, None)
    return tuple(seen)[:MAX_ALTERNATIVES]


def expand_query(
    text: str, synonyms: SynonymSet | None = None, *, prefix_last: bool = False
) -> Query:
    """Analyse user text into a :class:`Query` (module docstring).

    Stop words are dropped like at indexing. With ``prefix_last`` (search-as-you-type)
    the last word, if the text does not end with a space or punctuation, becomes a
    prefix, even when it is a stop word ("по" may become "поддержка"); a last word
    shorter than two letters is then dropped. Synonyms never swallow a prefix word.
    """
    words = []  # (token, caps, shouting, group)
    for segment, shouting in iter_segments(text):
        words.extend((token, caps, shouting, group) for token, caps, group in segment)
    prefix = prefix_last and bool(text) and text[-1].isalnum()
    kept = []
    prefix_kept = False
    for n, (token, caps, shouting, group) in enumerate(words):
        if prefix and n == len(words) - 1:
            prefix_kept = len(token) >= MIN_PREFIX
            if prefix_kept:
                kept.append((token, caps, shouting, group))
        elif index_term(token, caps, shouting) is not None:
            kept.append((token, caps, shouting, group))
    prefix = prefix_kept
    keys = [canonical_term(w[0]) for w in kept]
    clauses: list[Clause] = []
    i = 0
    while i < len(kept) and len(clauses) < MAX_CLAUSES:
        match = synonyms.match(keys, i) if synonyms else None
        if match and prefix and i + match[0] >= len(kept):
            match = None
        if match:
            n, expansions = match
            source = kept[i : i + n]
            own = phrase_alternatives([w[:3] for w in source])
            clause_text = " ".join(w[0] for w in source)
            clauses.append(Clause(_dedupe([*own, *expansions]), clause_text, "synonym"))
            i += n
            continue
        j = i + 1
        while j < len(kept) and kept[j][3] == kept[i][3]:
            j += 1
        run = kept[i:j]
        is_prefix = prefix and j == len(kept)
        alternatives = phrase_alternatives([w[:3] for w in run], prefix=is_prefix)
        if alternatives:
            kind = "compound" if len(run) > 1 else "word"
            clauses.append(
                Clause(_dedupe(alternatives), "-".join(w[0] for w in run), kind)
            )
        i = j
    return Query(tuple(clauses))


def analyze_query(text: str, synonyms: SynonymSet | None = None) -> list[list[str]]:
    """Per clause, its alternatives as strings (multi-term ones space-joined).

    >>> analyze_query("ИОМ педагогов")
    [['иом'], ['педагог']]
    """
    return [
        [" ".join(a.terms) for a in c.alternatives]
        for c in expand_query(text, synonyms).clauses
    ]


def query_terms(query: Query, first_only: bool = False) -> list[str]:
    """The terms of a query, for highlighting (all, distinct) or, with ``first_only``, the
    terms of each clause's first alternative in order (the query as typed, analysed).
    """
    if first_only:
        return [t for c in query.clauses for t in c.alternatives[0].terms]
    seen: dict[str, None] = {}
    for clause in query.clauses:
        for alternative in clause.alternatives:
            for term in alternative.terms:
                seen.setdefault(term, None)
    return list(seen)


def describe(query: Query) -> str:
    """The query as words, e.g. for "Did you mean: …" after :func:`correct_query`."""
    return " ".join(c.text for c in query.clauses if c.text)


def _respell(word: str, stem: str, correction: str) -> str:
    """Carry the typed ending over to the corrected stem: наставнечестве -> наставничестве."""
    return correction + word[len(stem) :] if word.startswith(stem) else correction


def correct_query(
    query: Query, corrector: TypoCorrector | None, limit: int = 5
) -> Query | None:
    """Replace the single words the vocabulary does not know by their corrections.

    Returns the corrected query, or None when nothing was corrected (every word known,
    too short, with digits, or without a close vocabulary term).
    """
    if corrector is None or query.is_empty:
        return None
    changed = False
    clauses = []
    for clause in query.clauses:
        terms = [
            a.terms[0]
            for a in clause.alternatives
            if len(a.terms) == 1 and not a.prefix
        ]
        if clause.kind == "word" and terms and not any(t in corrector for t in terms):
            primary = terms[0]
            found = [c for c in corrector.correct(primary) if c != primary][:limit]
            if found and primary.isalpha():
                alternatives = tuple(Alternative((c,)) for c in found)
                clause = Clause(
                    alternatives, _respell(clause.text, primary, found[0]), "corrected"
                )
                changed = True
        clauses.append(clause)
    return Query(tuple(clauses)) if changed else None
