"""bench/search.py's command line (its docstring is the --help text)."""

import argparse
import os
from pathlib import Path

DEFAULT_DATABASE = "postgres://portal:portal@127.0.0.1:5432/bench_search"
ENGINES = ("embedded", "opensearch", "wagtail")


def parse_args(argv=None, doc: str = ""):
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0],
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
