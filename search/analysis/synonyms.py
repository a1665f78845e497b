"""Synonym groups: equivalent words and phrases ("ИОМ" ≈ "индивидуальный образовательный
маршрут").

Recommended use: **query-time expansion** (:func:`~.query.expand_query` with a
:class:`SynonymSet`). The index stays free of synonyms, so editing a group in the admin
takes effect at once without a reindex, and phrases keep their true positions.
:meth:`SynonymSet.index_terms` exists for an engine that must expand at index time (one
that cannot send OR queries); put its output in a separate column, never between the
document's own terms (that would break phrase positions), and reindex after every edit.

Phrases are matched on their case-independent analysed form (:func:`canonical_term`),
so "повышения квалификации" in a query matches the group phrase "повышение
квалификации", and "иом" matches "ИОМ". Matching is greedy, longest phrase first ("ФР
ДПП" wins over "ДПП"). A phrase listed in several groups expands to all of them.
"""

import re
from collections.abc import Iterable, Sequence

from .normalise import iter_segments
from .query import Alternative, phrase_alternatives
from .stemming import canonical_term, index_term

DEFAULT_SYNONYM_GROUPS: list[list[str]] = [
    [
        "ЦНППМ",
        "ЦНППМПР",
        "ЦНППМГР",
        "центр непрерывного повышения профессионального мастерства",
    ],
    ["ФР ДПП", "ФРОП ДППО", "ФР ДППО", "федеральный реестр"],
    ["ИОМ", "индивидуальный образовательный маршрут"],
    ["тьютор-методист", "методист-тьютор"],
    ["ПК", "повышение квалификации"],
    ["ПП", "профессиональная переподготовка"],
    ["ДПП", "дополнительная профессиональная программа"],
    ["МО", "методическое объединение"],
    ["ММС", "муниципальная методическая служба"],
    ["Р2Р", "равный равному"],
]

_SEPARATORS = re.compile(r"[\n;=≈|]|,(?!\d)")


def _analyse_phrase(phrase: str):
    """Words ``(token, caps, shouting)`` of a phrase, stop words dropped."""
    words = []
    for segment, shouting in iter_segments(phrase):
        for token, caps, _group in segment:
            if index_term(token, caps, shouting) is not None:
                words.append((token, caps, shouting))
    return words


class SynonymSet:
    """Groups of equivalent phrases, matched against analysed query words.

    ``groups``: each group an iterable of phrases, or one string of phrases separated by
    new lines, ";", "=", "≈", "|" or commas. Phrases that analyse to nothing (only stop
    words) are ignored, and so are groups left with fewer than two phrases. Instances are
    plain data and pickle (they may sit in Django's cache).
    """

    def __init__(self, groups: Iterable[Iterable[str] | str] = ()):
        self.groups: list[tuple[str, ...]] = []
        self._expansions: dict[tuple[str, ...], tuple[Alternative, ...]] = {}
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        phrase_groups: dict[tuple[str, ...], list[int]] = {}
        group_alternatives: list[list[Alternative]] = []
        for group in groups:
            phrases = (
                _SEPARATORS.split(group) if isinstance(group, str) else list(group)
            )
            analysed = []
            for phrase in phrases:
                words = _analyse_phrase(str(phrase))
                if words:
                    analysed.append((str(phrase).strip(), words))
            keys = {tuple(canonical_term(w[0]) for w in words) for _, words in analysed}
            if len(keys) < 2:
                continue
            number = len(self.groups)
            self.groups.append(tuple(p for p, _ in analysed))
            alternatives: list[Alternative] = []
            for _, words in analysed:
                alternatives.extend(phrase_alternatives(words))
                phrase_groups.setdefault(
                    tuple(canonical_term(w[0]) for w in words), []
                ).append(number)
            group_alternatives.append(alternatives)
        for key, numbers in phrase_groups.items():
            merged = {alt: None for n in numbers for alt in group_alternatives[n]}
            self._expansions[key] = tuple(merged)
            self._by_first.setdefault(key[0], []).append(key)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)

    @classmethod
    def parse(cls, text: str) -> "SynonymSet":
        """One group per line, phrases separated by ";", "=", "≈", "|" or commas."""
        return cls(line for line in text.splitlines() if line.strip())

    def __len__(self) -> int:
        return len(self.groups)

    def __repr__(self) -> str:
        return f"<SynonymSet of {len(self.groups)} groups>"

    def match(
        self, keys: Sequence[str], start: int
    ) -> tuple[int, tuple[Alternative, ...]] | None:
        """The longest phrase at ``keys[start:]`` (canonical terms): (its length, expansions)."""
        for candidate in self._by_first.get(keys[start], ()):
            end = start + len(candidate)
            if end <= len(keys) and tuple(keys[start:end]) == candidate:
                return len(candidate), self._expansions[candidate]
        return None

    def expand(self, phrase: str) -> tuple[Alternative, ...]:
        """The alternatives of the group(s) a whole phrase belongs to, or ()."""
        keys = tuple(canonical_term(w[0]) for w in _analyse_phrase(phrase))
        return self._expansions.get(keys, ())

    def index_terms(self, terms: Sequence[str]) -> list[str]:
        """Index-time expansion (not recommended, see module docstring): for every phrase
        found in ``terms`` (the output of :func:`~.stemming.analyze`), the terms of its
        synonyms, to store in a separate column. Needs a reindex after every edit.
        """
        extra: dict[str, None] = {}
        i = 0
        keys = list(terms)
        while i < len(keys):
            found = self.match(keys, i)
            if found:
                for alternative in found[1]:
                    for term in alternative.terms:
                        extra.setdefault(term, None)
                i += found[0]
            else:
                i += 1
        own = set(terms)
        return [t for t in extra if t not in own]
