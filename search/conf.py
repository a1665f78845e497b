"""Search settings, read through one accessor (defaults documented in docs/search.md)."""

from django.conf import settings

DEFAULTS = {
    #: The engine that answers queries: "embedded", "opensearch" or "elasticsearch".
    "ENGINE": "embedded",
    #: Address of the distributed engine.
    "URL": "",
    #: Index (alias) name on the distributed engine.
    "INDEX": "portal",
    #: Primary shards of a new index. One suits most portals; two let a two-core node
    #: search a large index (100,000+ documents) on both cores (docs/search.md).
    "SHARDS": 1,
    #: Processes that analyse and send documents during a full rebuild of the
    #: distributed engine's index, beside the one reading them (docs/search.md); 0: the
    #: reading process does it all (also where processes cannot be forked).
    "REBUILD_PROCESSES": 2,
    #: Seconds before a request to the distributed engine gives up.
    "TIMEOUT": 5,
    #: Apply outbox entries right after the transaction commits (the worker catches the rest).
    "APPLY_ON_COMMIT": True,
    #: Results per page of the public search.
    "PAGE_SIZE": 20,
}


def search_setting(name: str):
    return {**DEFAULTS, **getattr(settings, "PORTAL_SEARCH", {})}[name]
