"""The Elasticsearch 8/9 engine (search/engines/elasticsearch.py).

No Elasticsearch 8/9 node can run on the project's machines (its modules are not on Maven
Central), so CI proves the engine by the wire: for every call the engine contract makes
(tests/search/contract.py), the Elasticsearch engine — searching through `elasticsearch.dsl`
— puts the same requests on the wire as the OpenSearch engine, and builds the same results
from the same responses. The requests are captured where each client hands its serialised
bytes to HTTP (elastic_transport's urllib3 node, opensearch-py's urllib3 connection), so
what is compared is what a server would receive.

With ELASTICSEARCH_URL set, the whole contract also runs against that live cluster.
"""

import dataclasses
import json
import os
import uuid
from urllib.parse import parse_qsl

import pytest
from django.utils import timezone
from elastic_transport import ApiResponseMeta, HttpHeaders, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse
from opensearchpy.connection import Urllib3HttpConnection

from search.engines import dsl, get_engine, reset_engines
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.opensearch import OpenSearchEngine
from search.models import OutboxEntry
from search.outbox import apply_all_pending
from search.query import FACETS, SearchQuery
from search.service import search as service_search
from search.service import suggest as service_suggest

from .contract import CORPUS, EngineContract

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
FAKE_URL = "http://search.test:9200"
FROZEN_NOW = timezone.now()  # both engines compute "now" (boosts, index names) from it
NEW_INDEX = f"portal-{FROZEN_NOW.strftime('%Y%m%d%H%M%S%f')}"
CONTRACT_TESTS = sorted(n for n in dir(EngineContract) if n.startswith("test_"))


# A pretend cluster, shared by both clients ---------------------------------
@dataclasses.dataclass
class Request:
    method: str
    path: str
    params: dict
    body: object


class FakeCluster:
    """Records each request as it would go on the wire and answers like a cluster would.

    Text searches find nothing until the fuzzy retry, so both bodies of a search are sent
    and the response parsing (hits, facets, corrected query) is exercised too.
    """

    def __init__(self, alias_exists=True, product_header=True):
        self.alias_exists = alias_exists
        self.product_header = product_header
        self.requests: list[Request] = []

    def handle(self, method: str, path: str, params: dict, raw) -> tuple[int, object]:
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8")
        if raw and path.endswith("/_bulk"):
            body = [json.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            body = json.loads(raw) if raw else None
        self.requests.append(Request(method, path, params, body))
        if method == "HEAD":
            return (200 if self.alias_exists else 404), None
        if path.endswith("/_search"):
            return 200, self.search_response(body)
        if path.endswith("/_bulk"):
            ops = [
                next(iter(line)) for line in body if set(line) <= {"index", "delete"}
            ]
            items = [{op: {"_index": "portal", "status": 200}} for op in ops]
            return 200, {"took": 1, "errors": False, "items": items}
        if method == "GET" and path.startswith("/_alias/"):
            return 200, {"portal-old": {"aliases": {path.rsplit("/", 1)[1]: {}}}}
        if path == "/_cluster/health":
            return 200, {"cluster_name": "fake", "status": "green"}
        return 200, {"acknowledged": True}

    @staticmethod
    def search_response(body) -> dict:
        text = json.dumps(body, ensure_ascii=False)
        found = "multi_match" not in text or "fuzziness" in text
        hits = [
            {"_index": "portal", "_id": d.key, "_score": 2.0 - i, "_source": dsl.document_source(d)}
            for i, d in enumerate(CORPUS[1:3])
        ] if found else []  # fmt: skip
        counts = {
            name: {"buckets": [{"key": "event", "doc_count": 2}] if found else []}
            for name in (*FACETS, "types")
        }
        counts["sample"] = counts["best"] = {"doc_count": len(hits), **counts}
        # Only the aggregations the body asks for, as a cluster answers.
        aggregations = {name: counts[name] for name in (body or {}).get("aggs", {})}
        return {
            "took": 1,
            "timed_out": False,
            "hits": {"total": {"value": len(hits), "relation": "eq"}, "hits": hits},
            "aggregations": aggregations,
        }


def _split(target: str) -> tuple[str, dict]:
    path, _, query = target.partition("?")
    return path, dict(parse_qsl(query))


@pytest.fixture
def cluster(monkeypatch, settings):
    """Both clients talk to one FakeCluster instead of the network; time stands still."""
    fake = FakeCluster()
    # A rebuild analyses and sends in this process, where the fake records requests
    # (forked workers would record them in their own memory).
    settings.PORTAL_SEARCH = {
        "URL": FAKE_URL, "INDEX": "portal", "TIMEOUT": 5, "REBUILD_PROCESSES": 0,
    }  # fmt: skip
    reset_engines()

    def es_node(node, method, target, body=None, headers=None, request_timeout=None):
        path, params = _split(target)
        status, data = fake.handle(method, path, params, body)
        header = {"x-elastic-product": "Elasticsearch"} if fake.product_header else {}
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders(
                {
                    **header,
                    "content-type": "application/vnd.elasticsearch+json;compatible-with=9",
                }
            ),
            duration=0.0,
            node=node.config,
        )
        return NodeApiResponse(
            meta, json.dumps(data).encode() if data is not None else b""
        )

    def os_connection(conn, method, url, params=None, body=None, timeout=None, ignore=(), headers=None):  # fmt: skip
        path, query = _split(url)
        params = {k: v.decode() if isinstance(v, bytes) else str(v) for k, v in (params or {}).items()}  # fmt: skip
        status, data = fake.handle(method, path, {**query, **params}, body)
        return status, {"content-type": "application/json"}, json.dumps(data) if data is not None else ""  # fmt: skip

    monkeypatch.setattr(Urllib3HttpNode, "perform_request", es_node)
    monkeypatch.setattr(Urllib3HttpConnection, "perform_request", os_connection)
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW)
    yield fake
    reset_engines()


# The contract's calls --------------------------------------------------------
class Recorder:
    """Wraps an engine and records every engine call the contract makes through it."""

    CALLS = {"upsert", "delete", "search", "suggest", "count_by_type", "health", "clear", "refresh", "rebuild"}  # fmt: skip

    def __init__(self, engine):
        self._engine = engine
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name):
        attr = getattr(self._engine, name)
        if name not in self.CALLS:
            return attr

        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return attr(*args, **kwargs)

        return call


def contract_calls(test_name: str) -> list[tuple[str, tuple, dict]]:
    """The engine calls one contract test makes, harvested by running it on the embedded engine.

    Harvesting (rather than copying the queries here) keeps this suite in step with the
    contract: a query added there is compared here with no edit.
    """
    engine = get_engine("embedded")
    engine.clear()
    recorder = Recorder(engine)
    contract = EngineContract()
    recorder.upsert(CORPUS)  # the contract's `indexed` fixture
    contract.refresh(recorder)
    try:
        getattr(contract, test_name)(recorder)
    except AssertionError:
        pass  # the embedded engine's own suite reports that; the calls made so far count
    return recorder.calls


def replay(engine, calls, cluster):
    """Run the calls on an engine; per call, the wire requests it made and what it returned."""
    out = []
    for name, args, kwargs in calls:
        start = len(cluster.requests)
        result = getattr(engine, name)(*args, **kwargs)
        if name == "rebuild":
            result = list(result)
        out.append((name, cluster.requests[start:], _neutral(result)))
    return out


def _neutral(result):
    """Results without the engine's name, which is the one thing meant to differ."""
    if dataclasses.is_dataclass(result) and hasattr(result, "engine"):
        return dataclasses.replace(result, engine="")
    return result


def assert_same_wire(calls, cluster):
    assert calls, "nothing to compare"
    opensearch = replay(OpenSearchEngine(), calls, cluster)
    elasticsearch = replay(ElasticsearchEngine(), calls, cluster)
    for (name, args, kwargs), os_run, es_run in zip(calls, opensearch, elasticsearch, strict=True):  # fmt: skip
        what = f"{name}{args or ''}{kwargs or ''}"[:200]
        os_requests, es_requests = os_run[1], es_run[1]
        assert len(os_requests) == len(es_requests), what
        for os_req, es_req in zip(os_requests, es_requests, strict=True):
            assert _endpoint(es_req) == _endpoint(os_req), what
            assert _canon(es_req.body) == _canon(os_req.body), (
                f"{what}: {es_req.method} {es_req.path} body differs\n"
                f"opensearch:    {_canon(os_req.body)}\nelasticsearch: {_canon(es_req.body)}\n"
                "(elasticsearch.dsl writes bool clauses as lists and leaves empty ones out: "
                "engines/dsl.py must build bodies in that form)"
            )
        assert es_run[2] == os_run[2], (
            f"{what}: different results from the same response"
        )


def _endpoint(request: Request) -> tuple[str, str, dict]:
    """Method, path and query string; the bulk API is one endpoint under PUT (elasticsearch) and POST."""
    method = request.method
    if request.path.endswith("/_bulk") and method == "PUT":
        method = "POST"
    return method, request.path, request.params


def _canon(body) -> str:
    """JSON-normalised: key order and whitespace do not count, everything else does."""
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("test_name", CONTRACT_TESTS)
def test_same_wire_requests_as_opensearch(db, cluster, test_name):
    """Every request of every contract test: same method, path and JSON body on both clients."""
    calls = contract_calls(test_name)
    if test_name != "test_health":
        assert any(c[0] in ("search", "suggest", "count_by_type") for c in calls)
    assert_same_wire(calls, cluster)


def test_the_comparison_covers_the_contract_queries(db):
    """The harvest really finds the contract's queries (a guard against a silent empty list)."""
    calls = [c for name in CONTRACT_TESTS for c in contract_calls(name)]
    queries = [args[0] for name, args, _ in calls if name == "search"]
    texts = {q.q for q in queries}
    assert {"методических объединений", "елка", "семеновском", "Р2Р", "ИОМ", "ЦНППМПР",
            "наставнечестве", "историков", "'; DROP TABLE"} <= texts  # fmt: skip
    assert any(q.date_from and q.date_to for q in queries)
    assert any(q.scope_municipality for q in queries)
    assert any(q.types and q.levels for q in queries)
    assert any(q.page == 2 for q in queries)
    assert any(name == "suggest" for name, _, _ in calls)
    assert any(name == "count_by_type" for name, _, _ in calls)
    assert any(name == "delete" for name, _, _ in calls)


def test_searches_go_through_elasticsearch_dsl(db, cluster, monkeypatch):
    from elasticsearch.dsl import Search

    executed = []
    execute = Search.execute

    def spy(self, *args, **kwargs):
        executed.append(self.to_dict())
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(Search, "execute", spy)
    engine = ElasticsearchEngine()
    results = engine.search(SearchQuery(q="семинар"))
    # The exact query found nothing; the fuzzy one found two and counted their facets
    # exactly itself (its best matches: all of them here; no third request).
    assert len(executed) == 2
    assert "best" not in executed[0]["aggs"]
    assert executed[1]["aggs"]["best"]["sampler"] == {"shard_size": 10_000}
    assert results.corrected_query == "семинар"
    assert [h.key for h in results.hits] == ["page:2", "page:3"]
    assert results.facets["type"] == [("event", 2)] and results.facets_exact
    assert engine.suggest("Семин")[0].title == CORPUS[1].title
    assert engine.count_by_type() == {"event": 2}
    assert len(executed) == 4
    searches = [r for r in cluster.requests if r.path.endswith("/_search")]
    assert [_canon(r.body) for r in searches] == [_canon(body) for body in executed]


def test_index_creation_sends_the_same_settings_and_mappings(db, cluster):
    cluster.alias_exists = False
    assert_same_wire([("ensure_index", (), {})], cluster)
    created = [r for r in cluster.requests if r.method == "PUT" and r.body]
    assert len(created) == 2  # one per engine
    assert all(_canon(r.body) == _canon(dsl.index_body()) for r in created)
    assert all(r.path == f"/{NEW_INDEX}" for r in created)


def test_rebuild_bulk_and_alias_swap_send_the_same_requests(db, cluster):
    cluster.alias_exists = True
    assert_same_wire(
        [("rebuild", ([CORPUS[:3], CORPUS[3:]],), {}), ("clear", (), {})], cluster
    )
    bulks = [r for r in cluster.requests if r.path.endswith("/_bulk")]
    assert len(bulks) == 4  # two batches per engine
    sources = [line for r in bulks for line in r.body if "key" in line]
    assert sources == [dsl.document_source(d) for d in CORPUS] * 2
    swaps = [r.body for r in cluster.requests if r.path == "/_aliases"]
    assert (
        swaps[0]
        == swaps[1]
        == {
            "actions": [
                {"remove": {"index": "portal-old", "alias": "portal"}},
                {"add": {"index": NEW_INDEX, "alias": "portal"}},
            ]
        }
    )


def test_bulk_errors_other_than_absent_deletes_fail(db, cluster, monkeypatch):
    handle = FakeCluster.handle

    def failing(self, method, path, params, raw):
        status, data = handle(self, method, path, params, raw)
        if path.endswith("/_bulk"):
            data = {"took": 1, "errors": True, "items": [
                {"delete": {"_index": "portal", "_id": "gone", "status": 404}},
                {"index": {"_index": "portal", "_id": "bad", "status": 400,
                           "error": {"type": "strict_dynamic_mapping_exception"}}},
            ]}  # fmt: skip
        return status, data

    monkeypatch.setattr(FakeCluster, "handle", failing)
    engine = ElasticsearchEngine()
    with pytest.raises(RuntimeError, match="1 bulk operations failed"):
        engine.upsert(CORPUS[:2])


def test_a_server_that_is_not_elasticsearch_degrades_to_embedded(db, cluster, settings):
    """The 8/9 clients refuse other products (e.g. OpenSearch); search falls back, marked degraded."""
    cluster.product_header = False
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ENGINE": "elasticsearch"}
    reset_engines()
    get_engine("embedded").upsert(CORPUS)
    results = service_search(SearchQuery(q="семинар"))
    assert results.degraded is True and results.engine == "embedded"
    assert "page:2" in [h.key for h in results.hits]
    assert get_engine("elasticsearch").health()["ok"] is False


def test_engine_outage_keeps_changes_in_the_outbox(tree, settings):
    """An unreachable Elasticsearch: saving works, search and suggest degrade, nothing is lost."""
    from portal.sections.models import StandardPage

    settings.PORTAL_SEARCH = {
        "ENGINE": "elasticsearch",
        "URL": "http://127.0.0.1:9",
        "TIMEOUT": 1,
    }
    reset_engines()
    try:
        assert isinstance(get_engine(), ElasticsearchEngine)
        page = tree.region_page.add_child(
            instance=StandardPage(title="Региональный конкурс", slug="konkurs")
        )
        apply_all_pending()
        pending = OutboxEntry.objects.filter(engine="elasticsearch")
        assert pending.count() >= 1
        assert pending.first().attempts == 1 and pending.first().last_error
        results = service_search(SearchQuery(q="конкурс"))
        assert results.degraded is True
        assert f"page:{page.pk}" in [hit.key for hit in results.hits]
        suggestions, engine_name, degraded = service_suggest("Регион")
        assert degraded is True and engine_name == "embedded"
        assert not OutboxEntry.objects.filter(engine="embedded").exists()
        assert get_engine().health()["ok"] is False
    finally:
        reset_engines()


# A live cluster --------------------------------------------------------------
needs_cluster = pytest.mark.skipif(
    not ES_URL, reason="ELASTICSEARCH_URL is not set (no Elasticsearch 8/9 cluster)"
)


@pytest.fixture
def elasticsearch_settings(settings):
    index = f"test-{uuid.uuid4().hex[:10]}"
    settings.PORTAL_SEARCH = {
        "ENGINE": "elasticsearch",
        "URL": ES_URL,
        "INDEX": index,
        "TIMEOUT": 10,
    }
    reset_engines()
    yield index
    client = get_engine("elasticsearch").client
    # Elasticsearch 8+ refuses wildcard deletes by default (action.destructive_requires_name).
    names = list(client.indices.get(index=f"{index}-*").body)
    if names:
        client.indices.delete(index=",".join(names))
    reset_engines()


@needs_cluster
class TestElasticsearchEngine(EngineContract):
    @pytest.fixture
    def engine(self, db, elasticsearch_settings):
        engine = get_engine("elasticsearch")
        engine.ensure_index()
        return engine

    def test_rebuild_swaps_the_alias(self, indexed):
        before = set(indexed.client.indices.get_alias(name=indexed.alias).body)
        list(indexed.rebuild([CORPUS[:3], CORPUS[3:]]))
        after = set(indexed.client.indices.get_alias(name=indexed.alias).body)
        assert before and after and before.isdisjoint(after)
        assert sum(indexed.count_by_type().values()) == len(CORPUS)
