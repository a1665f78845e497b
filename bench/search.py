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

import contextlib
import json
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


# Main -------------------------------------------------------------------------


def main(argv=None) -> int:
    _fix_path()
    from bench.databases import (
        create_database,
        database_exists,
        database_info,
        drop_database,
    )
    from bench.searchbench.arguments import parse_args
    from bench.searchbench.console import log
    from bench.searchbench.scratch import (
        bench_env,
        drop_indices,
        opensearch_version,
        prepare_database,
    )

    args = parse_args(argv, __doc__)
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
    from django.db import connection
    from django.utils import timezone

    from bench.searchbench.console import log
    from bench.searchbench.corpus import Generator
    from bench.searchbench.indexing import (
        build_documents,
        full_rebuild,
        index_peer,
        peer_indexed_count,
        rebuild,
    )
    from bench.searchbench.lag import lag_trials, remove_lag_pages, worker
    from bench.searchbench.queries import (
        latency_summary,
        our_runner,
        peer_runner,
        run_queries,
    )
    from bench.searchbench.querymix import query_mix, vocabulary
    from bench.searchbench.report import machine_info, print_report, verdict
    from bench.searchbench.scratch import (
        corpus_is_current,
        demo_documents,
        drop_indices,
        load_territory,
        vacuum,
        write_corpus,
    )
    from search.engines import get_engine
    from search.models import OutboxEntry

    removed = remove_lag_pages()
    if removed:
        log(f"removed {removed} news pages an earlier lag test left")
    OutboxEntry.objects.all().delete()  # what the demo left for a worker
    territory, today = load_territory()
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
