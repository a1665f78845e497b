"""How the cells of plugins' spreadsheets read: text, a date, a list of names, and a
choice written either as its label or as the short words people use in tables
(«действует», «районный»), case and ё ignored. Shared by the plugins' import columns."""

import datetime as dt

from . import normalise
from .core_resources import items


def plain(value) -> str:
    return normalise.text(value)


def day(value) -> dt.date | None:
    """A date cell or Russian date text; a date cell with a time keeps only its date."""
    parsed = normalise.date(value)
    return parsed.date() if isinstance(parsed, dt.datetime) else parsed


def names(value) -> tuple[str, ...]:
    """«Математика, Информатика» (or with «;»)."""
    return tuple(items(value))


def choice_with_words(choices, words: dict[str, str]):
    """A choice parser that also knows the words of ``words`` (keys as written)."""
    parse = normalise.choice_parser(choices)
    known = {normalise.key(word): stored for word, stored in words.items()}

    def parse_with_words(value):
        word = normalise.key(plain(value))
        return known[word] if word in known else parse(plain(value))

    return parse_with_words
