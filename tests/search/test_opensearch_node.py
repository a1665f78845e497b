"""The real OpenSearch node the search tests run against (scripts/opensearch.sh).

scripts/run-tests.sh starts the node and sets PORTAL_TEST_OPENSEARCH_URL; without it
these tests are skipped, except under CI, where a missing URL is a failure so that CI
can never pass by silently skipping the search engine. See docs/search-node.md.
No Django database is used.
"""

import os
import re
import uuid
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

URL_ENV = "PORTAL_TEST_OPENSEARCH_URL"
OPENSEARCH_URL = os.environ.get(URL_ENV, "").strip()
ROOT = Path(__file__).resolve().parents[2]

needs_node = pytest.mark.skipif(
    not OPENSEARCH_URL,
    reason=f"{URL_ENV} is not set: start a node with scripts/opensearch.sh start "
    f"and export {URL_ENV}=http://127.0.0.1:9250 (scripts/run-tests.sh does both)",
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def test_ci_provides_an_opensearch_node():
    if not _in_ci():
        pytest.skip("not under CI: outside CI a missing node only skips the tests")
    assert OPENSEARCH_URL, (
        f"CI=true but {URL_ENV} is not set: scripts/run-tests.sh must start the "
        "node (scripts/opensearch.sh start) so the search tests cannot be skipped"
    )


@pytest.fixture(scope="module")
def client() -> OpenSearch:
    if not OPENSEARCH_URL:
        pytest.skip(f"{URL_ENV} is not set")
    return OpenSearch(OPENSEARCH_URL, timeout=30)


@pytest.fixture
def index(client):
    """A throwaway index name, deleted afterwards whatever the test did."""
    name = f"test-node-check-{uuid.uuid4().hex[:12]}"
    yield name
    client.indices.delete(index=name, ignore_unavailable=True)


def _tokens(client, body, index=None):
    return [
        t["token"] for t in client.indices.analyze(body=body, index=index)["tokens"]
    ]


@needs_node
def test_cluster_is_healthy(client):
    health = client.cluster.health(wait_for_status="yellow")  # waits up to 30 s
    assert not health["timed_out"]
    assert health["status"] in {"green", "yellow"}
    assert health["number_of_nodes"] >= 1


@needs_node
def test_server_is_opensearch_3(client):
    version = client.info()["version"]
    assert version.get("distribution") == "opensearch"
    assert int(version["number"].split(".")[0]) == 3


@needs_node
def test_server_matches_the_production_image(client):
    compose = ROOT / "docker-compose.yml"
    if not compose.exists():
        pytest.skip("no docker-compose.yml")
    match = re.search(
        r"image:\s*opensearchproject/opensearch:(\S+)", compose.read_text()
    )
    assert match, "docker-compose.yml names no opensearchproject/opensearch image"
    assert client.info()["version"]["number"] == match.group(1), (
        "the test node (tools/opensearch/pom.xml) and production "
        "(docker-compose.yml) run different OpenSearch releases"
    )


@needs_node
def test_russian_analyzer_stems_inflected_forms(client):
    body = {"analyzer": "russian", "text": "методическими объединениями"}
    assert _tokens(client, body) == ["методическ", "объединен"]
    # Another case of the same words meets the same stems.
    body = {"analyzer": "russian", "text": "Методическое объединение"}
    assert _tokens(client, body) == ["методическ", "объединен"]


@needs_node
def test_analysis_common_token_filters(client):
    text = "ИОМ методическими объединениями"
    stemmer = {"type": "stemmer", "language": "russian"}
    snowball = {"type": "snowball", "language": "Russian"}
    for stem in (stemmer, snowball):
        body = {"tokenizer": "standard", "filter": ["lowercase", stem], "text": text}
        # The trap keyword_marker exists for: Snowball turns the acronym into "и".
        assert _tokens(client, body) == ["и", "методическ", "объединен"]
    marker = {"type": "keyword_marker", "keywords": ["иом"]}
    body = {
        "tokenizer": "standard",
        "filter": ["lowercase", marker, stemmer],
        "text": text,
    }
    assert _tokens(client, body) == ["иом", "методическ", "объединен"]


@needs_node
def test_synonym_graph_in_a_custom_analyzer(client, index):
    settings = {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            "filter": {
                "ru_stop": {"type": "stop", "stopwords": "_russian_"},
                "ru_keywords": {"type": "keyword_marker", "keywords": ["иом", "р2р"]},
                "ru_stemmer": {"type": "stemmer", "language": "russian"},
                "ru_synonyms": {
                    "type": "synonym_graph",
                    "synonyms": [
                        "иом, индивидуальный образовательный маршрут",
                        # Documents write Р2Р in Cyrillic, queries type Latin P2P.
                        "p2p => р2р",
                    ],
                },
            },
            "analyzer": {
                "ru_index": {
                    "tokenizer": "standard",
                    "filter": ["lowercase", "ru_stop", "ru_keywords", "ru_stemmer"],
                },
                "ru_search": {
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "ru_synonyms",
                        "ru_stop",
                        "ru_keywords",
                        "ru_stemmer",
                    ],
                },
            },
        },
    }
    mappings = {
        "properties": {
            "body": {
                "type": "text",
                "analyzer": "ru_index",
                "search_analyzer": "ru_search",
            }
        }
    }
    client.indices.create(
        index=index, body={"settings": settings, "mappings": mappings}
    )

    tokens = _tokens(client, {"analyzer": "ru_search", "text": "ИОМ"}, index=index)
    assert set(tokens) == {"иом", "индивидуальн", "образовательн", "маршрут"}
    assert _tokens(client, {"analyzer": "ru_search", "text": "P2P"}, index=index) == [
        "р2р"
    ]

    docs = {
        "iom": "Индивидуальные образовательные маршруты педагогов",
        "p2p": "Методика Р2Р в работе методических объединений",
        "other": "Аттестация педагогических работников",
    }
    for doc_id, text in docs.items():
        client.index(index=index, id=doc_id, body={"body": text})
    client.indices.refresh(index=index)

    def hits(query):
        result = client.search(index=index, body={"query": {"match": {"body": query}}})
        return {hit["_id"] for hit in result["hits"]["hits"]}

    assert hits("ИОМ") == {"iom"}
    assert hits("индивидуальный образовательный маршрут") == {"iom"}
    assert hits("P2P") == {"p2p"}
    assert hits("методическое объединение") == {"p2p"}
