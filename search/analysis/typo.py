"""Typo tolerance: vocabulary terms within a small Damerau-Levenshtein distance.

:class:`TypoCorrector` is a symmetric-delete index (SymSpell, Wolf Garbe 2012): a
vocabulary term and a query are within distance *d* when deleting at most *d*
characters from each gives a common string, so the index maps every such deletion of
each term to the term, and a lookup only generates the query's own deletions. As in
SymSpell, deletions are taken from the first :attr:`prefix_length` characters only,
which keeps the index small; every candidate is then checked with the true distance
(optimal string alignment: insertions, deletions, substitutions and transpositions of
adjacent characters), so no false positive is returned.

Distance allowed by query length: 0 below 4 characters, 1 from 4, 2 from 8. Feed it
the index terms (stems) and correct a stemmed query term: "наставнечеств" ->
"наставничеств".
"""

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping

# Index entries are floats: a 29-bit hash of a deletion times 2**24 plus the index of a
# prefix, exact in a double's 53-bit mantissa. Python sorts floats about twice as fast
# as 64-bit integers, which is most of the build time.
_ID_SPAN = 1 << 24  # up to 16.7 million terms
_HASH_MASK = (1 << 29) - 1
_SPAN = float(_ID_SPAN)


def damerau_levenshtein(a: str, b: str, max_distance: int | None = None) -> int:
    """Optimal-string-alignment distance; stops early above ``max_distance`` (returns
    ``max_distance + 1`` then).
    """
    if a == b:
        return 0
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    # Keep one shared character before the difference, for transpositions across it.
    if start:
        start -= 1
    a, b = a[start:end_a], b[start:end_b]
    la, lb = len(a), len(b)
    limit = max(la, lb) if max_distance is None else max_distance
    if abs(la - lb) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(lb + 1))
    for i in range(1, la + 1):
        ca = a[i - 1]
        current = [i] + [0] * lb
        row_min = i
        for j in range(1, lb + 1):
            cb = b[j - 1]
            value = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)
            )
            if (
                i > 1
                and j > 1
                and ca == b[j - 2]
                and a[i - 2] == cb
                and before[j - 2] + 1 < value
            ):
                value = before[j - 2] + 1
            current[j] = value
            if value < row_min:
                row_min = value
        if row_min > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[lb], limit + 1)


def max_distance_for(term: str) -> int:
    """The distance a query term of this length may be corrected by."""
    n = len(term)
    return 2 if n >= 8 else 1 if n >= 4 else 0


def _deletions(word: str, depth: int) -> list[str]:
    """``word`` and every string made by deleting up to ``depth`` (1 or 2) characters.

    May hold repeats (words with doubled letters); callers tolerate them.
    """
    out = [word]
    n = len(word)
    for i in range(n):
        once = word[:i] + word[i + 1 :]
        out.append(once)
        if depth > 1:
            out.extend([once[:j] + once[j + 1 :] for j in range(i, n - 1)])
    return out


def _index_depth(term: str) -> int:
    """Deletions to index for a term: one of 6+ letters can be 2 edits from a query of 8+
    letters, one of 3+ letters 1 edit from a query of 4+, a shorter one from none.
    """
    n = len(term)
    return 2 if n >= 6 else 1 if n >= 3 else 0


class TypoCorrector:
    """Vocabulary terms close to a query term (module docstring).

    ``vocabulary``: terms, or a mapping term -> frequency (more frequent terms come
    first among equally distant ones; repeated terms in an iterable are counted).

    Storage is compact: the terms sorted (terms sharing a prefix are adjacent, so a
    prefix is named by the index of its first term) and one sorted array of doubles,
    each a 29-bit hash of a deletion joined to the index of a prefix. A hash collision
    only adds a candidate that the distance check then rejects. Hashes are per
    process, so pickling rebuilds the index.
    """

    def __init__(
        self,
        vocabulary: Iterable[str] | Mapping[str, int] = (),
        *,
        prefix_length: int = 7,
    ):
        self.prefix_length = prefix_length
        if isinstance(vocabulary, Mapping):
            frequency = {str(t): int(f) for t, f in vocabulary.items() if t}
        else:
            frequency = {}
            for term in vocabulary:
                if term:
                    frequency[term] = frequency.get(term, 0) + 1
        self._build(frequency)

    def _build(self, frequency: dict[str, int]) -> None:
        if len(frequency) >= _ID_SPAN:
            raise ValueError("vocabulary too large")
        size = self.prefix_length
        self._terms = terms = sorted(frequency)
        self._frequency = array("q", (frequency[t] for t in terms))
        self._added: dict[str, int] = {}  # terms given to add() since the last build
        self._added_keys: dict[str, set[str]] = {}
        packed: list[float] = []
        i, count = 0, len(terms)
        while i < count:
            prefix = terms[i][:size]
            need, j = 0, i
            while j < count and terms[j][:size] == prefix:
                need = max(need, _index_depth(terms[j]))
                j += 1
            if need:
                packed.extend(
                    [
                        (h & _HASH_MASK) * _SPAN + i
                        for h in map(hash, _deletions(prefix, need))
                    ]
                )
            i = j
        packed.sort()
        self._keys = array("d", packed)

    def add(self, terms: Iterable[str]) -> None:
        """Add terms (counted once more each) without rebuilding the whole index; a
        rebuild happens when the added terms exceed a tenth of the vocabulary.
        """
        for term in terms:
            if not term:
                continue
            k = bisect_left(self._terms, term)
            if k < len(self._terms) and self._terms[k] == term:
                self._frequency[k] += 1
                continue
            if term not in self._added:
                depth = _index_depth(term)
                if depth:
                    for key in _deletions(term[: self.prefix_length], depth):
                        self._added_keys.setdefault(key, set()).add(term)
            self._added[term] = self._added.get(term, 0) + 1
        if len(self._added) > max(1000, len(self._terms) // 10):
            frequency = dict(zip(self._terms, self._frequency, strict=True))
            frequency.update(self._added)
            self._build(frequency)

    def __reduce__(self):
        frequency = dict(zip(self._terms, self._frequency, strict=True))
        frequency.update(self._added)
        return _rebuild, (frequency, self.prefix_length)

    def __contains__(self, term: object) -> bool:
        if not isinstance(term, str):
            return False
        k = bisect_left(self._terms, term)
        return (k < len(self._terms) and self._terms[k] == term) or term in self._added

    def __len__(self) -> int:
        return len(self._terms) + len(self._added)

    def frequency(self, term: str) -> int:
        """How often the term was given (0 when unknown)."""
        k = bisect_left(self._terms, term)
        if k < len(self._terms) and self._terms[k] == term:
            return self._frequency[k]
        return self._added.get(term, 0)

    def _candidates(self, term: str, allowed: int) -> dict[str, int]:
        """Terms sharing a deletion with ``term`` and of a close length -> frequency."""
        terms, keys, size = self._terms, self._keys, self.prefix_length
        n = len(term)
        starts: set[int] = set()
        found: dict[str, int] = {}
        for key in set(_deletions(term[:size], allowed)):
            wanted = (hash(key) & _HASH_MASK) * _SPAN
            k = bisect_left(keys, wanted)
            while k < len(keys) and keys[k] < wanted + _SPAN:
                starts.add(int(keys[k] - wanted))
                k += 1
            for added in self._added_keys.get(key, ()):
                if abs(len(added) - n) <= allowed:
                    found[added] = self._added[added]
        for start in starts:
            prefix = terms[start][:size]
            i = start
            while i < len(terms) and terms[i][:size] == prefix:
                if abs(len(terms[i]) - n) <= allowed:
                    found[terms[i]] = self._frequency[i]
                i += 1
        return found

    def correct(self, term: str, limit: int | None = None) -> list[str]:
        """Vocabulary terms within the allowed distance of ``term`` (itself included when
        known), nearest first, then most frequent, then alphabetical.
        """
        allowed = max_distance_for(term)
        if allowed == 0:
            return [term] if term in self else []
        scored = []
        for candidate, frequency in self._candidates(term, allowed).items():
            distance = damerau_levenshtein(term, candidate, allowed)
            if distance <= allowed:
                scored.append((distance, -frequency, candidate))
        scored.sort()
        found = [c for _, _, c in scored]
        return found if limit is None else found[:limit]


def _rebuild(frequency: dict[str, int], prefix_length: int) -> TypoCorrector:
    return TypoCorrector(frequency, prefix_length=prefix_length)
