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


def title_tags(terms: Iterable[str]) -> list[str]:
    """Each part of the title's terms once more, tagged by a leading joiner ("ѣкласс").

    Indexed in the full vector, the tags let the GIN index alone answer "matches the
    query and holds one of its terms in the title" (:func:`to_tsquery_title_tags`): the
    PostgreSQL engine ranks a very common word from those documents only
    (search.engines.embedded, the title window). A tag never equals a term or a pair,
    which never start with the joiner.
    """
    parts = (p for t in terms for p in WORD.findall(t) if PAIR_JOINER not in p)
    return [f"{PAIR_JOINER}{p}" for p in dict.fromkeys(parts)]


def to_tsquery_title_tags(query: Query | None) -> str:
    """The title tags a document needs for ``ts_rank`` of its title and
    :func:`to_tsquery` to be above zero: ``('ѣиом' | 'ѣпедагог' | 'ѣсемин':*)``.

    ``ts_rank`` ranks an AND or a phrase (``calc_rank_and``) by pairs of the query's
    operands it finds, whatever the query's structure: one found operand ranks 1e-20.
    Then the title must hold two distinct operands: ``(('ѣа' & 'ѣб') | …)``; any one
    operand otherwise (an OR, one lexeme, a prefix that may stand for two, or more
    than six lexemes).
    """
    if query is None:
        return ""
    operands = []
    for clause in query.clauses:
        for alternative in clause.alternatives:
            units = _units(alternative)
            for n, unit in enumerate(units):
                for k, part in enumerate(unit):
                    prefix = (
                        alternative.prefix
                        and n == len(units) - 1
                        and k == len(unit) - 1
                    )
                    operands.append(_ts_lexeme(PAIR_JOINER + part, prefix))
    lexemes = list(dict.fromkeys(operands))
    if not lexemes:
        return ""
    top_and = len(query.clauses) > 1 or (
        len(query.clauses) == 1
        and len(query.clauses[0].alternatives) == 1
        and sum(len(u) for u in _units(query.clauses[0].alternatives[0])) > 1
    )
    prefixed = any(lexeme.endswith(":*") for lexeme in lexemes)
    if not top_and or prefixed or len(lexemes) > 6 or len(lexemes) < 2:
        return "(" + " | ".join(lexemes) + ")"
    # An operand given twice may be found twice in one title word.
    either = [f"({a} & {b})" for i, a in enumerate(lexemes) for b in lexemes[i + 1 :]]
    either += [lexeme for lexeme in lexemes if operands.count(lexeme) > 1]
    return "(" + " | ".join(either) + ")"


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
