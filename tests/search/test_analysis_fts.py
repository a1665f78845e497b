"""search.analysis FTS5 and tsquery output, run against an in-memory SQLite table."""

import random
import sqlite3

import pytest

from search.analysis import (
    Alternative,
    Clause,
    Query,
    analyze,
    expand_query,
    to_fts5,
    to_tsquery,
)

from .analysis_support import DOCS, SYNONYMS, assert_valid_tsquery


@pytest.fixture(scope="module")
def fts():
    connection = sqlite3.connect(":memory:")
    # The embedded engine's table definition (search/engines/embedded_sql.py).
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'\")"
    )
    for key, text in DOCS.items():
        connection.execute(
            "INSERT INTO docs(rowid, title, body) VALUES (?, ?, '')",
            (key, " ".join(analyze(text))),
        )
    yield connection
    connection.close()


def found(fts, text, synonyms=SYNONYMS, prefix=False):
    expression = to_fts5(expand_query(text, synonyms, prefix_last=prefix))
    if not expression:
        return set()
    return {
        row[0]
        for row in fts.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)
        )
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("методических объединений", {1, 9}),  # and "МО" (synonym)
        ("иом", {2, 3}),  # lowercase acronym + synonym
        ("ИОМ", {2, 3}),
        ("индивидуальные образовательные маршруты", {2, 3}),
        ("P2P", {4}),  # Latin query, Cyrillic document
        ("равный равному", {4}),
        ("елка", {5}),
        ("семеновском", {5}),
        ("273-ФЗ", {6}),
        ("273 фз", {6}),
        ("методист-тьютор", {7}),
        ("ЦНППМ", {7, 8}),
        ("ниу", {8}),
        ("НИУ", {8}),
        ("план работы", {9}),
        ("методическое объединение", {1, 9}),  # МО ≈ методическое объединение
        ("СЕМИНАР", set()),
    ],
)
def test_fts5_search(fts, query, expected):
    assert found(fts, query) == expected


def test_fts5_prefix_search(fts):
    assert found(fts, "Постро", prefix=True) == {2}
    assert found(fts, "методич", prefix=True) == {1}


HOSTILE = [
    '"',
    '""',
    "'",
    "(",
    ")",
    "())(",
    ":",
    "title:иом",
    "{title body}: x",
    "*",
    "иом*",
    "^иом",
    "NEAR(a b, 3)",
    "a AND OR NOT b",
    "a + b - c",
    "'; DROP TABLE docs; --",
    '"иом" OR "x',
    "\\",
    "\x00",
    "😀 漢字 ٣",
    "& | ! <-> :* ''",
    "-",
    "—",
    "…",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_fts5_never_fails_on_hostile_input(fts, text):
    for prefix in (False, True):
        expression = to_fts5(expand_query(text, SYNONYMS, prefix_last=prefix))
        if expression:
            fts.execute(
                "SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)
            ).fetchall()
        assert_valid_tsquery(
            to_tsquery(expand_query(text, SYNONYMS, prefix_last=prefix))
        )


def test_fuzz_fts5_and_tsquery(fts):
    rng = random.Random(20240601)
    alphabet = (
        "\"'()[]{}:*^+-!&|<>~.,;\\/ \tNEARANDORNOTaeopxиомёЁР2Р0129«»—\u00ad\u200b"
    )
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        for prefix in (False, True):
            query = expand_query(text, SYNONYMS, prefix_last=prefix)
            expression = to_fts5(query)
            if expression:
                fts.execute(
                    "SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)
                ).fetchall()
            assert_valid_tsquery(to_tsquery(query))


def test_syntax_quotes_terms_that_carry_syntax():
    query = Query(
        (Clause((Alternative(('a"b',)), Alternative(("it's", "x:y"), prefix=True))),)
    )
    assert to_fts5(query) == '("a b" OR ("it s" AND "x y"*))'
    assert to_tsquery(query) == "(('a' <-> 'b') | (('it' <-> 's') & ('x' <-> 'y':*)))"
    assert to_fts5(Query()) == to_tsquery(Query()) == to_fts5(None) == ""
    assert to_fts5(Query((Clause((Alternative(("(",)),)),))) == ""


def test_tsquery_shapes():
    query = expand_query("ИОМ педагогов", SYNONYMS)
    assert (
        to_tsquery(query)
        == "('иом' | ('индивидуальн' <-> 'образовательн' <-> 'маршрут')) & 'педагог'"
    )
    assert (
        to_fts5(query)
        == '("иом" OR "индивидуальн образовательн маршрут") AND "педагог"'
    )
    assert_valid_tsquery(to_tsquery(expand_query("учителя", prefix_last=True)))
