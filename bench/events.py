"""Events benchmark (issue 5): our calendar, month grid and event page beside a naive peer.

    .venv/bin/python bench/events.py                  # 20,000 events, 200,000 registrations
    .venv/bin/python bench/events.py --reuse          # keep the generated database, reuse it
    .venv/bin/python bench/events.py --events 30 --registrations 100 --requests 3 \\
        --demo tiny --database sqlite:///var/bench/events-smoke.sqlite3   # a smoke run

What it does, in one run, on its own database:

1. creates it (`--database`, default PostgreSQL `bench_events`), migrates it with
   bench/eventsbench/settings.py (the portal, plus the peer's pages under /peer/) and
   runs `portal demo` in it;
2. generates `--events` event pages over calendars of the federal home, the region,
   every municipality and `--school-calendars` schools, and `--registrations`
   registrations (bench/eventsbench/generate.py, seeded), then VACUUM ANALYZE;
3. in a fresh process, requests each page kind `--requests` times through Django's test
   Client after `--warmup` other requests (bench/eventsbench/measure.py): (a) a
   calendar list with three filters (level + type + audience, or a date range + format
   + «идёт регистрация»), (b) the month grid of a mix of months, (c) event pages (a
   quarter of them the dozen events with the most registrations); each request first
   to our page, then to the naive peer's (bench/eventsbench/peer.py: plain Wagtail
   querysets, the plugin's own templates), or the other way round;
4. prints p50/p95/max server time, the ratios peer/ours, the SQL queries per request
   (min–max: bounded or not), whether both sides showed the same content, and the
   target (our p95 ≤ 100 ms); drops the database unless `--keep` or `--reuse`.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgres://portal:portal@127.0.0.1:5432/bench_events"
DEMO_ARGS = {
    "default": [],
    "tiny": ["--municipalities", "2", "--organisations", "16", "--people", "60"],
}


def _fix_path() -> None:
    """Run as a file, this directory would shadow the top-level `search` package."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or os.getcwd()).resolve() != here]
    for path in (str(ROOT / "site"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--registrations", type=int, default=200_000)
    parser.add_argument(
        "--requests", type=int, default=200, help="timed requests per page kind"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=20,
        help="untimed requests per page kind first, drawn with another seed",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
        help="the benchmark's own database: postgres://… or sqlite:///path "
        "(default %(default)s)",
    )
    parser.add_argument("--demo", choices=tuple(DEMO_ARGS), default="default")
    parser.add_argument("--school-calendars", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the database when it holds data generated with the same arguments "
        "(else build it), and keep it at the end",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--step", choices=("prepare", "measure"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


# Steps, each in its own process ------------------------------------------------


def step_prepare(args) -> dict:
    import io

    from django.core.management import call_command
    from django.db import connection

    from bench.eventsbench.generate import (
        generate_events,
        generate_registrations,
        is_generated,
    )
    from bench.searchbench.console import log
    from plugins.events.models import EventPage
    from search.models import OutboxEntry

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if args.reuse:
        if is_generated(args.seed, args.events, args.registrations):
            return {"reused": True}
        if EventPage.objects.exists():
            return {"stale": True}
    log(f"migrated in {time.perf_counter() - started:.0f} s; portal demo ({args.demo})")
    call_command("demo", *DEMO_ARGS[args.demo], stdout=io.StringIO())
    from django.utils import timezone

    started = time.perf_counter()
    generate_events(args.seed, args.events, timezone.localdate(), args.school_calendars)
    events_seconds = time.perf_counter() - started
    generate_registrations(args.seed, args.registrations, args.events)
    OutboxEntry.objects.all().delete()  # nothing measured here reads the search index
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    seconds = time.perf_counter() - started
    log(f"generated in {seconds:.0f} s (events {events_seconds:.0f} s)")
    return {
        "reused": False,
        "generation_seconds": seconds,
        "events_seconds": events_seconds,
    }


def step_measure(args) -> dict:
    from django.db.models import Count

    from bench.databases import database_info
    from bench.eventsbench.measure import measure
    from bench.searchbench.report import machine_info
    from plugins.events.models import EventCalendarPage, EventPage, Registration

    busiest = (
        Registration.objects.values("event").annotate(n=Count("pk")).order_by("-n")
    )
    data = {
        "events": EventPage.objects.count(),
        "generated": EventPage.objects.filter(slug__contains=f"-b{args.seed}x").count(),
        "calendars": EventCalendarPage.objects.count(),
        "registrations": Registration.objects.count(),
        "max_registrations": busiest[0]["n"] if busiest else 0,
        "seed": args.seed,
    }
    measured = measure(args.seed, args.requests, args.warmup)
    machine = machine_info(database_info(args.database), None)
    for key in ("opensearch", "opensearch_heap"):
        machine.pop(key, None)
    return {"data": data, "measured": measured, "machine": machine}


def run_step(name: str, args, argv: list[str]) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.eventsbench.settings",
        BENCH_DATABASE_URL=args.database,
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    )
    env.pop("DATABASE_URL", None)
    command = [sys.executable, __file__, *argv, "--step", name]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"step {name} failed (its output is above)")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    _fix_path()
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.step:
        import django

        django.setup()
        step = step_prepare if args.step == "prepare" else step_measure
        sys.stdout.write(json.dumps(step(args), default=str) + "\n")
        return 0

    from bench.databases import (
        create_database,
        database_exists,
        database_info,
        drop_database,
    )
    from bench.eventsbench.report import print_report
    from bench.searchbench.console import log

    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    db = database_info(args.database)
    prepared = {"stale": True}
    if args.reuse and database_exists(db):
        log(f"reusing database {db['NAME']} if it holds the same data")
        prepared = run_step("prepare", args, argv)
    if prepared.get("stale"):
        log(f"creating database {db['NAME']} ({db['vendor']})")
        drop_database(db)
        create_database(db)
        prepared = run_step("prepare", args, [a for a in argv if a != "--reuse"])
    try:
        log(f"measuring: {args.requests} requests per page kind and side")
        report = run_step("measure", args, argv)
    finally:
        if not (args.keep or args.reuse):
            log(f"dropping database {db['NAME']}")
            drop_database(db)
    report["data"].update(prepared)
    report["load_start"] = load_start
    report["command"] = " ".join(["bench/events.py", *argv])
    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
