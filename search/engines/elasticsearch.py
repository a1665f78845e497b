"""The distributed engine on Elasticsearch 8/9: the `elasticsearch` client and its `elasticsearch.dsl`.

Request bodies come from engines/dsl.py, exactly as for OpenSearch (tests/search/
test_elasticsearch_engine.py proves the wire bodies are equal for every contract query);
searches go through `elasticsearch.dsl.Search`. The standalone `elasticsearch-dsl` package
is deprecated and pins `elasticsearch<9`; its successor is `elasticsearch.dsl`, shipped in
the client since 8.18.

The client's major version must equal the server's: `elasticsearch>=9,<10` for an
Elasticsearch 9 cluster, `elasticsearch>=8.18,<9` for Elasticsearch 8 (same API). The client
refuses servers that are not Elasticsearch (product check), so point OpenSearch at the
`opensearch` engine instead.

Index management uses the keyword API of the 8/9 clients (`settings=`, `mappings=`,
`actions=`, `query=`) where opensearch-py takes `body=`.
"""

from ..conf import search_setting
from . import dsl
from .base import EngineUnavailable
from .opensearch import BULK_CHUNK, ClusterEngine, raise_real_errors


class ElasticsearchEngine(ClusterEngine):
    name = "elasticsearch"

    # Client-specific --------------------------------------------------------
    def make_client(self, url: str):
        from elasticsearch import Elasticsearch

        if not url:
            raise EngineUnavailable("PORTAL_SEARCH['URL'] is not set")
        return Elasticsearch(
            url, request_timeout=self.timeout, max_retries=0, retry_on_timeout=False
        )

    def bulk(self, actions) -> None:
        from elasticsearch import helpers

        _, errors = helpers.bulk(
            self.client.options(request_timeout=max(self.timeout, 30)),
            actions,
            chunk_size=BULK_CHUNK,
            raise_on_error=False,
        )
        raise_real_errors(errors)

    def send_search(self, body: dict) -> dict:
        """Run the shared body through `elasticsearch.dsl`; answer the raw response as a dict."""
        from elasticsearch.dsl import Search

        search = Search(using=self.client, index=self.alias).update_from_dict(body)
        return search.execute().to_dict()

    # Index management (keyword API of the 8/9 clients) ---------------------
    def ensure_index(self) -> None:
        if self._alias_ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            self.client.indices.create(index=name, **dsl.index_body())
            self.client.indices.put_alias(index=name, name=self.alias)
        self._alias_ready = True

    def clear(self) -> None:
        self.ensure_index()
        self.client.delete_by_query(
            index=self.alias, query={"match_all": {}}, refresh=True
        )

    def rebuild(self, batches):
        """Fill a fresh index, then point the alias at it and drop the old ones."""
        name = self._new_index_name()
        body = dsl.index_body()
        self.client.indices.create(
            index=name,
            settings={**body["settings"], "refresh_interval": "-1"},
            mappings=body["mappings"],
        )
        for batch in batches:
            self.bulk(
                {
                    "_op_type": "index",
                    "_index": name,
                    "_id": d.key,
                    "_source": dsl.document_source(d),
                }
                for d in batch
            )
            yield len(batch)
        self.client.indices.put_settings(
            index=name, settings={"index": {"refresh_interval": "1s"}}
        )
        self.client.indices.refresh(index=name)
        old = (
            list(self.client.indices.get_alias(name=self.alias).body)
            if self.client.indices.exists_alias(name=self.alias)
            else []
        )
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for o in old:
            self.client.indices.delete(index=o)
        self._alias_ready = True

    def health(self) -> dict:
        try:
            info = self.client.options(request_timeout=self.timeout).cluster.health()
            return {
                "ok": info["status"] in ("green", "yellow"),
                "status": info["status"],
                "url": search_setting("URL"),
            }
        except Exception as exc:  # noqa: BLE001 - health never raises
            return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
