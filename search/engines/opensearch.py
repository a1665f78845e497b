"""The distributed engine on OpenSearch 3 (opensearch-py). Bodies come from engines/dsl.py.

Rebuild writes a new index and swaps the alias, so search never sees an empty index.
"""

import datetime as dt
import logging
import multiprocessing
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor

from django.utils import timezone

from .. import analysis
from ..conf import search_setting
from ..query import FACETS, Hit, SearchQuery, SearchResults, Suggestion
from . import dsl
from .base import Engine, EngineUnavailable

logger = logging.getLogger(__name__)

BULK_CHUNK = 1000
#: A new index is not searched until the alias swap: no refreshes, and a translog
#: fsynced in the background rather than per request, while it is filled.
BULK_LOAD_SETTINGS = {"refresh_interval": "-1", "translog.durability": "async"}
LIVE_SETTINGS = {"refresh_interval": "1s", "translog.durability": "request"}


def raise_real_errors(errors: list[dict]) -> None:
    """Bulk errors other than deleting an already absent document are failures."""
    real = [
        e for e in errors if not ("delete" in e and e["delete"].get("status") == 404)
    ]
    if real:
        sample = "; ".join(str(e)[:300] for e in real[:3])
        raise RuntimeError(f"{len(real)} bulk operations failed: {sample}")


class ClusterEngine(Engine):
    """Shared logic of OpenSearch and Elasticsearch; subclasses provide the client."""

    name = ""

    def __init__(self):
        self.alias = search_setting("INDEX")
        self.timeout = search_setting("TIMEOUT")
        self.client = self.make_client(search_setting("URL"))
        self._alias_ready = False

    # Client-specific --------------------------------------------------------
    def make_client(self, url: str):
        raise NotImplementedError

    def bulk(self, actions) -> None:
        raise NotImplementedError

    def send_search(self, body: dict) -> dict:
        return self.client.search(index=self.alias, body=body)

    # Index management -------------------------------------------------------
    def _new_index_name(self) -> str:
        return f"{self.alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"

    def ensure_index(self) -> None:
        if self._alias_ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            body = dsl.index_body()
            self.create_index(name, body["settings"], body["mappings"])
            self.client.indices.put_alias(index=name, name=self.alias)
        self._alias_ready = True

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    # Writing ----------------------------------------------------------------
    def upsert(self, documents) -> None:
        if documents:
            self.ensure_index()
            self.bulk(
                {
                    "_op_type": "index",
                    "_index": self.alias,
                    "_id": d.key,
                    "_source": dsl.document_source(d),
                }
                for d in documents
            )

    def delete(self, keys) -> None:
        if keys:
            self.ensure_index()
            self.bulk(
                {"_op_type": "delete", "_index": self.alias, "_id": k} for k in keys
            )

    def clear(self) -> None:
        self.ensure_index()
        self.client.delete_by_query(
            index=self.alias, body={"query": {"match_all": {}}}, refresh=True
        )

    def rebuild(self, batches):
        """Fill a fresh index, then point the alias at it and drop the old ones.

        The caller's process reads the documents (the specs use its database
        connection); REBUILD_PROCESSES forked processes analyse each batch and send it
        in a bulk request. Analysis is pure Python and holds the GIL, so a thread could
        not overlap it with the reading (docs/benchmarks.md); processes do, and while
        one waits for the node the other analyses. A failed rebuild (a refused batch, a
        worker that died, the node gone) drops its index once nothing is sending to it
        any more, and leaves the alias where it was.
        """
        name = self._new_index_name()
        body = dsl.index_body()
        self.create_index(
            name, {**body["settings"], **BULK_LOAD_SETTINGS}, body["mappings"]
        )
        try:
            yield from self._fill(name, batches)
            self.put_index_settings(name, LIVE_SETTINGS)
            self.client.indices.refresh(index=name)
            self.client.indices.flush(index=name)
        except BaseException:
            self._drop_unfinished(name)
            raise
        old = self.alias_indices()
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.update_aliases(actions)
        for o in old:
            self.client.indices.delete(index=o)
        self._alias_ready = True

    def _fill(self, name: str, batches):
        processes = search_setting("REBUILD_PROCESSES")
        if not processes or not sys.platform.startswith("linux"):
            # 0, or no safe fork (macOS, Windows): here, one batch after another.
            for batch in batches:
                yield index_batch(self, name, batch)
            return
        pending: deque = deque()
        pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_rebuild_worker,
            initargs=(type(self),),
        )
        try:
            for batch in batches:
                pending.append(pool.submit(_worker_index_batch, name, batch))
                # One batch waits for each busy process: memory stays bounded.
                while len(pending) > 2 * processes:
                    pending.popleft().result()  # a dead worker: BrokenProcessPool
                yield len(batch)
            while pending:
                pending.popleft().result()
        finally:
            # Queued batches are dropped; those being sent finish before the caller
            # may delete the index (a late bulk request would create it again).
            pool.shutdown(wait=True, cancel_futures=True)

    def _drop_unfinished(self, name: str) -> None:
        try:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        except Exception:  # noqa: BLE001 - the rebuild's own error matters more
            logger.warning(
                "could not delete the unfinished index %s", name, exc_info=True
            )

    # Index administration (the two clients' APIs differ) ---------------------
    def create_index(self, name: str, settings: dict, mappings: dict) -> None:
        self.client.indices.create(
            index=name, body={"settings": settings, "mappings": mappings}
        )

    def put_index_settings(self, name: str, settings: dict) -> None:
        self.client.indices.put_settings(index=name, body={"index": settings})

    def alias_indices(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return list(self.client.indices.get_alias(name=self.alias))

    def update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(body={"actions": actions})

    # Reading ----------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        from ..synonyms import current_synonyms

        self.ensure_index()
        parsed = (
            analysis.expand_query(query.q, current_synonyms())
            if query.q.strip()
            else None
        )
        if parsed is not None and parsed.is_empty:
            return SearchResults(total=0, hits=[], facets={}, engine=self.name)
        now = timezone.now()
        response = self.send_search(dsl.search_body(query, parsed, now))
        corrected, fuzzy = "", False
        if parsed is not None and response["hits"]["total"]["value"] == 0:
            fuzzy = True
            response = self.send_search(
                dsl.search_body(query, parsed, now, fuzzy=True, best_facets=True)
            )
            if response["hits"]["total"]["value"]:
                corrected = query.q
        total = response["hits"]["total"]["value"]
        terms = analysis.query_terms(parsed) if parsed is not None else []
        hits = []
        for raw in response["hits"]["hits"]:
            src = raw["_source"]
            hits.append(
                Hit(
                    key=src["key"],
                    type=src["type"],
                    title=src["title"],
                    url=src.get("url") or "",
                    summary=src.get("summary") or "",
                    highlight=analysis.highlight(
                        f"{src.get('summary') or ''} {src.get('body') or ''}", terms
                    )
                    if terms
                    else "",
                    level=src.get("level") or "",
                    region=src.get("region"),
                    municipality=src.get("municipality"),
                    organisation=src.get("organisation"),
                    start=dt.datetime.fromisoformat(src["start"])
                    if src.get("start")
                    else None,
                    score=float(raw.get("_score") or 0),
                )  # fmt: skip
            )
        facets, exact = self._facets(query, parsed, fuzzy, response, total)
        return SearchResults(
            total=total, hits=hits, facets=facets, engine=self.name,
            corrected_query=corrected, facets_exact=exact,
        )  # fmt: skip

    def _facets(self, query, parsed, fuzzy, response, total):
        """Facets: from the sample bucket the search counted, scaled, for more than
        FACET_EXACT_LIMIT results; exact (a second, hit-less request) for fewer, or
        counted exactly by the search itself (the fuzzy retry's best matches)."""
        if not query.with_facets or not total:
            return {}, True
        sample = response["aggregations"]["sample"]
        best = response["aggregations"].get("best")
        if best is not None and total <= dsl.FACET_EXACT_LIMIT:
            # The fuzzy retry counted its best matches: here, all of them.
            aggregations, factor = best, 1
        elif total > dsl.FACET_EXACT_LIMIT and sample["doc_count"]:
            aggregations, factor = sample, total / sample["doc_count"]
        else:
            body = dsl.facets_body(query, parsed, fuzzy)
            aggregations, factor = self.send_search(body)["aggregations"], 1
        facets = {}
        for name in FACETS:
            buckets = aggregations.get(name, {}).get("buckets", [])
            counts = [(str(b["key"]), round(b["doc_count"] * factor)) for b in buckets]
            facets[name] = sorted(counts, key=lambda item: (-item[1], item[0]))
        return facets, factor == 1

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        if not prefix.strip():
            return []
        self.ensure_index()
        response = self.send_search(dsl.suggest_body(prefix, limit))
        return [Suggestion(title=h["_source"]["title"], url=h["_source"].get("url") or "", type=h["_source"]["type"])
                for h in response["hits"]["hits"]]  # fmt: skip

    def count_by_type(self) -> dict[str, int]:
        self.ensure_index()
        response = self.send_search(
            {"size": 0, "aggs": {"types": {"terms": {"field": "type", "size": 100}}}}
        )
        return {
            b["key"]: b["doc_count"]
            for b in response["aggregations"]["types"]["buckets"]
        }

    def health(self) -> dict:
        try:
            info = self.client.cluster.health(request_timeout=self.timeout)
            return {
                "ok": info["status"] in ("green", "yellow"),
                "status": info["status"],
                "url": search_setting("URL"),
            }
        except Exception as exc:  # noqa: BLE001 - health never raises
            return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


#: The engine of a rebuild's worker process (its own client: connections are not shared
#: across a fork).
_worker_engine: ClusterEngine | None = None


def _start_rebuild_worker(engine_class) -> None:
    global _worker_engine
    _worker_engine = engine_class()


def _worker_index_batch(index: str, documents) -> int:
    try:
        return index_batch(_worker_engine, index, documents)
    except Exception as exc:  # noqa: BLE001 - re-raised as a plain error
        # Only a plain error crosses back to the parent intact (some clients'
        # errors cannot be unpickled there).
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from None


def index_batch(engine: ClusterEngine, index: str, documents) -> int:
    """Analyse a batch of a rebuild and send it to the new index. In a worker process:
    no database access here (the connection is the parent's)."""
    engine.bulk(
        {"_op_type": "index", "_index": index, "_id": d.key,
         "_source": dsl.document_source(d)}
        for d in documents
    )  # fmt: skip
    return len(documents)


class OpenSearchEngine(ClusterEngine):
    name = "opensearch"

    def make_client(self, url: str):
        from opensearchpy import OpenSearch

        if not url:
            raise EngineUnavailable("PORTAL_SEARCH['URL'] is not set")
        return OpenSearch(
            hosts=[url], timeout=self.timeout, max_retries=0, retry_on_timeout=False
        )

    def bulk(self, actions) -> None:
        from opensearchpy import helpers

        _, errors = helpers.bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK,
            request_timeout=max(self.timeout, 30),
            raise_on_error=False,
        )
        raise_real_errors(errors)
