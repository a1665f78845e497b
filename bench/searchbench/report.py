"""The search benchmark's printed report: the machine, the tables and the verdicts."""

import contextlib
import datetime as dt
import os
import platform
from pathlib import Path

from .console import out

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
