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
    def clear(self) -> None:
        self.ensure_index()
        self.client.delete_by_query(
            index=self.alias, query={"match_all": {}}, refresh=True
        )

    def create_index(self, name: str, settings: dict, mappings: dict) -> None:
        self.client.indices.create(index=name, settings=settings, mappings=mappings)

    def put_index_settings(self, name: str, settings: dict) -> None:
        self.client.indices.put_settings(index=name, settings={"index": settings})

    def alias_indices(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return list(self.client.indices.get_alias(name=self.alias).body)

    def update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(actions=actions)

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
