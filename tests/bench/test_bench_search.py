"""The search benchmark (bench/search.py) still runs: a tiny corpus, a few queries.

It runs in a subprocess, on its own scratch database: PostgreSQL when DATABASE_URL
points at one (the benchmark's real target; its role must be allowed to create
databases), a temporary SQLite file otherwise. OpenSearch, and the
publish-to-searchable lag with `portal search worker`, are included only when
PORTAL_TEST_OPENSEARCH_URL names a node.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]


def bench_database(tmp_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        config = dj_database_url.parse(url)
        name = f"bench_search_smoke_{uuid.uuid4().hex[:8]}"
        return (
            f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST'] or '127.0.0.1'}"
            f":{config['PORT'] or 5432}/{name}"
        )
    return f"sqlite:///{tmp_path / 'bench.sqlite3'}"


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    opensearch = os.environ.get("PORTAL_TEST_OPENSEARCH_URL", "")
    engines = ["embedded", "wagtail"] + (["opensearch"] if opensearch else [])
    report = tmp_path / "report.json"
    command = [
        sys.executable,
        str(ROOT / "bench" / "search.py"),
        "--documents", "300",
        "--queries", "5",
        "--demo", "tiny",
        "--engines", ",".join(engines),
        "--database", bench_database(tmp_path),
        "--index", f"bench-smoke-{uuid.uuid4().hex[:8]}",
        "--lag-trials", "2" if opensearch else "0",
        "--json", str(report),
    ]  # fmt: skip
    if opensearch:
        command += ["--opensearch-url", opensearch]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=170
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    data = json.loads(report.read_text())
    assert data["corpus"]["total"] == 300
    assert data["corpus"]["queries"] == 5
    expected = {"embedded", "wagtail database (peer)"} | (
        {"opensearch"} if opensearch else set()
    )
    assert expected <= set(data["latency"])
    for row in data["latency"].values():
        assert 0 < row["p50"] <= row["p95"] <= row["max"]
    steps = " ".join(row["step"] for row in data["indexing"])
    assert "embedded: Engine.rebuild" in steps and "peer:" in steps
    if opensearch:
        assert "OpenSearch: Engine.rebuild" in steps
        assert data["lag"]["worker (APPLY_ON_COMMIT off)"]["trials"] == 2
    # The table is printed with the figures side by side.
    assert "Query latency, ms" in result.stdout and "p95/peer" in result.stdout
