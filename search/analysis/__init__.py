"""Russian text analysis for the portal's embedded search (SQLite FTS5 / PostgreSQL).

Documents and queries go through the same Python pipeline, so both databases see the
same terms and behave identically:

* :func:`normalise`, :func:`tokenize` - NFKC, case and ё folding, Latin/Cyrillic
  homoglyph folding ("P2P" = "Р2Р"), dashes, quotes, invisible characters;
* :func:`analyze` - indexing terms: stop words dropped, Snowball stems, acronyms kept;
* :func:`expand_query` -> :class:`Query` (AND of clauses, each an OR of alternatives,
  each an AND or phrase of terms), with synonyms (:class:`SynonymSet`) and prefixes;
  :func:`to_fts5` / :func:`to_tsquery` turn it into MATCH / tsquery text;
* :class:`TypoCorrector` and :func:`correct_query` - "did you mean";
* :func:`highlight` - escaped snippets with ``<mark>``.
"""

from .highlight import highlight
from .normalise import fold_homoglyphs, fold_word, normalise, prepare, tokenize
from .query import (
    Alternative,
    Clause,
    Query,
    analyze_query,
    correct_query,
    describe,
    expand_query,
    query_terms,
    word_variants,
)
from .stemming import BACKEND, analyze, canonical_term, index_term, stem
from .stopwords import KNOWN_ACRONYMS, RUSSIAN_STOPWORDS
from .synonyms import DEFAULT_SYNONYM_GROUPS, SynonymSet
from .syntax import (
    PAIR_JOINER,
    term_pairs,
    title_tags,
    to_fts5,
    to_tsquery,
    to_tsquery_title_tags,
)
from .typo import TypoCorrector, damerau_levenshtein

__all__ = [
    "BACKEND",
    "DEFAULT_SYNONYM_GROUPS",
    "KNOWN_ACRONYMS",
    "PAIR_JOINER",
    "RUSSIAN_STOPWORDS",
    "Alternative",
    "Clause",
    "Query",
    "SynonymSet",
    "TypoCorrector",
    "analyze",
    "analyze_query",
    "canonical_term",
    "correct_query",
    "damerau_levenshtein",
    "describe",
    "expand_query",
    "fold_homoglyphs",
    "fold_word",
    "highlight",
    "index_term",
    "normalise",
    "prepare",
    "query_terms",
    "stem",
    "term_pairs",
    "title_tags",
    "to_fts5",
    "to_tsquery",
    "to_tsquery_title_tags",
    "tokenize",
    "word_variants",
]
