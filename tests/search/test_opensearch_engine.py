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

    def test_a_typo_is_answered_with_exact_facets_in_two_requests(
        self, indexed, monkeypatch
    ):
        from search.query import SearchQuery

        bodies = []
        send = indexed.send_search
        monkeypatch.setattr(
            indexed, "send_search", lambda body: bodies.append(body) or send(body)
        )
        results = indexed.search(SearchQuery(q="наставнечестве"))
        assert [h.key for h in results.hits] == ["page:3"]
        assert results.corrected_query == "наставнечестве"
        assert results.facets["type"] == [("event", 1)] and results.facets_exact
        assert results.facets["municipality"] == [("11", 1)]
        assert len(bodies) == 2 and "fuzziness" in str(bodies[1])

    def test_a_failed_rebuild_keeps_the_alias_and_drops_its_index(self, indexed):
        """A batch the node refuses (a region that is not a number), sent by a worker
        process: the rebuild raises, the old index still answers, no index is left."""
        from .contract import CORPUS, doc

        before = indexed.alias_indices()
        bad = doc("page:99", "Сломанный документ", region="не число")
        batches = [CORPUS[:3], [bad], CORPUS[3:]]
        with pytest.raises(RuntimeError, match="bulk operations failed"):
            list(indexed.rebuild(batches))
        assert indexed.alias_indices() == before
        names = indexed.client.indices.get(index=f"{indexed.alias}-*")
        assert sorted(names) == sorted(before)
        assert sum(indexed.count_by_type().values()) == len(CORPUS)

    def test_a_worker_that_dies_fails_the_rebuild_instead_of_hanging(
        self, indexed, monkeypatch
    ):
        """A worker process killed mid-rebuild (out of memory, say): the rebuild raises
        BrokenProcessPool, the alias stays, the unfinished index is dropped."""
        import os
        from concurrent.futures.process import BrokenProcessPool

        from search.engines import dsl

        from .contract import CORPUS, doc

        source = dsl.document_source

        def dying(document):
            if document.key == "page:99":
                os._exit(3)  # only ever in a forked worker
            return source(document)

        monkeypatch.setattr(dsl, "document_source", dying)
        before = indexed.alias_indices()
        batches = [CORPUS[:3], [doc("page:99", "Последний документ")], CORPUS[3:]]
        with pytest.raises(BrokenProcessPool):
            list(indexed.rebuild(batches))
        assert indexed.alias_indices() == before
        assert sorted(indexed.client.indices.get(index=f"{indexed.alias}-*")) == sorted(
            before
        )

    @pytest.mark.parametrize("processes", [0, 1])
    def test_rebuild_with_more_batches_than_processes(
        self, indexed, settings, processes
    ):
        """Many small batches through one worker process, or none (0: all in the
        caller's process): every document arrives once."""
        from .contract import doc

        settings.PORTAL_SEARCH = {
            **settings.PORTAL_SEARCH,
            "REBUILD_PROCESSES": processes,
        }
        documents = [doc(f"page:{n}", f"Вебинар {n}", "Текст") for n in range(50)]
        sizes = list(indexed.rebuild([documents[n : n + 3] for n in range(0, 50, 3)]))
        assert sum(sizes) == 50
        assert indexed.count_by_type() == {"page": 50}

    def test_large_result_sets_count_facets_on_a_sample(self, engine, monkeypatch):
        from search.engines import dsl
        from search.query import SearchQuery

        from .contract import doc

        documents = [
            doc(f"page:{n}", f"Вебинар {n}", "Для учителей", type="event", region=1)
            for n in range(100, 160)
        ]
        in_sample = sum(dsl.sample_bucket(d.key) == 0 for d in documents)
        assert 0 < in_sample < len(documents)
        engine.upsert(documents)
        engine.refresh()
        query = SearchQuery(q="вебинар")
        exact = engine.search(query)
        assert exact.facets_exact and dict(exact.facets["type"]) == {"event": 60}
        monkeypatch.setattr(dsl, "FACET_EXACT_LIMIT", 10)
        sampled = engine.search(query)
        assert sampled.total == 60 and not sampled.facets_exact
        # in_sample documents counted, scaled by 60 / in_sample.
        assert dict(sampled.facets["type"]) == {"event": 60}
        assert dict(sampled.facets["region"]) == {"1": 60}
        with_filter = engine.search(SearchQuery(q="вебинар", types=["page"]))
        assert with_filter.total == 0 and with_filter.facets_exact
        # A typo's fuzzy retry with more matches than its sampler holds: the sample.
        typo = engine.search(SearchQuery(q="вебинор"))
        assert typo.corrected_query and typo.total == 60 and not typo.facets_exact
        assert dict(typo.facets["type"]) == {"event": 60}
        monkeypatch.setattr(dsl, "FACET_EXACT_LIMIT", 100)
        typo = engine.search(SearchQuery(q="вебинор"))
        assert typo.facets_exact and dict(typo.facets["type"]) == {"event": 60}

    def test_pages_across_the_rescore_window_neither_repeat_nor_skip(
        self, engine, monkeypatch
    ):
        """The best RESCORE_WINDOW BM25 matches are rescored by boost and date; deeper
        pages continue in BM25 order. An upcoming event leads its window."""
        import datetime as dt

        from django.utils import timezone

        from search.engines import dsl
        from search.query import SearchQuery

        from .contract import doc

        now = timezone.now()
        documents = [
            doc(f"page:{n}", f"Вебинар {n}", "Вебинар для учителей " * (1 + n % 3),
                type="event", start=now + dt.timedelta(days=(n % 5) * 10 - 20))
            for n in range(30)
        ]  # fmt: skip
        engine.upsert(documents)
        engine.refresh()
        monkeypatch.setattr(dsl, "RESCORE_WINDOW", 7)
        seen, page = [], 1
        while hits := engine.search(
            SearchQuery(q="вебинар", page=page, page_size=4)
        ).hits:
            seen += [h.key for h in hits]
            if page == 1:
                assert hits[0].start > now  # upcoming x1.5 beats past x0.7
            page += 1
        assert len(seen) == len(set(seen)) == 30

    def test_shards_come_from_the_settings(self, engine, settings):
        settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "SHARDS": 2}
        list(engine.rebuild([[]]))
        (name,) = engine.alias_indices()
        index_settings = engine.client.indices.get_settings(index=name)
        assert index_settings[name]["settings"]["index"]["number_of_shards"] == "2"


def test_ci_always_has_a_node():
    if os.environ.get("CI") == "true":
        assert URL, (
            "CI must start OpenSearch (scripts/opensearch.sh) and set PORTAL_TEST_OPENSEARCH_URL"
        )
