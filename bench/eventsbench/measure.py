"""Server time of our pages and the peer's, request by request, in one process.

Each request goes through Django's test `Client`: the whole stack (middleware, URL
resolver, Wagtail routing and serve hooks, the view, template rendering), no network.
Ours and the peer's version of the same request run one after the other, who goes first
alternating, so both see the same machine. Queries are counted with
`connection.execute_wrapper` (a counter: `CaptureQueriesContext`'s debug cursor formats
every statement, which would tax the peer's hundreds of queries more than ours).
"""

import datetime as dt
import math
import random
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.searchbench.console import log

KINDS = {
    "list": "calendar list, three filters",
    "month": "month grid",
    "event": "event page",
}
TARGET_MS = 100.0
#: The event links of a calendar's results (list or grid).
RESULTS = re.compile(r'<section class="events-results".*?</section>', re.S)
LINK = re.compile(r'href="([^"?#]+)"')
ARTICLE = re.compile(r"<article.*?</article>", re.S)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@dataclass
class Request:
    kind: str
    ours: str
    peer: str


def _calendars():
    """(calendar, url, weight): the region's, municipalities' and schools' calendars."""
    from plugins.events.models import EventCalendarPage
    from portal.sections.tree import section_of

    found = []
    for calendar in EventCalendarPage.objects.live().order_by("path"):
        section = section_of(calendar)
        kind = type(section).__name__ if section is not None else "HomePage"
        if kind == "HomePage":
            continue  # the federal calendar shows everything: the region's does here
        found.append((calendar, calendar.get_url(), kind))
    shares = {"RegionPage": 0.4, "MunicipalityPage": 0.35, "OrganisationPage": 0.25}
    by_kind: dict[str, int] = {}
    for _, _, kind in found:
        by_kind[kind] = by_kind.get(kind, 0) + 1
    return [(url, shares.get(kind, 0.1) / by_kind[kind]) for _, url, kind in found]


def _list_query(rng, today, codes) -> dict:
    """Three filters: level + type + audience, or a date range + format + open."""
    from plugins.events.models import EventFormat, EventLevel

    if rng.random() < 0.5:
        query = {
            "level": rng.sample(EventLevel.values, rng.randint(1, 2)),
            "type": rng.sample(codes["types"], rng.randint(1, 3)),
            "audience": rng.sample(codes["audiences"], rng.randint(1, 2)),
        }
    else:
        start = today + dt.timedelta(days=rng.randint(0, 120))
        query = {
            "date_from": start.isoformat(),
            "date_to": (start + dt.timedelta(days=rng.choice([7, 30, 90]))).isoformat(),
            "format": rng.sample(EventFormat.values, rng.randint(1, 2)),
            "open": "on",
        }
    if rng.random() < 0.15:
        query["page"] = 2
    return query


def request_mix(seed, count: int) -> dict[str, list[Request]]:
    """``count`` requests of each kind, seeded."""
    from django.db.models import Count
    from django.utils import timezone

    from plugins.events.models import Audience, EventPage, EventType, Registration

    rng = random.Random(f"{seed}:bench-requests")
    today = timezone.localdate()
    calendars = _calendars()
    urls, weights = zip(*calendars, strict=True)
    codes = {
        "types": list(EventType.objects.values_list("code", flat=True)),
        "audiences": list(Audience.objects.values_list("code", flat=True)),
    }
    months = [
        dt.date(today.year + (today.month - 1 + n) // 12, (today.month - 1 + n) % 12 + 1, 1)
        for n in range(-48, 13)
    ]  # fmt: skip
    heavy = list(
        Registration.objects.values("event")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("event", flat=True)[:12]
    )
    event_ids = list(EventPage.objects.live().values_list("pk", flat=True))
    mix: dict[str, list[Request]] = {kind: [] for kind in KINDS}
    for _ in range(count):
        url = rng.choices(urls, weights)[0]
        query = "?" + urlencode(_list_query(rng, today, codes), doseq=True)
        mix["list"].append(Request("list", url + query, f"/peer/calendar{url}{query}"))
        url = rng.choices(urls, weights)[0]
        near = months[44:53]  # half the views: four months around today
        month = rng.choice(near if rng.random() < 0.5 else months)
        query = f"?month={month:%Y-%m}"
        mix["month"].append(
            Request("month", f"{url}month/{query}", f"/peer/month{url}{query}")
        )
    picks = [
        rng.choice(heavy) if heavy and rng.random() < 0.25 else rng.choice(event_ids)
        for _ in range(count)
    ]
    pages = {p.pk: p for p in EventPage.objects.filter(pk__in=set(picks))}
    for pk in picks:
        url = pages[pk].get_url()
        mix["event"].append(Request("event", url, f"/peer/event{url}"))
    return mix


def shown(kind: str, html: str) -> str:
    """What a response shows, to check ours and the peer's match."""
    if kind == "event":
        found = ARTICLE.search(html)
        return CSRF.sub("", found.group(0)) if found else ""
    found = RESULTS.search(html)
    return " ".join(LINK.findall(found.group(0))) if found else ""


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summary(times: list[float], queries: list[int]) -> dict:
    return {
        "n": len(times),
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "mean": sum(times) / len(times),
        "queries_min": min(queries),
        "queries_max": max(queries),
    }


def measure(seed, requests: int, warmup: int) -> dict:
    """Warm-up requests, then the timed ones; figures per kind and side."""
    import warnings

    from django.db import connection
    from django.test import Client

    # The peer compares `date_from`, a date, with a DateTimeField (as the plugin did
    # before): Django takes midnight in the site's zone and warns every time.
    warnings.filterwarnings("ignore", r".*received a naive datetime", RuntimeWarning)
    client = Client(raise_request_exception=True)
    timed = request_mix(seed, requests)
    warm = request_mix(f"{seed}-warmup", warmup) if warmup else {k: [] for k in KINDS}
    results, slowest = {}, []
    for kind in KINDS:
        series = {"ours": ([], []), "peer": ([], [])}
        same = 0
        plan = [(r, False) for r in warm[kind]] + [(r, True) for r in timed[kind]]
        for number, (request, counted) in enumerate(plan):
            sides = [("ours", request.ours), ("peer", request.peer)]
            html = {}
            for side, url in sides if number % 2 == 0 else sides[::-1]:
                counter = Counter()
                with connection.execute_wrapper(counter):
                    started = time.perf_counter()
                    response = client.get(url)
                    ms = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
                html[side] = response.content.decode()
                if counted:
                    series[side][0].append(ms)
                    series[side][1].append(counter.count)
                    if side == "ours":
                        slowest.append((ms, counter.count, url))
            same += shown(kind, html["ours"]) == shown(kind, html["peer"])
        results[kind] = {
            "label": KINDS[kind],
            "ours": summary(*series["ours"]),
            "peer": summary(*series["peer"]),
            "same": f"{same}/{len(plan)}",
        }
        ours, peer = results[kind]["ours"], results[kind]["peer"]
        log(
            f"{kind}: ours p95 {ours['p95']:.1f} ms, peer p95 {peer['p95']:.1f} ms, "
            f"same content {same}/{len(plan)}"
        )
    slowest.sort(reverse=True)
    return {
        "pages": results,
        "slowest": [
            {"ms": ms, "queries": q, "url": url} for ms, q, url in slowest[:10]
        ],
        "requests": requests,
        "warmup": warmup,
    }
