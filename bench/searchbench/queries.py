"""Timing the query mix: a runner per engine, the passes, percentiles and summaries."""

import datetime as dt
import statistics
import time

from .console import log

# Queries ------------------------------------------------------------------------


def search_query(bq, facets: bool):
    from search.query import SearchQuery

    return SearchQuery(
        q=bq.q,
        types=list(bq.types),
        levels=list(bq.levels),
        municipalities=list(bq.municipalities),
        date_from=bq.date_from,
        date_to=bq.date_to,
        page_size=20,
        with_facets=facets,
    )


def our_runner(engine, facets: bool):
    def run(bq) -> int:
        return len(engine.search(search_query(bq, facets)).hits)

    return run


def peer_runner():
    from django.db.models import Q
    from django.utils import timezone

    from bench.searchbench.models import BenchDocument

    tz = timezone.get_current_timezone()

    def midnight(day):
        return dt.datetime.combine(day, dt.time(), tz)

    def run(bq) -> int:
        queryset = BenchDocument.objects.all()
        if bq.types:
            queryset = queryset.filter(type__in=bq.types)
        if bq.levels:
            queryset = queryset.filter(level__in=bq.levels)
        if bq.municipalities:
            queryset = queryset.filter(municipality__in=bq.municipalities)
        if bq.date_from:  # events overlapping the range, as in our engines
            since = midnight(bq.date_from)
            queryset = queryset.filter(start__isnull=False).filter(
                Q(end__gte=since) | Q(end__isnull=True, start__gte=since)
            )
        if bq.date_to:
            queryset = queryset.filter(
                start__isnull=False,
                start__lt=midnight(bq.date_to + dt.timedelta(days=1)),
            )
        # A results page: the first 20 results, evaluated.
        return len(list(queryset.search(bq.q)[:20]))

    return run


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def run_queries(runners: dict, queries: list, warmup: list, args) -> dict:
    """A warm-up pass per engine, then a timed pass taking the engines in turn."""
    for name, run in runners.items():
        started = time.perf_counter()
        for bq in warmup:
            run(bq)
        log(f"warm-up {name}: {time.perf_counter() - started:.1f} s")
    timings = {name: [] for name in runners}
    hits = {name: [] for name in runners}
    names = list(runners)
    profilers = {}
    if args.profile:
        import cProfile

        profilers = {name: cProfile.Profile() for name in names}
    started = time.perf_counter()
    for index, bq in enumerate(queries):
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order:
            profiler = profilers.get(name)
            if profiler:
                profiler.enable()
            t0 = time.perf_counter()
            found = runners[name](bq)
            elapsed = (time.perf_counter() - t0) * 1000
            if profiler:
                profiler.disable()
            timings[name].append(elapsed)
            hits[name].append(found)
        if args.show_queries:
            cells = "  ".join(f"{n}={timings[n][-1]:.1f}/{hits[n][-1]}" for n in names)
            log(f"{index:3d} {bq.describe()}: {cells}")
    log(f"timed pass: {time.perf_counter() - started:.1f} s")
    for name, profiler in profilers.items():
        path = args.profile / f"queries-{name.replace(' ', '-')}.prof"
        args.profile.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(path)
    return {"timings": timings, "hits": hits}


def latency_summary(timings: list[float], queries: list) -> dict:
    plain = [t for t, q in zip(timings, queries, strict=True) if not q.filtered]
    filtered = [t for t, q in zip(timings, queries, strict=True) if q.filtered]
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
        "mean": statistics.fmean(timings),
        "p50_plain": statistics.median(plain) if plain else float("nan"),
        "p95_plain": percentile(plain, 0.95),
        "p50_filtered": statistics.median(filtered) if filtered else float("nan"),
        "p95_filtered": percentile(filtered, 0.95),
    }
