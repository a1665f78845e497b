"""What keeps the embedded engine fast on large result sets stays correct: the rescore
window (PostgreSQL), sampled facets, and the plain ordering of deep pages."""

import datetime as dt

import pytest
from django.db import connection, transaction

from search import analysis
from search.engines import embedded, embedded_sql, get_engine
from search.models import EmbeddedDocument
from search.query import SearchQuery

from .contract import doc

TYPES = ("event", "news", "material")


@pytest.fixture
def engine(db):
    engine = get_engine("embedded")
    engine.clear()
    docs = [
        doc(
            f"page:{i}",
            f"Семинар учителей № {i}" if i % 3 else f"Заметка № {i}",
            "Семинар для учителей математики " * (1 + i % 4),
            type=TYPES[i % 3],
            level="municipal",
            region=1,
            municipality=10 + i % 2,
            subjects=["Математика"] if i % 2 else ["Физика"],
        )
        for i in range(1, 41)
    ]
    engine.upsert(docs)
    return engine


def all_pages(engine, q, size):
    seen, page = [], 1
    while True:
        results = engine.search(SearchQuery(q=q, page=page, page_size=size))
        if not results.hits:
            return seen, results.total
        seen += [hit.key for hit in results.hits]
        page += 1


def test_pages_across_the_rescore_window_neither_repeat_nor_skip(engine, monkeypatch):
    monkeypatch.setattr(embedded, "RESCORE_WINDOW", 10)
    seen, total = all_pages(engine, "семинар", 4)
    assert total == 40
    assert len(seen) == len(set(seen)) == 40


def test_first_page_is_ordered_by_score(engine):
    results = engine.search(SearchQuery(q="семинар учителей", page_size=10))
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)
    # Title matches come before body-only ones (the «Заметка» documents).
    assert "Заметка" not in results.hits[0].title


def test_facets_are_exact_below_the_limit(engine):
    results = engine.search(SearchQuery(q="семинар"))
    assert results.facets_exact
    assert dict(results.facets["type"]) == {"event": 13, "news": 14, "material": 13}
    assert dict(results.facets["subjects"]) == {"Математика": 20, "Физика": 20}


def test_facets_of_a_large_result_set_are_estimated_from_a_sample(engine, monkeypatch):
    monkeypatch.setattr(embedded, "FACET_EXACT_LIMIT", 10)
    monkeypatch.setattr(embedded, "FACET_SAMPLE", 10)
    results = engine.search(SearchQuery(q="семинар"))
    assert results.total == 40
    assert not results.facets_exact
    counts = dict(results.facets["type"])
    assert set(counts) == set(TYPES)
    # Scaled back to the whole result set: within a sample's error of the truth.
    assert abs(sum(counts.values()) - 40) <= 3
    municipalities = dict(results.facets["municipality"])
    assert abs(sum(municipalities.values()) - 40) <= 3


def test_the_api_and_the_page_say_when_facets_are_estimated(
    client, engine, monkeypatch
):
    monkeypatch.setattr(embedded, "FACET_EXACT_LIMIT", 10)
    monkeypatch.setattr(embedded, "FACET_SAMPLE", 10)
    data = client.get("/api/search/", {"q": "семинар"}).json()
    assert data["facets_exact"] is False
    page = client.get("/search/", {"q": "семинар"}).content.decode()
    assert "≈" in page


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_matches_through_the_index_not_a_scan(engine):
    """The stored vector has its GIN index and long columns live out of line."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_search_vector_idx'"
        )
        assert "search_vector" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'portal_search_embeddeddocument'"
        )
        assert "toast_tuple_target=128" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_search_sample_idx'"
        )
        assert "WHERE ((id % (16)::bigint) = 0)" in cursor.fetchone()[0]
    sql = embedded.dialect()
    match, params = sql.match(analysis.expand_query("семинар"))
    # The type and level filters never take the match away from the text index.
    query = SearchQuery(q="семинар", types=["event"], levels=["municipal"])
    filters, filter_params = embedded_sql.filter_clauses(query, matching=True)
    with transaction.atomic(), connection.cursor() as cursor:
        sql.prepare(cursor)
        for where in [[match], [match, *filters]]:
            cursor.execute(
                f"EXPLAIN SELECT d.id FROM {sql.from_clause} WHERE {' AND '.join(where)}",
                params + filter_params if len(where) > 1 else params,
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "portal_search_vector_idx" in plan, plan


@pytest.mark.parametrize("estimate_above", [-1, 10**9])
def test_very_large_result_sets_have_an_estimated_total(
    engine, client, monkeypatch, estimate_above
):
    """PostgreSQL: past ESTIMATE_ABOVE matches the total and the facets come from the
    documents whose id is a multiple of 16 (their own index); the hits are the same.
    SQLite always counts."""
    exact = engine.search(SearchQuery(q="семинар", page_size=10))
    monkeypatch.setattr(embedded, "ESTIMATE_ABOVE", estimate_above)
    results = engine.search(SearchQuery(q="семинар", page_size=10))
    estimated = connection.vendor == "postgresql" and estimate_above < 0
    ids = EmbeddedDocument.objects.values_list("id", flat=True)
    sampled = sum(1 for pk in ids if pk % embedded.SAMPLE_MODULUS == 0)
    assert sampled  # 40 consecutive ids hold multiples of 16
    assert [h.key for h in results.hits] == [h.key for h in exact.hits]
    assert results.total_exact is not estimated
    if estimated:
        assert results.total == sampled * embedded.SAMPLE_MODULUS
        assert not results.facets_exact
        assert sum(n for _, n in results.facets["type"]) == results.total
    else:
        assert results.total == exact.total == 40 and results.facets_exact
    data = client.get("/api/search/", {"q": "семинар"}).json()
    assert data["total_exact"] is not estimated
    page = client.get("/search/", {"q": "семинар"}).content.decode()
    assert ("Найдено примерно" in page) is estimated


def title_window_spy(monkeypatch) -> list[bool]:
    """Records whether each search took its window from the title matches."""
    used, original = [], embedded.EmbeddedEngine._title_window

    def spy(self, *args):
        best = original(self, *args)
        used.append(best is not None)
        return best

    monkeypatch.setattr(embedded.EmbeddedEngine, "_title_window", spy)
    return used


@pytest.mark.parametrize(
    "q, from_titles",
    [("семинар", True), ("семинар учителей", True), ("учителей", True),
     # No title holds both words: every match scores the floor, the window comes
     # from every match.
     ("учителей математики", False)],
)  # fmt: skip
def test_title_window_ranks_as_every_match_does(engine, monkeypatch, q, from_titles):
    """PostgreSQL, a very large result set: when the matches holding the query's terms
    in their title fill the rescore window above what any other match can score, the
    window comes from them alone, and the page is the one ranking every match gives."""
    if connection.vendor != "postgresql":
        pytest.skip("the title window is PostgreSQL's (SQLite scores every match)")
    monkeypatch.setattr(embedded, "RESCORE_WINDOW", 8)
    exact = engine.search(SearchQuery(q=q, page_size=8))
    used = title_window_spy(monkeypatch)
    monkeypatch.setattr(embedded, "ESTIMATE_ABOVE", -1)
    results = engine.search(SearchQuery(q=q, page_size=8))
    assert used == [from_titles]
    assert [h.key for h in results.hits] == [h.key for h in exact.hits]
    assert [h.score for h in results.hits] == pytest.approx(
        [h.score for h in exact.hits]
    )
    # A page past the window continues in stage-one order, from every match.
    deeper = engine.search(SearchQuery(q=q, page=2, page_size=8))
    assert used == [from_titles]
    assert not {h.key for h in deeper.hits} & {h.key for h in results.hits}


def test_title_window_gives_way_to_a_match_that_could_outrank_it(engine, monkeypatch):
    """An upcoming, boosted event mentioning the word only in its body scores above
    the title matches in stage one: the window is then taken from every match, and
    holds it (from the titles alone it would fall to the next page)."""
    if connection.vendor != "postgresql":
        pytest.skip("the title window is PostgreSQL's (SQLite scores every match)")
    from django.utils import timezone

    engine.upsert(
        [
            doc(
                "event:soon",
                "Встреча методистов",
                "Семинар по итогам года",
                type="event",
                start=timezone.now() + dt.timedelta(days=3),
                boost=3.0,
            )
        ]
    )
    monkeypatch.setattr(embedded, "RESCORE_WINDOW", 8)
    exact = engine.search(SearchQuery(q="семинар", page_size=8))
    used = title_window_spy(monkeypatch)
    monkeypatch.setattr(embedded, "ESTIMATE_ABOVE", -1)
    results = engine.search(SearchQuery(q="семинар", page_size=8))
    assert used == [False]
    assert "event:soon" in [h.key for h in results.hits]
    assert [h.key for h in results.hits] == [h.key for h in exact.hits]


def test_title_tags_are_indexed_on_postgres_only(engine):
    row = EmbeddedDocument.objects.get(key="page:1")
    tags = [t for t in row.body_terms.split() if t.startswith(analysis.PAIR_JOINER)]
    if connection.vendor == "postgresql":
        assert tags == analysis.title_tags(row.title_terms.split())
        assert f"{analysis.PAIR_JOINER}семинар" in tags
    else:
        assert tags == []
