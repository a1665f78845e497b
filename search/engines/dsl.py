"""Request bodies for the Elasticsearch-family engines, built once for both.

Bodies are written in the canonical form elasticsearch.dsl serialises to (bool clauses as
lists, empty clauses left out), so going through the DSL changes nothing on the wire.

The OpenSearch and Elasticsearch engines send exactly these bodies (a test proves it
for every contract query). Documents carry pre-analysed terms (search.analysis), so
every engine matches the same documents; the engine adds BM25 ranking, fuzzy
matching, aggregations and scale.
"""

import datetime as dt
import zlib

from .. import analysis
from ..conf import search_setting
from ..query import FACETS, SearchQuery

TERM_FIELDS = ("title_terms^4", "body_terms")
UPCOMING_BOOST, PAST_EVENT_BOOST, TITLE_PHRASE_BOOST = 1.5, 0.7, 1.5
#: Facets of larger result sets are counted on the documents of one sample bucket (of
#: SAMPLE_BUCKETS, by a hash of the key) and scaled, as the embedded engine does.
FACET_EXACT_LIMIT, SAMPLE_BUCKETS = 10_000, 16
#: Best BM25 matches rescored by boost and date (search_body).
RESCORE_WINDOW = 200
FACET_FIELDS = {"type": "type", "level": "level", "region": "region", "municipality": "municipality",
                "organisation": "organisation", "subjects": "subjects", "audience": "audience"}  # fmt: skip

INDEX_SETTINGS = {
    "number_of_shards": 1,
    "number_of_replicas": 0,
    "refresh_interval": "1s",
    "analysis": {
        "analyzer": {
            # Terms arrive analysed by search.analysis: split on spaces, nothing else.
            "terms": {"type": "custom", "tokenizer": "whitespace"},
            "suggest": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "suggest_edge"],
                        "char_filter": ["yo"]},
            "suggest_search": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"],
                               "char_filter": ["yo"]},
        },
        "char_filter": {"yo": {"type": "mapping", "mappings": ["ё=>е", "Ё=>Е"]}},
        "filter": {"suggest_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}},
    },
}  # fmt: skip

MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "key": {"type": "keyword"},
        "type": {"type": "keyword"},
        "title": {
            "type": "text",
            "analyzer": "suggest",
            "search_analyzer": "suggest_search",
        },
        "url": {"type": "keyword", "index": False},
        "summary": {"type": "text", "index": False},
        "body": {"type": "text", "index": False},
        "title_terms": {"type": "text", "analyzer": "terms"},
        "body_terms": {"type": "text", "analyzer": "terms"},
        "level": {"type": "keyword"},
        "region": {"type": "long"},
        "municipality": {"type": "long"},
        "organisation": {"type": "long"},
        "subjects": {"type": "keyword"},
        "audience": {"type": "keyword"},
        "start": {"type": "date"},
        "end": {"type": "date"},
        "published": {"type": "date"},
        "boost": {"type": "float"},
        "sample": {"type": "byte"},
    },
}


def index_body() -> dict:
    settings = {**INDEX_SETTINGS, "number_of_shards": search_setting("SHARDS")}
    return {"settings": settings, "mappings": MAPPINGS}


def sample_bucket(key: str) -> int:
    return zlib.crc32(key.encode()) % SAMPLE_BUCKETS


def document_source(doc) -> dict:
    title_terms = analysis.analyze(doc.title)
    body_terms = analysis.analyze(
        " ".join((doc.summary, doc.body, " ".join(doc.subjects)))
    )
    return {
        "key": doc.key, "type": doc.type, "title": doc.title, "url": doc.url, "summary": doc.summary,
        "body": doc.body[:20000], "title_terms": " ".join(title_terms), "body_terms": " ".join(body_terms),
        "level": doc.level or None, "region": doc.region, "municipality": doc.municipality,
        "organisation": doc.organisation, "subjects": doc.subjects, "audience": doc.audience,
        "start": _iso(doc.start), "end": _iso(doc.end), "published": _iso(doc.published), "boost": doc.boost,
        "sample": sample_bucket(doc.key),
    }  # fmt: skip


def _iso(value):
    return value.isoformat() if value else None


def filters(query: SearchQuery) -> list[dict]:
    clauses = []
    for field, values in (("type", query.types), ("level", query.levels), ("region", query.regions),
                          ("municipality", query.municipalities), ("organisation", query.organisations),
                          ("subjects", query.subjects), ("audience", query.audience)):  # fmt: skip
        if values:
            clauses.append({"terms": {field: list(values)}})
    for field, value in (("organisation", query.scope_organisation), ("municipality", query.scope_municipality),
                         ("region", query.scope_region)):  # fmt: skip
        if value:
            clauses.append({"term": {field: value}})
            break
    if query.date_from or query.date_to:
        clauses.append({"exists": {"field": "start"}})
    if query.date_from:
        clauses.append(
            {"bool": {"should": [{"range": {"end": {"gte": query.date_from.isoformat()}}},
                                 {"bool": {"must_not": [{"exists": {"field": "end"}}],
                                           "filter": [{"range": {"start": {"gte": query.date_from.isoformat()}}}]}}],
                      "minimum_should_match": 1}}
        )  # fmt: skip
    if query.date_to:
        clauses.append(
            {
                "range": {
                    "start": {"lt": (query.date_to + dt.timedelta(days=1)).isoformat()}
                }
            }
        )
    return clauses


def _term(term: str, prefix: bool, fuzzy: bool) -> dict:
    if prefix:
        return {
            "multi_match": {
                "query": term,
                "fields": list(TERM_FIELDS),
                "type": "phrase_prefix",
            }
        }
    match = {"query": term, "fields": list(TERM_FIELDS)}
    if fuzzy:
        match["fuzziness"] = "AUTO:4,8"
    return {"multi_match": match}


def _alternative(alternative, fuzzy: bool) -> dict:
    terms = alternative.terms
    if len(terms) == 1:
        return _term(terms[0], alternative.prefix, fuzzy)
    if alternative.phrase:
        kind = "phrase_prefix" if alternative.prefix else "phrase"
        return {
            "multi_match": {
                "query": " ".join(terms),
                "fields": list(TERM_FIELDS),
                "type": kind,
            }
        }
    last = len(terms) - 1
    return {
        "bool": {
            "must": [
                _term(t, alternative.prefix and i == last, fuzzy)
                for i, t in enumerate(terms)
            ]
        }
    }


def text_query(parsed, fuzzy: bool = False) -> dict:
    """AND of clauses, each an OR of alternatives (a term, terms, or a phrase)."""
    must = [
        {
            "bool": {
                "should": [_alternative(alt, fuzzy) for alt in clause.alternatives],
                "minimum_should_match": 1,
            }
        }
        for clause in parsed.clauses
    ]
    phrase = " ".join(analysis.query_terms(parsed, first_only=True))
    should = (
        [
            {
                "match_phrase": {
                    "title_terms": {"query": phrase, "boost": TITLE_PHRASE_BOOST}
                }
            }
        ]
        if phrase
        else []
    )
    return {"bool": _clauses(must=must, should=should)}


def _clauses(**occurrences) -> dict:
    """Bool clauses as lists, empty ones left out: the form elasticsearch.dsl serialises to."""
    return {name: clauses for name, clauses in occurrences.items() if clauses}


def date_and_boost_factors(now: dt.datetime) -> dict:
    """A document's boost times its date factor (upcoming 1.5, past 0.7, undated 1)."""
    return {
        "function_score": {
            "query": {"match_all": {}},
            "functions": [
                {"field_value_factor": {"field": "boost", "missing": 1.0}},
                {
                    "filter": {"range": {"start": {"gte": now.isoformat()}}},
                    "weight": UPCOMING_BOOST,
                },
                {
                    "filter": {"range": {"start": {"lt": now.isoformat()}}},
                    "weight": PAST_EVENT_BOOST,
                },
            ],
            "score_mode": "multiply",
            "boost_mode": "replace",
        }
    }


def search_body(
    query: SearchQuery,
    parsed,
    now: dt.datetime,
    fuzzy: bool = False,
    best_facets: bool = False,
) -> dict:
    """A text query is ranked by BM25 (title x4, the title phrase x1.5); the best
    RESCORE_WINDOW are rescored by boost x date factor, as the embedded engine's window.
    Scoring every match through a function_score cost ~12 ms of a common word's ~45;
    without it the node may skip non-competitive matches. Deeper pages are not
    rescored and continue in BM25 order (the window is the same set for every page:
    no repeats, no gaps)."""
    text = text_query(parsed, fuzzy) if parsed is not None else {"match_all": {}}
    body = {
        "query": {"bool": _clauses(must=[text], filter=filters(query))},
        "from": query.offset,
        "size": query.page_size,
        "track_total_hits": True,
        "_source": ["key", "type", "title", "url", "summary", "body", "level", "region", "municipality",
                    "organisation", "start"],
    }  # fmt: skip
    # Whole pages: a page never straddles the window's edge.
    window = -(-RESCORE_WINDOW // query.page_size) * query.page_size
    if parsed is not None and query.offset + query.page_size <= window:
        # Rescoring needs the score order (ties by index order). A page past the
        # window is not rescored (the node pages a rescored list within its window).
        body["rescore"] = {
            "window_size": window,
            "query": {
                "rescore_query": date_and_boost_factors(now),
                "query_weight": 1.0,
                "rescore_query_weight": 1.0,
                "score_mode": "multiply",
            },
        }
    if parsed is None:
        body["sort"] = [{"start": {"order": "desc", "missing": "_last"}},
                        {"published": {"order": "desc", "missing": "_last"}}, {"key": "asc"}]  # fmt: skip
    if query.with_facets:
        # Counted on one sample bucket; the engine asks for exact counts (facets_body)
        # when the total shows the result set is small.
        body["aggs"] = {
            "sample": {"filter": {"term": {"sample": 0}}, "aggs": facet_aggregations()}
        }
        if best_facets:
            # The fuzzy retry of a query that found nothing: its matches are usually
            # few. The best FACET_EXACT_LIMIT of each shard are counted too, which is
            # every match of a small result set (no third request), and a bounded cost
            # for a large one (whose facets then come from the sample bucket).
            body["aggs"]["best"] = {
                "sampler": {"shard_size": FACET_EXACT_LIMIT},
                "aggs": facet_aggregations(),
            }
    return body


def facet_aggregations() -> dict:
    return {
        name: {"terms": {"field": FACET_FIELDS[name], "size": 50}} for name in FACETS
    }


def facets_body(query: SearchQuery, parsed, fuzzy: bool = False) -> dict:
    """Exact facet counts of a result set (no hits, no scores)."""
    text = text_query(parsed, fuzzy) if parsed is not None else {"match_all": {}}
    return {
        "query": {"bool": _clauses(filter=[text, *filters(query)])},
        "size": 0,
        "track_total_hits": True,
        "aggs": facet_aggregations(),
    }


def suggest_body(prefix: str, limit: int) -> dict:
    return {
        "query": {"match": {"title": {"query": prefix, "operator": "and"}}},
        "size": limit,
        "sort": ["_score", {"key": "asc"}],
        "_source": ["title", "url", "type"],
    }
