"""Parsing search parameters (public page and API) into a SearchQuery, leniently."""

import datetime as dt

from django.http import QueryDict

from .conf import search_setting
from .query import SearchQuery

MAX_PAGE = 500


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()][:50]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def query_from_params(params: QueryDict) -> SearchQuery:
    """Unknown or malformed values are ignored: a bad link gives broader results, not an error."""
    try:
        page = min(max(int(params.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1

    def scope(name):
        value = params.get(name, "")
        return int(value) if value.isdigit() else None

    return SearchQuery(
        q=params.get("q", "")[:200],
        types=params.getlist("type")[:20],
        levels=params.getlist("level")[:10],
        regions=_ints(params.getlist("region")),
        municipalities=_ints(params.getlist("municipality")),
        organisations=_ints(params.getlist("organisation")),
        subjects=params.getlist("subject")[:20],
        audience=params.getlist("audience")[:20],
        date_from=_date(params.get("date_from")),
        date_to=_date(params.get("date_to")),
        scope_region=scope("in_region"),
        scope_municipality=scope("in_municipality"),
        scope_organisation=scope("in_organisation"),
        page=page,
        page_size=search_setting("PAGE_SIZE"),
    )
