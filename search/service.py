"""The query entry point: the configured engine, falling back to the embedded one."""

import logging

from .engines import get_engine, primary_name
from .query import SearchQuery, SearchResults, Suggestion

logger = logging.getLogger(__name__)


def search(query: SearchQuery) -> SearchResults:
    """Answer from the primary engine; if it fails, from the embedded index, marked degraded."""
    name = primary_name()
    try:
        return get_engine(name).search(query)
    except Exception as exc:  # noqa: BLE001 - any engine failure degrades, never a 500
        if name == "embedded":
            raise
        logger.warning(
            "Search engine %s failed, answering from the embedded index: %s", name, exc
        )
    results = get_engine("embedded").search(query)
    results.degraded = True
    return results


def suggest(prefix: str, limit: int = 8) -> tuple[list[Suggestion], str, bool]:
    name = primary_name()
    try:
        return get_engine(name).suggest(prefix, limit), name, False
    except Exception as exc:  # noqa: BLE001
        if name == "embedded":
            raise
        logger.warning("Suggest on %s failed, using the embedded index: %s", name, exc)
    return get_engine("embedded").suggest(prefix, limit), "embedded", True
