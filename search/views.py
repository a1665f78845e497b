"""Public search page (works without JavaScript) and the JSON API (/api/search/)."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render

from . import service
from .facets import labelled_facets
from .forms import query_from_params
from .openapi import schema

JSON = {"json_dumps_params": {"ensure_ascii": False}}


class _Counted(list):
    """A list that tells Paginator the total, so one engine page fills one paginator page."""

    def __init__(self, items, total):
        super().__init__(items)
        self.total = total

    def count(self, *args):
        return self.total


def search_page(request):
    query = query_from_params(request.GET)
    results = service.search(query) if (query.q or request.GET) else None
    context = {"query": query, "results": results}
    if results is not None:
        padded = _Counted([None] * query.offset + results.hits, results.total)
        context["page_obj"] = Paginator(padded, query.page_size).get_page(query.page)
        context["facets"] = labelled_facets(results.facets, request.GET)
    return render(request, "portal_search/search.html", context)


def api_search(request):
    query = query_from_params(request.GET)
    results = service.search(query)
    return JsonResponse(
        {
            "query": query.q,
            "total": results.total,
            "page": query.page,
            "page_size": query.page_size,
            "engine": results.engine,
            "degraded": results.degraded,
            "corrected_query": results.corrected_query,
            "total_exact": results.total_exact,
            "facets_exact": results.facets_exact,
            "results": [hit.as_dict() for hit in results.hits],
            "facets": {
                f["name"]: [
                    {"value": v["value"], "label": v["label"], "count": v["count"]}
                    for v in f["values"]
                ]
                for f in labelled_facets(results.facets, request.GET)
            },
        },
        **JSON,
    )


def api_suggest(request):
    suggestions, engine, degraded = service.suggest(request.GET.get("q", "")[:100])
    return JsonResponse(
        {
            "engine": engine,
            "degraded": degraded,
            "suggestions": [
                {"title": s.title, "url": s.url, "type": s.type} for s in suggestions
            ],
        },
        **JSON,
    )


def api_schema(request):
    return JsonResponse(schema(), **JSON)
