"""The events benchmark (bench/events.py) still runs: a tiny region, a few requests.

It runs in a subprocess, on its own scratch database (PostgreSQL when DATABASE_URL
points at one, a temporary SQLite file otherwise; see test_bench_search). Timing is
never asserted: only that every step ran, both sides answered, showed the same content,
and the figures are well formed.
"""

import json
import subprocess
import sys

from .test_bench_search import ROOT, bench_database


def test_events_benchmark_runs_at_a_tiny_size(tmp_path):
    report = tmp_path / "report.json"
    database = bench_database(tmp_path).replace(
        "bench_search_smoke", "bench_events_smoke"
    )
    command = [
        sys.executable, str(ROOT / "bench" / "events.py"),
        "--events", "30", "--registrations", "100", "--requests", "3", "--warmup", "1",
        "--demo", "tiny", "--school-calendars", "2", "--database", database,
        "--json", str(report),
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    data = json.loads(report.read_text())
    assert data["data"]["generated"] == 30
    assert data["data"]["registrations"] == 100
    assert set(data["measured"]["pages"]) == {"list", "month", "event"}
    for row in data["measured"]["pages"].values():
        assert row["same"] == "4/4"  # warm-up and timed requests: same content
        for side in ("ours", "peer"):
            figures = row[side]
            assert figures["n"] == 3
            assert 0 < figures["p50"] <= figures["p95"] <= figures["max"]
            assert 0 < figures["queries_min"] <= figures["queries_max"]
    assert "| calendar list, three filters |" in done.stdout
    assert "target p95 ≤ 100 ms" in done.stdout
