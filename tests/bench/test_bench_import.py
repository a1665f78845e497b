"""The import benchmark (bench/import.py) still runs: a tiny region, a few rows."""

import json
import subprocess
import sys

from .test_bench_search import ROOT, bench_database


def test_import_benchmark_runs_at_a_tiny_size(tmp_path):
    report = tmp_path / "report.json"
    command = [
        sys.executable, str(ROOT / "bench" / "import.py"),
        "--rows", "40", "--peer-rows", "10", "--tiny", "--pages", "30", "--peer-pages", "5",
        "--database", bench_database(tmp_path).replace("bench_search_smoke", "bench_import_smoke"),
        "--json", str(report),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ours" in done.stdout and "faster" in done.stdout
    steps, pages = json.loads(report.read_text()).values()
    assert "Pages: 30 under one parent" in done.stdout
    assert pages["bulk"]["rows"] == 30 and pages["add_child"]["rows"] == 5
    assert all(step["tree_ok"] for step in pages.values())
    assert steps["ours"]["new"] == 40 and steps["ours again"]["unchanged"] == 40
    assert steps["peer"]["rows"] == 10 and steps["floor"]["rows"] == 40
