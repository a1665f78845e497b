"""Publish-to-searchable lag in OpenSearch: the trials and `portal search worker`."""

import contextlib
import statistics
import subprocess
import time
from pathlib import Path

from .scratch import ROOT, bench_env, portal_command

# Publish-to-searchable lag ----------------------------------------------------


def unique_word(rng) -> str:
    syllables = "ка ло ми ту ре ша вы но зу пе би да го ру фе жи".split()
    return "квазо" + "".join(rng.choice(syllables) for _ in range(4)) + "ник"


def remove_lag_pages() -> int:
    """News pages a lag test left (a run stopped midway; before they were deleted)."""
    from portal.sections.models import NewsPage

    pages = list(NewsPage.objects.filter(slug__startswith="bench-lag-"))
    for page in pages:
        page.delete()
    return len(pages)


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
    lags, publish_calls, totals, pages = [], [], [], []
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
            pages.append(page)
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
        for page in pages:  # a --reuse run then finds the corpus it left
            page.delete()
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
