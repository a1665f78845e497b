"""Engine selection. The embedded engine is always fed (it is the fallback)."""

from functools import cache

from django.utils.module_loading import import_string

from ..conf import search_setting

ENGINE_CLASSES = {
    "embedded": "search.engines.embedded.EmbeddedEngine",
    "opensearch": "search.engines.opensearch.OpenSearchEngine",
    "elasticsearch": "search.engines.elasticsearch.ElasticsearchEngine",
}


def primary_name() -> str:
    return search_setting("ENGINE")


def engine_names() -> list[str]:
    """Engines that receive every change: embedded first, then the primary if different."""
    names = ["embedded"]
    if primary_name() != "embedded":
        names.append(primary_name())
    return names


@cache
def _engine(name: str):
    return import_string(ENGINE_CLASSES[name])()


def get_engine(name: str | None = None):
    return _engine(name or primary_name())


def reset_engines() -> None:
    """Forget engine instances (tests that change settings call this)."""
    _engine.cache_clear()
