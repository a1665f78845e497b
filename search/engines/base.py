"""The engine interface. One contract test suite (tests/search/contract.py) runs against each."""

from collections.abc import Iterable, Iterator

from ..documents import SearchDocument
from ..query import SearchQuery, SearchResults, Suggestion


class EngineUnavailable(Exception):
    """The engine cannot be reached; callers fall back to the embedded engine."""


class Engine:
    #: Name used in settings, outbox rows and API responses.
    name: str = ""

    def upsert(self, documents: list[SearchDocument]) -> None:
        raise NotImplementedError

    def delete(self, keys: list[str]) -> None:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    def rebuild(self, batches: Iterable[list[SearchDocument]]) -> Iterator[int]:
        """Replace the whole index; yields the number of documents written per batch."""
        raise NotImplementedError

    def count_by_type(self) -> dict[str, int]:
        raise NotImplementedError

    def health(self) -> dict:
        """{"ok": bool, ...details}; never raises."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError
