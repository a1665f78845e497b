"""The events benchmark's printed report: the machine, the data and one table."""

from bench.searchbench.console import out

from .measure import TARGET_MS


def _ratio(peer: float, ours: float) -> str:
    return f"{peer / ours:.1f}×" if ours else "-"


def print_report(report: dict) -> None:
    machine, data = report["machine"], report["data"]
    out()
    out(f"Events benchmark — {machine['date']}")
    out(
        f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['memory']} RAM, "
        f"Python {machine['python']}, Django {machine['django']}, "
        f"Wagtail {machine['wagtail']}, {machine['database']}"
        + (f" ({machine['database_settings']})" if machine["database_settings"] else "")
    )
    out(
        f"Load average: {report['load_start']} at the start, {machine['load']} at the end"
    )
    out(
        f"Data: {data['events']:,} events ({data['generated']:,} generated) in "
        f"{data['calendars']} calendars, {data['registrations']:,} registrations "
        f"(most on one event: {data['max_registrations']:,}); seed {data['seed']}"
        + (", reused database" if data.get("reused") else "")
    )
    measured = report["measured"]
    out(
        f"Requests: {measured['requests']} timed per page kind and side, after "
        f"{measured['warmup']} warm-up requests"
    )
    out()
    out("Server time, ms (ours vs the naive peer; ratio: peer / ours):")
    out()
    header = ("| page | ours p50 | ours p95 | ours max | peer p50 | peer p95 | peer max "
              "| p50 ratio | p95 ratio | queries ours | queries peer | same content "
              f"| target p95 ≤ {TARGET_MS:.0f} ms |")  # fmt: skip
    out(header)
    out("|---|" + "---:|" * 11 + "---|")
    for row in measured["pages"].values():
        ours, peer = row["ours"], row["peer"]
        met = "met" if ours["p95"] <= TARGET_MS else "**MISSED**"
        out(
            f"| {row['label']} | {ours['p50']:.1f} | {ours['p95']:.1f} | {ours['max']:.1f} "
            f"| {peer['p50']:.1f} | {peer['p95']:.1f} | {peer['max']:.1f} "
            f"| {_ratio(peer['p50'], ours['p50'])} | {_ratio(peer['p95'], ours['p95'])} "
            f"| {ours['queries_min']}–{ours['queries_max']} "
            f"| {peer['queries_min']}–{peer['queries_max']} | {row['same']} | {met} |"
        )
    out()
    out("Slowest of ours:")
    for row in measured["slowest"][:5]:
        out(f"  {row['ms']:7.1f} ms  {row['queries']:3d} queries  {row['url']}")
    out()
    out(f"Command: {report['command']}")
