"""The import benchmark's printed report (bench/import.py runs the steps)."""

import os
import sys

PEER_TARGET, FLOOR_TARGET, MEMORY_TARGET, PAGES_TARGET = 20.0, 2.0, 300.0, 10.0


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def report(results: dict, args) -> None:
    out(f"\nImport benchmark: {args.rows:,} people rows (XLSX), peer on "
          f"{args.peer_rows or 'all'} rows; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    out(
        f"{'database':11} {'step':11} {'rows':>7} {'seconds':>8} {'rows/s':>8} {'peak MB':>8}  vs"
    )
    for vendor, steps in results.items():
        if vendor.endswith(" pages"):
            continue
        ours = steps["ours"]["rows"] / steps["ours"]["seconds"]
        for name, step in steps.items():
            rate = step["rows"] / step["seconds"]
            versus = ""
            if name == "peer":
                ratio = ours / rate
                versus = f"ours {ratio:.1f}x faster (target >= {PEER_TARGET:.0f}x: {'met' if ratio >= PEER_TARGET else 'MISSED'})"
            elif name == "floor":
                ratio = steps["ours"]["seconds"] / step["seconds"]
                versus = f"ours takes {ratio:.2f}x the floor (target <= {FLOOR_TARGET:.0f}x: {'met' if ratio <= FLOOR_TARGET else 'MISSED'})"
            elif name == "ours":
                mb = step["peak_rss_mb"]
                versus = f"peak {mb:.0f} MB (target <= {MEMORY_TARGET:.0f} MB: {'met' if mb <= MEMORY_TARGET else 'MISSED'})"
            out(f"{vendor:11} {name:11} {step['rows']:>7,} {step['seconds']:>8.2f} {rate:>8,.0f} "
                  f"{step['peak_rss_mb']:>8.0f}  {versus}")  # fmt: skip

    pages = {v: p for v, p in results.items() if v.endswith(" pages")}
    if pages:
        out(f"\nPages: {args.pages:,} under one parent; the add_child loops on "
            f"{args.peer_pages:,} pages")  # fmt: skip
        out(f"{'database':11} {'method':18} {'pages':>7} {'seconds':>8} {'pages/s':>8}"
            f" {'peak MB':>8} {'tree':>5}  vs")  # fmt: skip
    for vendor, steps in pages.items():
        ours = steps["bulk"]["rows"] / steps["bulk"]["seconds"]
        for name, step in steps.items():
            rate = step["rows"] / step["seconds"]
            versus = ""
            if name == "add_child":
                ratio = ours / rate
                versus = (f"bulk {ratio:.1f}x faster (target >= {PAGES_TARGET:.0f}x: "
                          f"{'met' if ratio >= PAGES_TARGET else 'MISSED'})")  # fmt: skip
            elif name != "bulk":
                versus = f"bulk {ours / rate:.1f}x faster"
            out(f"{vendor.split()[0]:11} {name:18} {step['rows']:>7,} {step['seconds']:>8.2f}"
                f" {rate:>8,.0f} {step['peak_rss_mb']:>8.0f} "
                f"{'ok' if step['tree_ok'] else 'BAD':>5}  {versus}")  # fmt: skip
