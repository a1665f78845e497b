"""Search benchmark: our embedded engine and OpenSearch beside Wagtail's database backend.

    .venv/bin/python bench/search.py                      # the full run (200,000 documents)
    .venv/bin/python bench/search.py --documents 300 --queries 5 --demo tiny \\
        --database sqlite:///var/bench/smoke.sqlite3      # a smoke run

What it does, in one run, on its own scratch state:

1. creates its own database (`--database`, default PostgreSQL `bench_search`), migrates
   it with bench/settings.py (the portal plus the bench-only app bench/searchbench) and
   runs `portal demo` in it (`--demo scale` by default);
2. tops the demo's documents up to `--documents` with generated Russian events, news
   and materials (bench/searchbench/corpus.py, seeded), stored as BenchDocument rows;
   the demo's own documents are copied there too, so the peer sees the same texts;
3. indexes the corpus: the peer (Wagtail's `wagtail.search.backends.database`, with
   SEARCH_CONFIG "russian" on PostgreSQL) through `add_bulk`, our engines through
   `document_batches()` and `Engine.rebuild` (the code `portal search rebuild` runs);
4. runs a fixed, seeded mix of `--queries` queries (half with filters): a warm-up pass,
   then a timed pass in which every engine answers each query in turn;
5. measures publish-to-searchable lag in OpenSearch with `portal search worker`
   running (APPLY_ON_COMMIT off: the worker does the work) and on the on-commit path;
6. prints one table, and drops its database and OpenSearch indices (unless `--keep`).
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgres://portal:portal@127.0.0.1:5432/bench_search"
ENGINES = ("embedded", "opensearch", "wagtail")
CHUNK = 1000
TARGETS = {"opensearch": 50.0, "embedded": 150.0}  # p95, ms
REBUILD_TARGET = 3000.0  # documents/s into OpenSearch
LAG_TARGET = 2.0  # seconds


def _fix_path() -> None:
    """Run as a file, this directory would shadow the top-level `search` package."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or os.getcwd()).resolve() != here]
    for path in (str(ROOT / "site"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


STARTED = time.monotonic()


def log(message: str) -> None:
    sys.stderr.write(f"[{time.monotonic() - STARTED:7.1f} s] {message}\n")
    sys.stderr.flush()


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# Arguments -------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help="comma-separated: embedded, opensearch, wagtail (the peer). Default: all; "
        "opensearch is left out, with a note, when no node answers and it was not asked for",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
        help="the benchmark's own database (created and dropped): postgres://… or "
        "sqlite:///path (default %(default)s)",
    )
    parser.add_argument(
        "--opensearch-url",
        default=os.environ.get("PORTAL_TEST_OPENSEARCH_URL")
        or os.environ.get("PORTAL_SEARCH_URL")
        or "http://127.0.0.1:9250",
    )
    parser.add_argument(
        "--index",
        default="bench-search",
        help="OpenSearch alias (indices are <alias>-<timestamp>)",
    )
    parser.add_argument(
        "--shards",
        type=int,
        default=1,
        help="primary shards of the OpenSearch index (PORTAL_SEARCH['SHARDS'])",
    )
    parser.add_argument(
        "--demo",
        choices=("scale", "default", "tiny", "none"),
        default="scale",
        help="`portal demo` size: --scale, its defaults, a tiny region (smoke tests) "
        "or none (generated documents only)",
    )
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--lag-trials", type=int, default=20, help="per path (0: skip the lag test)"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=40,
        help="queries in the warm-up pass, a mix drawn like the timed one but with "
        "another seed, so the timed queries are not repeats (default %(default)s)",
    )
    parser.add_argument(
        "--facet-variants",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time our engines without facets (what facets cost)",
    )
    parser.add_argument(
        "--peer-sample",
        type=int,
        default=20_000,
        help="documents indexed for the peer through Wagtail's add_bulk (the measured "
        "rate); on PostgreSQL the rest get identical rows from SQL. 0: all through "
        "add_bulk (default %(default)s)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an existing benchmark database with the same corpus (faster reruns)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database and OpenSearch indices at the end",
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--profile",
        type=Path,
        help="directory for cProfile dumps of the rebuilds and query passes",
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print every query and its timings"
    )
    args = parser.parse_args(argv)
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    args.explicit_engines = argv is not None and "--engines" in " ".join(argv or [])
    return args


# Scratch state: the database and the OpenSearch indices ---------------------


def bench_env(args, engine: str, apply_on_commit: bool = True) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_DATABASE_URL=args.database,
        BENCH_SEARCH_ENGINE=engine,
        BENCH_SEARCH_URL=args.opensearch_url if "opensearch" in args.engines else "",
        BENCH_SEARCH_INDEX=args.index,
        BENCH_SEARCH_SHARDS=str(args.shards),
        BENCH_APPLY_ON_COMMIT="1" if apply_on_commit else "0",
        PYTHONPATH=os.pathsep.join(
            [str(ROOT), str(ROOT / "site"), env.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep),
    )
    env.pop("DATABASE_URL", None)
    return env


def portal_command(*arguments: str) -> list[str]:
    script = Path(sys.executable).with_name("portal")
    if script.exists():
        return [str(script), *arguments]
    return [sys.executable, "-m", "portal.cli", *arguments]


def prepare_database(args) -> None:
    """Migrate, then `portal demo`, in this process (one Django start-up, not three)."""
    import io

    from django.conf import settings
    from django.core.management import call_command

    from search.engines import reset_engines

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrated in {time.perf_counter() - started:.0f} s")
    if args.demo == "none":
        return
    # The demo runs with the embedded engine only and the outbox left alone: its
    # own final rebuild indexes everything, and the benchmark rebuilds again anyway.
    saved = dict(settings.PORTAL_SEARCH)
    settings.PORTAL_SEARCH.update(ENGINE="embedded", APPLY_ON_COMMIT=False)
    reset_engines()
    started = time.perf_counter()
    try:
        call_command("demo", *DEMO_ARGS[args.demo], stdout=io.StringIO())
    finally:
        settings.PORTAL_SEARCH.clear()
        settings.PORTAL_SEARCH.update(saved)
        reset_engines()
    log(f"portal demo ({args.demo}) in {time.perf_counter() - started:.0f} s")


DEMO_ARGS = {
    "scale": ["--scale"],
    "default": [],
    "tiny": [
        "--municipalities",
        "2",
        "--organisations",
        "16",
        "--people",
        "60",
        "--skip-organisation-pages",
    ],
}


def opensearch_version(url: str) -> str | None:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)["version"]["number"]
    except Exception:  # noqa: BLE001 - any failure means no usable node
        return None


def drop_indices(client, alias: str) -> None:
    # Only this alias's indices: "<alias>-<timestamp>", timestamps start with a year.
    client.indices.delete(
        index=f"{alias}-2*", ignore_unavailable=True, allow_no_indices=True
    )


# Corpus ------------------------------------------------------------------------


def load_territory():
    from django.utils import timezone

    from bench.searchbench.corpus import Organiser, Territory
    from portal.core.models import Organisation
    from portal.core.models import Territory as TerritoryModel

    region = TerritoryModel.objects.filter(kind="region").order_by("pk").first()
    genitive = "региона"
    if region is not None:
        from portal.demo.territory import REGION_GENITIVE, REGION_NAME

        genitive = REGION_GENITIVE if region.name == REGION_NAME else genitive
    organisers: dict = {}
    for org in Organisation.objects.order_by("pk"):
        organisers.setdefault(org.level, []).append(
            Organiser(
                org.pk,
                org.name,
                org.short_name,
                org.level,
                org.region_id,
                org.municipality_id,
            )
        )
    municipalities = list(
        TerritoryModel.objects.filter(kind="municipality")
        .order_by("pk")
        .values_list("pk", "name")
    )
    return Territory(
        region=region.pk if region else None,
        region_name=region.name if region else "",
        region_genitive=genitive,
        municipalities=municipalities,
        organisers=organisers,
    ), timezone.localdate()


def demo_documents() -> list:
    """What our specs build from the demo content (everything but the bench spec)."""
    from bench.searchbench.specs import BenchDocumentSpec
    from search.registry import specs

    documents = []
    for spec in specs():
        if isinstance(spec, BenchDocumentSpec):
            continue
        queryset = spec.get_queryset().order_by("pk")
        last = None
        while True:
            page = queryset if last is None else queryset.filter(pk__gt=last)
            objects = list(page[:CHUNK])
            if not objects:
                break
            last = objects[-1].pk
            documents += [d for _, d in spec.build_documents(objects) if d is not None]
    return documents


def corpus_is_current(seed: int, mirrors: int, generated: int) -> bool:
    from bench.searchbench.models import BenchDocument

    rows = BenchDocument.objects
    return (
        rows.filter(mirror=True).count() == mirrors
        and rows.filter(mirror=False).count() == generated
        and (generated == 0 or rows.filter(key=f"gen:{seed}:{generated - 1}").exists())
    )


def write_corpus(seed: int, mirrors: list, generated_count: int, generator) -> float:
    """BenchDocument rows: mirrors of the demo documents, then generated ones."""
    from bench.searchbench.models import SEPARATOR, BenchDocument

    started = time.perf_counter()
    BenchDocument.objects.all().delete()

    def rows():
        for doc in mirrors:
            yield BenchDocument(
                key=f"mirror:{doc.key}", mirror=True, type=doc.type, title=doc.title,
                url=doc.url, summary=doc.summary, body=doc.body, level=doc.level,
                region=doc.region, municipality=doc.municipality,
                organisation=doc.organisation, subjects=SEPARATOR.join(doc.subjects),
                audience=SEPARATOR.join(doc.audience), start=doc.start, end=doc.end,
                published=doc.published, boost=doc.boost,
            )  # fmt: skip
        for index, doc in enumerate(generator.documents(generated_count)):
            yield BenchDocument(
                key=f"gen:{seed}:{index}", type=doc.type, title=doc.title,
                url=f"/bench/{doc.type}/{index}/", summary=doc.summary, body=doc.body,
                level=doc.level, region=doc.region, municipality=doc.municipality,
                organisation=doc.organisation, subjects=SEPARATOR.join(doc.subjects),
                audience=SEPARATOR.join(doc.audience), start=doc.start, end=doc.end,
                published=doc.published,
            )  # fmt: skip

    batch = []
    for row in rows():
        batch.append(row)
        if len(batch) == 2000:
            BenchDocument.objects.bulk_create(batch)
            batch = []
    BenchDocument.objects.bulk_create(batch)
    return time.perf_counter() - started


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def vacuum(tables: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"VACUUM ANALYZE {table}"
                if connection.vendor == "postgresql"
                else f"ANALYZE {table}"
            )


# Indexing -----------------------------------------------------------------------


def index_peer(sample: int | None) -> dict:
    """Wagtail's database backend: what `wagtail_update_index` does for the model.

    `add_bulk` spends most of its time in Python compiling one SQL expression per
    field and document (about 320 documents/s here). With `sample`, only the first
    `sample` rows go through it — that is the measured rate — and on PostgreSQL the
    rest get the very same index rows from one INSERT … SELECT (the same functions
    on the same texts, checked equal on the sample), to keep the benchmark short.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from bench.searchbench.models import BenchDocument

    backend = get_search_backend()
    content_type = ContentType.objects.get_for_model(BenchDocument)
    IndexEntry.objects.filter(content_type=content_type).delete()
    total = BenchDocument.objects.count()
    bulk_sql = peer_bulk_sql(backend) if connection.vendor == "postgresql" else None
    limit = total if (sample is None or bulk_sql is None) else min(sample, total)
    started = time.perf_counter()
    done, last = 0, 0
    while done < limit:
        rows = list(
            BenchDocument.objects.filter(pk__gt=last).order_by("pk")[
                : min(CHUNK, limit - done)
            ]
        )
        if not rows:
            break
        backend.add_bulk(BenchDocument, rows)
        done += len(rows)
        last = rows[-1].pk
    add_bulk_seconds = time.perf_counter() - started
    result = {"add_bulk": done, "add_bulk_seconds": add_bulk_seconds, "sql": 0}
    if done < total:
        with connection.cursor() as cursor:
            cursor.execute(bulk_sql["check"], [content_type.pk, last])
            mismatches = cursor.fetchone()[0]
        if mismatches:
            raise RuntimeError(
                f"the SQL copy of Wagtail's index rows differs on {mismatches} sampled "
                "documents; run with --peer-sample 0"
            )
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(bulk_sql["insert"], [content_type.pk, last])
            result["sql"] = cursor.rowcount
        result["sql_seconds"] = time.perf_counter() - t0
        log(
            f"peer: {done:,} rows through add_bulk, {result['sql']:,} through "
            f"INSERT … SELECT in {result['sql_seconds']:.0f} s (equal on the sample)"
        )
    index = backend.get_index_for_model(BenchDocument)
    if hasattr(index, "_refresh_title_norms"):
        index._refresh_title_norms(full=True)  # what a rebuild's finish() does
    return result


def peer_bulk_sql(backend) -> dict:
    """SQL computing, for BenchDocument rows, the index rows ObjectIndexer writes.

    ObjectIndexer (modelsearch's PostgreSQL backend) stores per document: title =
    setweight(to_tsvector(config, title), weight), body = the same for every other
    SearchField in order, joined with ||, skipping empty texts; autocomplete is
    empty (no AutocompleteField); title_text / body_text are the stripped texts.
    """
    from modelsearch.backends.database.postgres.weights import get_weight
    from wagtail.search import index

    from bench.searchbench.models import BenchDocument

    config = backend.config or "simple"
    title_parts, body_parts, body_texts = [], [], []
    for search_field in BenchDocument.get_search_fields():
        if not isinstance(search_field, index.SearchField):
            continue
        column = f"btrim(d.{search_field.field_name})"
        vector = (
            f"CASE WHEN {column} <> '' THEN setweight(to_tsvector('{config}', "
            f"{column}), '{get_weight(search_field.boost)}') ELSE ''::tsvector END"
        )
        if search_field.field_name == "title":
            title_parts.append(f"({vector})")
        else:
            body_parts.append(f"({vector})")
            body_texts.append(f"NULLIF({column}, '')")
    title_sql = " || ".join(title_parts) or "''::tsvector"
    body_sql = " || ".join(body_parts) or "''::tsvector"
    body_text = f"concat_ws(' ', {', '.join(body_texts)})"
    table = BenchDocument._meta.db_table
    computed = (
        f"SELECT %s AS content_type_id, d.id::text AS object_id, {title_sql} AS title, "
        f"''::tsvector AS autocomplete, {body_sql} AS body, btrim(d.title) AS title_text, "
        f"{body_text} AS body_text FROM {table} d"
    )
    return {
        "insert": (
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title, "
            "autocomplete, body, title_norm, title_text, body_text) "
            "SELECT content_type_id, object_id, title, autocomplete, body, 1.0, "
            f"title_text, body_text FROM ({computed} WHERE d.id > %s) c"
        ),
        # Sampled rows whose stored index row is missing or differs from the SQL's.
        "check": (
            f"SELECT COUNT(*) FROM ({computed} WHERE d.id <= %s) c "
            "LEFT JOIN wagtailsearch_indexentry e ON e.content_type_id = c.content_type_id "
            "AND e.object_id = c.object_id WHERE e.id IS NULL "
            "OR e.title IS DISTINCT FROM c.title OR e.body IS DISTINCT FROM c.body "
            "OR e.autocomplete IS DISTINCT FROM c.autocomplete "
            "OR e.title_text IS DISTINCT FROM c.title_text "
            "OR e.body_text IS DISTINCT FROM c.body_text"
        ),
    }


def peer_indexed_count() -> int:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from bench.searchbench.models import BenchDocument

    content_type = ContentType.objects.get_for_model(BenchDocument)
    return IndexEntry.objects.filter(content_type=content_type).count()


def build_documents() -> tuple[list, float]:
    from search.indexing import document_batches

    started = time.perf_counter()
    documents = [d for batch in document_batches() for d in batch]
    return documents, time.perf_counter() - started


def rebuild(engine, documents: list, profile_to: Path | None = None) -> float:
    started = time.perf_counter()
    with profiled(profile_to):
        for _ in engine.rebuild(chunks(documents)):
            pass
    return time.perf_counter() - started


def full_rebuild(engine, profile_to: Path | None = None) -> float:
    """What `portal search rebuild` does: specs read the database while the engine
    analyses and sends, one pipeline."""
    from search.indexing import document_batches

    started = time.perf_counter()
    with profiled(profile_to):
        for _ in engine.rebuild(document_batches()):
            pass
    return time.perf_counter() - started


@contextlib.contextmanager
def profiled(path: Path | None):
    if path is None:
        yield
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        path.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(path)
        log(f"profile written to {path}")


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


# Publish-to-searchable lag ----------------------------------------------------


def unique_word(rng) -> str:
    syllables = "ка ло ми ту ре ша вы но зу пе би да го ру фе жи".split()
    return "квазо" + "".join(rng.choice(syllables) for _ in range(4)) + "ник"


def lag_trials(args, engine, trials: int, apply_on_commit: bool, rng) -> dict:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from portal.sections.models import NewsIndexPage, NewsPage
    from search.query import SearchQuery

    parent = NewsIndexPage.objects.order_by("pk").first()
    if parent is None:
        raise RuntimeError("the demo has no news section to publish into")
    settings.PORTAL_SEARCH["APPLY_ON_COMMIT"] = apply_on_commit
    lags, publish_calls, totals = [], [], []
    try:
        for _trial in range(trials):
            word = unique_word(rng)
            page = NewsPage(
                title=f"Семинар {word} для учителей математики",
                slug=f"bench-lag-{rng.getrandbits(48):012x}",
                intro=f"Новость бенчмарка поиска {word}.",
                date=timezone.localdate(),
                live=False,
            )
            parent.add_child(instance=page)
            revision = page.save_revision()
            t0 = time.perf_counter()
            with transaction.atomic():
                revision.publish()
            committed = time.perf_counter()
            key = f"page:{page.pk}"
            deadline = committed + 30
            found = None
            while time.perf_counter() < deadline:
                hits = engine.search(
                    SearchQuery(q=word, with_facets=False, page_size=5)
                ).hits
                if any(h.key == key for h in hits):
                    found = time.perf_counter()
                    break
                time.sleep(0.01)
            if found is None:
                raise RuntimeError(f"{key} not searchable after 30 s")
            lags.append(found - committed)
            totals.append(found - t0)
            publish_calls.append(committed - t0)
            time.sleep(rng.uniform(0.2, 0.6))  # do not stay in phase with the worker
    finally:
        settings.PORTAL_SEARCH["APPLY_ON_COMMIT"] = True
    return {
        "trials": trials,
        "p50": statistics.median(lags),
        "max": max(lags),
        "p50_total": statistics.median(totals),
        "max_total": max(totals),
        "p50_publish_call": statistics.median(publish_calls),
    }


@contextlib.contextmanager
def worker(args, log_path: Path):
    env = bench_env(args, "opensearch", apply_on_commit=True)
    handle = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        portal_command("search", "worker"),
        env=env,
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(4)  # let Django start and the first (empty) pass happen
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited: {log_path.read_text()[-2000:]}")
        yield process
    finally:
        process.terminate()  # the worker stops on SIGTERM after its current pass
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        handle.close()


# Report -------------------------------------------------------------------------


def machine_info(db: dict, opensearch: str | None) -> dict:
    from django.db import connection

    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    database_settings = ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
            values = []
            for name in ("shared_buffers", "work_mem", "jit",
                         "max_parallel_workers_per_gather"):  # fmt: skip
                cursor.execute(f"SHOW {name}")
                values.append(f"{name}={cursor.fetchone()[0]}")
            database_settings = ", ".join(values)
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    import django
    import wagtail

    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="minutes"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": database,
        "database_settings": database_settings,
        "opensearch": opensearch or "-",
        "opensearch_heap": opensearch_heap(),
        "platform": platform.platform(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def opensearch_heap() -> str:
    from django.conf import settings

    if not settings.PORTAL_SEARCH.get("URL"):
        return ""
    try:
        from search.engines import get_engine

        nodes = get_engine("opensearch").client.nodes.info(metric="jvm")["nodes"]
        heap = next(iter(nodes.values()))["jvm"]["mem"]["heap_max_in_bytes"]
        shards = settings.PORTAL_SEARCH.get("SHARDS", 1)
        return (
            f"{heap / 1024**3:.1f} GiB heap, {shards} shard{'s' if shards > 1 else ''}"
        )
    except Exception:  # noqa: BLE001 - informative only
        return ""


def fmt_ms(value: float) -> str:
    return f"{value:.1f}" if value == value else "-"


def print_report(report: dict) -> None:
    m = report["machine"]
    c = report["corpus"]
    out()
    out(
        f"Search benchmark, {m['date']}: {m['cpus']} CPUs ({m['cpu']}), {m['memory']} RAM, "
        f"Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}"
    )
    out(
        f"{m['database']} ({m['database_settings'] or 'defaults'}); OpenSearch "
        f"{m['opensearch']}{' (' + m['opensearch_heap'] + ')' if m['opensearch_heap'] else ''}; "
        f"load average at start {report['load_start']}, at end {m['load']}"
    )
    out(
        f"Corpus: {c['total']:,} documents ({c['demo']:,} from `portal demo"
        f"{' --' + c['demo_size'] if c['demo_size'] not in ('default', 'none') else ''}`"
        f", {c['generated']:,} generated, seed {c['seed']}); "
        f"{c['queries']} queries, {c['filtered']} with filters"
    )
    latency = report.get("latency", {})
    if latency:
        peer = latency.get("wagtail database (peer)")
        out()
        out(
            f"Query latency, ms (timed pass after a warm-up pass of {report['warmup']} "
            "other queries; 20 results per query, engines in turn per query)"
        )
        header = (
            f"{'engine':<26}{'p50':>8}{'p95':>8}{'max':>8}{'p50 nf':>8}{'p95 nf':>8}"
            f"{'p50 f':>8}{'p95 f':>8}{'found':>9}{'p50/peer':>10}{'p95/peer':>10}"
            f"  target"
        )
        out(header)
        out("-" * len(header))
        for name, row in latency.items():
            ratio50 = f"{row['p50'] / peer['p50']:.2f}" if peer and peer["p50"] else "-"
            ratio95 = f"{row['p95'] / peer['p95']:.2f}" if peer and peer["p95"] else "-"
            out(
                f"{name:<26}{fmt_ms(row['p50']):>8}{fmt_ms(row['p95']):>8}"
                f"{fmt_ms(row['max']):>8}{fmt_ms(row['p50_plain']):>8}"
                f"{fmt_ms(row['p95_plain']):>8}{fmt_ms(row['p50_filtered']):>8}"
                f"{fmt_ms(row['p95_filtered']):>8}{row['found']:>9}{ratio50:>10}"
                f"{ratio95:>10}  {row.get('target', '')}"
            )
        out(
            "nf / f: queries without / with filters; found: queries with at least one "
            "result; /peer: ratio to the peer (below 1 = faster)"
        )
    indexing = report.get("indexing", [])
    if indexing:
        out()
        out("Indexing throughput")
        header = f"{'step':<58}{'documents':>10}{'seconds':>10}{'docs/s':>9}  target"
        out(header)
        out("-" * len(header))
        for row in indexing:
            out(
                f"{row['step']:<58}{row['documents']:>10,}{row['seconds']:>10.1f}"
                f"{row['rate']:>9,.0f}  {row.get('target', '')}"
            )
    lag = report.get("lag", {})
    if lag:
        out()
        out(
            "Publish to searchable in OpenSearch (NewsPage revision.publish()), seconds"
        )
        header = (
            f"{'path':<44}{'trials':>7}{'p50':>7}{'max':>7}{'p50 from call':>15}"
            f"{'max from call':>15}{'publish()':>11}  target"
        )
        out(header)
        out("-" * len(header))
        for name, row in lag.items():
            out(
                f"{name:<44}{row['trials']:>7}{row['p50']:>7.2f}{row['max']:>7.2f}"
                f"{row['p50_total']:>15.2f}{row['max_total']:>15.2f}"
                f"{row['p50_publish_call']:>11.2f}  {row.get('target', '')}"
            )
        out(
            "p50/max: from the commit of publish() to the first search that finds the "
            "page; 'from call': including the publish() call itself"
        )
    for note in report.get("notes", []):
        out(f"Note: {note}")


def verdict(value: float, limit: float, below: bool = True) -> str:
    ok = value <= limit if below else value >= limit
    return "met" if ok else "MISSED"


# Main -------------------------------------------------------------------------


def main(argv=None) -> int:
    _fix_path()
    from bench.databases import (
        create_database,
        database_exists,
        database_info,
        drop_database,
    )

    args = parse_args(argv)
    args.load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    db = database_info(args.database)
    notes: list[str] = []
    version = None
    if "opensearch" in args.engines:
        version = opensearch_version(args.opensearch_url)
        if version is None:
            if args.explicit_engines:
                raise SystemExit(f"no OpenSearch node answers at {args.opensearch_url}")
            args.engines.remove("opensearch")
            notes.append(f"OpenSearch left out: no node at {args.opensearch_url}")
            log(notes[-1])
    primary = "opensearch" if "opensearch" in args.engines else "embedded"

    reused = args.reuse and database_exists(db)
    if not reused:
        log(f"creating database {db['NAME']} ({db['vendor']})")
        drop_database(db)
        create_database(db)
    os.environ.update(
        {
            k: v
            for k, v in bench_env(args, primary).items()
            if k.startswith(("BENCH_", "DJANGO_"))
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    try:
        if not reused:
            prepare_database(args)
        else:  # a kept database still gets the schema changes made since
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
        return run(args, db, primary, version, reused, notes)
    finally:
        if "opensearch" in args.engines and not args.keep:
            from search.engines import get_engine

            with contextlib.suppress(Exception):
                drop_indices(get_engine("opensearch").client, args.index)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            log(f"dropping database {db['NAME']}")
            drop_database(db)


def run(args, db, primary, version, reused, notes) -> int:
    import random

    from django.db import connection

    from bench.searchbench.corpus import Generator, query_mix, vocabulary
    from search.engines import get_engine
    from search.models import OutboxEntry

    OutboxEntry.objects.all().delete()  # what the demo left for a worker
    territory, today = load_territory()
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    log("building the demo's documents")
    mirrors = demo_documents()
    generated = max(0, args.documents - len(mirrors))
    if generated == 0 and len(mirrors) > args.documents:
        notes.append(
            f"the demo alone has {len(mirrors):,} documents, more than --documents"
        )
    generator = Generator(args.seed, territory, today, tz)
    indexing = []
    if reused and corpus_is_current(args.seed, len(mirrors), generated):
        log("corpus reused")
    else:
        log(f"writing {len(mirrors):,} mirrors and {generated:,} generated documents")
        seconds = write_corpus(args.seed, mirrors, generated, generator)
        log(f"corpus written in {seconds:.0f} s")
        reused = False
    vacuum(["searchbench_benchdocument"])
    total = len(mirrors) + generated

    if "wagtail" in args.engines:
        if reused and peer_indexed_count() == total:
            log("peer index reused")
        else:
            log("indexing the peer (Wagtail database backend, add_bulk)")
            sample = args.peer_sample or None
            peer = index_peer(sample)
            done, seconds = peer["add_bulk"], peer["add_bulk_seconds"]
            step = "peer: Wagtail database backend, add_bulk"
            if peer["sql"]:
                step += f" (first {done:,})"
                notes.append(
                    f"peer index: {done:,} documents through Wagtail's add_bulk (the "
                    f"rate shown), the other {peer['sql']:,} given the same index rows "
                    f"by one INSERT … SELECT ({peer['sql_seconds']:.0f} s), checked "
                    "equal on the add_bulk sample"
                )
            indexing.append(
                {
                    "step": step,
                    "documents": done,
                    "seconds": seconds,
                    "rate": done / seconds,
                }
            )
            log(f"peer indexed: {done / seconds:.0f} docs/s through add_bulk")
        vacuum(["wagtailsearch_indexentry"])

    log("building documents through the specs (document_batches)")
    documents, seconds = build_documents()
    if len(documents) != total:
        raise RuntimeError(f"{len(documents)} documents built, {total} expected")
    indexing.append(
        {
            "step": "documents from the database (specs, document_batches)",
            "documents": len(documents),
            "seconds": seconds,
            "rate": len(documents) / seconds,
        }
    )
    build_seconds = seconds
    log(f"documents built: {len(documents) / seconds:.0f} docs/s")

    if "embedded" in args.engines or primary == "embedded":
        log("rebuilding the embedded engine")
        seconds = rebuild(
            get_engine("embedded"),
            documents,
            args.profile / "rebuild-embedded.prof" if args.profile else None,
        )
        indexing.append(
            {
                "step": "embedded: Engine.rebuild (from built documents)",
                "documents": len(documents),
                "seconds": seconds,
                "rate": len(documents) / seconds,
            }
        )
        indexing.append(
            {
                "step": "embedded: full rebuild (specs + rebuild)",
                "documents": len(documents),
                "seconds": seconds + build_seconds,
                "rate": len(documents) / (seconds + build_seconds),
            }
        )
        log(f"embedded rebuilt: {len(documents) / seconds:.0f} docs/s")
        from search.engines.embedded_sql import DOC_TABLE, TAG_TABLE

        vacuum([DOC_TABLE, TAG_TABLE])

    if "opensearch" in args.engines:
        engine = get_engine("opensearch")
        drop_indices(engine.client, args.index)
        log("rebuilding OpenSearch")
        seconds = rebuild(
            engine,
            documents,
            args.profile / "rebuild-opensearch.prof" if args.profile else None,
        )
        rate = len(documents) / seconds
        indexing.append(
            {
                "step": "OpenSearch: Engine.rebuild (from built documents)",
                "documents": len(documents),
                "seconds": seconds,
                "rate": rate,
            }
        )
        log("rebuilding OpenSearch from the database, as `portal search rebuild` does")
        seconds = full_rebuild(
            engine,
            args.profile / "rebuild-opensearch-full.prof" if args.profile else None,
        )
        full = len(documents) / seconds
        indexing.append(
            {
                "step": "OpenSearch: full rebuild (`portal search rebuild`)",
                "documents": len(documents),
                "seconds": seconds,
                "rate": full,
                "target": f">= {REBUILD_TARGET:,.0f}/s: {verdict(full, REBUILD_TARGET, False)}",
            }
        )
        log(f"OpenSearch rebuilt: {rate:.0f} docs/s")
        counted = sum(engine.count_by_type().values())
        if counted != len(documents):
            raise RuntimeError(f"OpenSearch holds {counted} documents, not {total}")
    if "embedded" in args.engines:
        counted = sum(get_engine("embedded").count_by_type().values())
        if counted != len(documents):
            raise RuntimeError(f"the embedded index holds {counted}, not {total}")
    del documents

    # The query mix: vocabulary from generated titles and summaries, places from
    # the demo's municipalities.
    rng = random.Random(f"{args.seed}:bench-vocabulary")
    sample = list(Generator(args.seed, territory, today, tz).documents(3000))
    words = vocabulary([f"{d.title} {d.summary}" for d in sample], rng)
    places = sorted(
        {name.split()[-1] if name.startswith("Городской") else name.split()[0]
         for _, name in territory.municipalities}
    )  # fmt: skip
    queries = query_mix(
        args.seed,
        args.queries,
        words,
        places,
        [pk for pk, _ in territory.municipalities],
        today,
    )
    runners = {}
    if "opensearch" in args.engines:
        engine = get_engine("opensearch")
        runners["opensearch"] = our_runner(engine, True)
        if args.facet_variants:
            runners["opensearch, no facets"] = our_runner(engine, False)
    if "embedded" in args.engines:
        engine = get_engine("embedded")
        runners["embedded"] = our_runner(engine, True)
        if args.facet_variants:
            runners["embedded, no facets"] = our_runner(engine, False)
    if "wagtail" in args.engines:
        runners["wagtail database (peer)"] = peer_runner()
    warmup = query_mix(
        f"{args.seed}-warmup",
        args.warmup,
        words,
        places,
        [pk for pk, _ in territory.municipalities],
        today,
    )
    log(f"queries: {len(queries)} ({sum(q.filtered for q in queries)} with filters)")
    measured = run_queries(runners, queries, warmup, args)
    latency = {}
    for name in runners:
        row = latency_summary(measured["timings"][name], queries)
        row["found"] = f"{sum(1 for h in measured['hits'][name] if h)}/{len(queries)}"
        base = name.split(",")[0]
        if base in TARGETS and "," not in name:
            row["target"] = (
                f"p95 <= {TARGETS[base]:.0f} ms: {verdict(row['p95'], TARGETS[base])}"
            )
        latency[name] = row
    peer = latency.get("wagtail database (peer)")
    if peer:
        for name in ("opensearch", "embedded"):
            if name in latency:
                faster = latency[name]["p95"] < peer["p95"]
                latency[name]["target"] += (
                    f"; faster than peer: {'met' if faster else 'MISSED'}"
                )

    lag = {}
    if "opensearch" in args.engines and args.lag_trials > 0:
        engine = get_engine("opensearch")
        rng = random.Random(f"{args.seed}:bench-lag")
        log_path = (
            Path(tempfile.gettempdir()) / f"bench-search-worker-{os.getpid()}.log"
        )
        with worker(args, log_path):
            log(f"lag: {args.lag_trials} trials, worker path (log {log_path})")
            row = lag_trials(args, engine, args.lag_trials, False, rng)
            row["target"] = (
                f"p50 <= {LAG_TARGET:.0f} s: {verdict(row['p50'], LAG_TARGET)}; max: {verdict(row['max'], LAG_TARGET)}"
            )
            lag["worker (APPLY_ON_COMMIT off)"] = row
            log(f"lag: {args.lag_trials} trials, on-commit path")
            row = lag_trials(args, engine, args.lag_trials, True, rng)
            row["target"] = (
                f"p50 <= {LAG_TARGET:.0f} s: {verdict(row['p50'], LAG_TARGET)}; max: {verdict(row['max'], LAG_TARGET)}"
            )
            lag["on commit (APPLY_ON_COMMIT on), worker running"] = row

    report = {
        "machine": machine_info(db, version),
        "corpus": {
            "total": total,
            "demo": len(mirrors),
            "demo_size": args.demo,
            "generated": generated,
            "seed": args.seed,
            "queries": len(queries),
            "filtered": sum(q.filtered for q in queries),
        },
        "latency": latency,
        "indexing": indexing,
        "lag": lag,
        "notes": notes,
        "load_start": args.load_start,
        "warmup": len(warmup),
        "command": " ".join(["bench/search.py", *sys.argv[1:]]),
        "database_vendor": connection.vendor,
    }
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
