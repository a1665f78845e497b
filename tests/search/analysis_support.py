"""Shared helpers for the search.analysis tests: synonyms, documents, tsquery check."""

import re

from search.analysis import DEFAULT_SYNONYM_GROUPS, SynonymSet

SYNONYMS = SynonymSet(DEFAULT_SYNONYM_GROUPS)

DOCS = {
    1: "Методическое объединение учителей математики",
    2: "Построение ИОМ педагога по итогам диагностики",
    3: "Индивидуальный образовательный маршрут молодого специалиста",
    4: "Технология Р2Р (равный равному) в школе",  # Cyrillic Р
    5: "Ёлка в Семёновском районе",
    6: "Приказ № 273-ФЗ «Об образовании»",
    7: "Тьютор-методист ЦНППМПР",
    8: "Совещание НИУ и ЦНППМа",
    9: "ПЛАН РАБОТЫ ГОРОДСКОГО МО",
}

_TS_TOKEN = re.compile(
    r"\s*(?:(?P<lexeme>'(?:[^'\\]|''|\\.)+'(?::\*)?)|(?P<op><->|[&|()]))"
)


def assert_valid_tsquery(text: str) -> None:
    """A small parser for the subset to_tsquery() emits: lexemes, & | <-> and parentheses."""
    if not text:
        return
    tokens, position = [], 0
    while position < len(text):
        match = _TS_TOKEN.match(text, position)
        assert match, f"bad tsquery at {position}: {text!r}"
        tokens.append(match.group("lexeme") or match.group("op"))
        position = match.end()

    def operand(i):
        if tokens[i] == "(":
            i = expression(i + 1)
            assert tokens[i] == ")", text
            return i + 1
        assert tokens[i].startswith("'"), text
        return i + 1

    def expression(i):
        i = operand(i)
        while i < len(tokens) and tokens[i] in ("&", "|", "<->"):
            i = operand(i + 1)
        return i

    assert expression(0) == len(tokens), text
