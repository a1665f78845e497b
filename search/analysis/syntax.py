"""A :class:`~.query.Query` as an SQLite FTS5 MATCH expression or a PostgreSQL tsquery.

User text never reaches these strings: only analysed terms do, and each is re-split
into letter/digit runs and quoted, so no input can produce FTS syntax (operators, column
filters, NEAR, quotes, parentheses, colons) or a syntax error. An empty query gives "";
callers must then skip the MATCH.

Both expressions go to the database as bind parameters, never spliced into SQL:
``fts MATCH %s`` and ``to_tsquery('simple', %s)``. The FTS5 table should use
``tokenize = "unicode61 remove_diacritics 0"`` (terms are already folded; the default
``remove_diacritics 1`` would also fold "й" to "и"), PostgreSQL the 'simple'
configuration on both sides (to_tsvector and to_tsquery), over the space-joined output
of :func:`~.stemming.analyze`.
"""

from collections.abc import Iterable
from itertools import pairwise

from .normalise import WORD
from .query import Alternative, Query

#: Joins two adjacent terms into one indexed word pair ("федеральнѣреестр"): a letter
#: (yat) that modern text never holds, so PostgreSQL's parser keeps the pair one lexeme.
PAIR_JOINER = "ѣ"


def term_pairs(terms: Iterable[str]) -> list[str]:
    """Every two adjacent terms as one word pair (shingle), in order.

    PostgreSQL matches a phrase (``a <-> b``) by reading each candidate's positions from
    its full vector; the pair ``aѣb`` is one lexeme the GIN index answers alone. Parts
    are the letter/digit runs the parser sees, as in phrase queries.
    """
    parts = [p for t in terms for p in WORD.findall(t) if PAIR_JOINER not in p]
    return [f"{a}{PAIR_JOINER}{b}" for a, b in pairwise(parts)]


def _units(alternative: Alternative) -> list[tuple[str, ...]]:
    """The alternative's terms as units to AND together; a unit of several parts is a
    phrase. A phrase alternative is one unit. Parts are letter/digit runs only.
    """
    if alternative.phrase:
        parts = tuple(p for t in alternative.terms for p in WORD.findall(t))
        return [parts] if parts else []
    units = [tuple(WORD.findall(t)) for t in alternative.terms]
    return [u for u in units if u]


def _fts5_string(parts: tuple[str, ...]) -> str:
    return '"' + " ".join(parts).replace('"', '""') + '"'


def _fts5_alternative(alternative: Alternative) -> str:
    units = _units(alternative)
    if not units:
        return ""
    strings = [_fts5_string(u) for u in units]
    if alternative.prefix:
        strings[-1] += "*"
    return strings[0] if len(strings) == 1 else "(" + " AND ".join(strings) + ")"


def to_fts5(query: Query | None) -> str:
    """The SQLite FTS5 MATCH expression: ``("иом" OR "индивидуальн образовательн маршрут")
    AND "педагог"``; prefixes as ``"семин"*``. Column-filter it as ``title : (expr)``.
    """
    if query is None:
        return ""
    clauses = []
    for clause in query.clauses:
        alternatives = list(
            dict.fromkeys(filter(None, map(_fts5_alternative, clause.alternatives)))
        )
        if alternatives:
            clauses.append(
                alternatives[0]
                if len(alternatives) == 1
                else "(" + " OR ".join(alternatives) + ")"
            )
    return " AND ".join(clauses)


def _ts_lexeme(part: str, prefix: bool = False) -> str:
    quoted = "'" + part.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + ":*" if prefix else quoted


def _ts_alternative(alternative: Alternative, pairs: bool = False) -> str:
    units = _units(alternative)
    if not units:
        return ""
    strings = []
    for n, unit in enumerate(units):
        prefix = alternative.prefix and n == len(units) - 1
        if pairs and len(unit) > 1:
            words = term_pairs(unit)
            lexemes = [
                _ts_lexeme(w, prefix and k == len(words) - 1)
                for k, w in enumerate(words)
            ]
            joiner = " & "
        else:
            lexemes = [
                _ts_lexeme(p, prefix and k == len(unit) - 1) for k, p in enumerate(unit)
            ]
            joiner = " <-> "
        strings.append(
            lexemes[0] if len(lexemes) == 1 else "(" + joiner.join(lexemes) + ")"
        )
    return strings[0] if len(strings) == 1 else "(" + " & ".join(strings) + ")"


def to_tsquery(query: Query | None, pairs: bool = False) -> str:
    """The PostgreSQL ``to_tsquery('simple', …)`` text: ``('иом' | ('индивидуальн' <->
    'образовательн' <-> 'маршрут')) & 'педагог'``; prefixes as ``'семин':*``.

    With ``pairs`` (an index holding :func:`term_pairs`) a phrase is its word pairs:
    ``('индивидуальнѣобразовательн' & 'образовательнѣмаршрут')``, exact for two words
    and for a prefix ("тьютор-мет" is ``'тьюторѣмет':*``); a longer phrase may also
    match its pairs apart, as Elasticsearch's shingles do.
    """
    if query is None:
        return ""
    clauses = []
    for clause in query.clauses:
        alternatives = list(
            dict.fromkeys(
                filter(None, (_ts_alternative(a, pairs) for a in clause.alternatives))
            )
        )
        if alternatives:
            clauses.append(
                alternatives[0]
                if len(alternatives) == 1
                else "(" + " | ".join(alternatives) + ")"
            )
    return " & ".join(clauses)
