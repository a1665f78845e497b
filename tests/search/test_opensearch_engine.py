"""The contract on a live OpenSearch node (started by scripts/opensearch.sh in CI)."""

import os
import uuid

import pytest

from search.engines import get_engine, reset_engines

from .contract import EngineContract

URL = os.environ.get("PORTAL_TEST_OPENSEARCH_URL", "")
needs_node = pytest.mark.skipif(
    not URL, reason="PORTAL_TEST_OPENSEARCH_URL is not set (no OpenSearch node)"
)


@pytest.fixture
def opensearch_settings(settings):
    index = f"test-{uuid.uuid4().hex[:10]}"
    settings.PORTAL_SEARCH = {
        "ENGINE": "opensearch",
        "URL": URL,
        "INDEX": index,
        "TIMEOUT": 10,
    }
    reset_engines()
    yield index
    engine = get_engine("opensearch")
    engine.client.indices.delete(index=f"{index}-*", ignore_unavailable=True)
    reset_engines()


@needs_node
class TestOpenSearchEngine(EngineContract):
    @pytest.fixture
    def engine(self, db, opensearch_settings):
        engine = get_engine("opensearch")
        engine.ensure_index()
        return engine

    def test_rebuild_swaps_the_alias(self, indexed):
        from .contract import CORPUS

        before = set(indexed.client.indices.get_alias(name=indexed.alias))
        list(indexed.rebuild([CORPUS[:3], CORPUS[3:]]))
        after = set(indexed.client.indices.get_alias(name=indexed.alias))
        assert before and after and before.isdisjoint(after)
        assert sum(indexed.count_by_type().values()) == len(CORPUS)


def test_ci_always_has_a_node():
    if os.environ.get("CI") == "true":
        assert URL, (
            "CI must start OpenSearch (scripts/opensearch.sh) and set PORTAL_TEST_OPENSEARCH_URL"
        )
