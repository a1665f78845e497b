"""The search benchmark's scratch state: its database, OpenSearch indices and corpus."""

import json
import os
import sys
import time
from pathlib import Path

from .console import log

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 1000


# Scratch state: the database and the OpenSearch indices ---------------------


def bench_env(args, engine: str, apply_on_commit: bool = True) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_DATABASE_URL=args.database,
        BENCH_SEARCH_ENGINE=engine,
        BENCH_SEARCH_URL=args.opensearch_url if "opensearch" in args.engines else "",
        BENCH_SEARCH_INDEX=args.index,
        BENCH_SEARCH_SHARDS=str(args.shards),
        BENCH_APPLY_ON_COMMIT="1" if apply_on_commit else "0",
        PYTHONPATH=os.pathsep.join(
            [str(ROOT), str(ROOT / "site"), env.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep),
    )
    env.pop("DATABASE_URL", None)
    return env


def portal_command(*arguments: str) -> list[str]:
    script = Path(sys.executable).with_name("portal")
    if script.exists():
        return [str(script), *arguments]
    return [sys.executable, "-m", "portal.cli", *arguments]


def prepare_database(args) -> None:
    """Migrate, then `portal demo`, in this process (one Django start-up, not three)."""
    import io

    from django.conf import settings
    from django.core.management import call_command

    from search.engines import reset_engines

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrated in {time.perf_counter() - started:.0f} s")
    if args.demo == "none":
        return
    # The demo runs with the embedded engine only and the outbox left alone: its
    # own final rebuild indexes everything, and the benchmark rebuilds again anyway.
    saved = dict(settings.PORTAL_SEARCH)
    settings.PORTAL_SEARCH.update(ENGINE="embedded", APPLY_ON_COMMIT=False)
    reset_engines()
    started = time.perf_counter()
    try:
        call_command("demo", *DEMO_ARGS[args.demo], stdout=io.StringIO())
    finally:
        settings.PORTAL_SEARCH.clear()
        settings.PORTAL_SEARCH.update(saved)
        reset_engines()
    log(f"portal demo ({args.demo}) in {time.perf_counter() - started:.0f} s")


DEMO_ARGS = {
    "scale": ["--scale"],
    "default": [],
    "tiny": [
        "--municipalities",
        "2",
        "--organisations",
        "16",
        "--people",
        "60",
        "--skip-organisation-pages",
    ],
}


def opensearch_version(url: str) -> str | None:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)["version"]["number"]
    except Exception:  # noqa: BLE001 - any failure means no usable node
        return None


def drop_indices(client, alias: str) -> None:
    # Only this alias's indices: "<alias>-<timestamp>", timestamps start with a year.
    client.indices.delete(
        index=f"{alias}-2*", ignore_unavailable=True, allow_no_indices=True
    )


# Corpus ------------------------------------------------------------------------


def load_territory():
    from django.utils import timezone

    from bench.searchbench.corpus import Organiser, Territory
    from portal.core.models import Organisation
    from portal.core.models import Territory as TerritoryModel

    region = TerritoryModel.objects.filter(kind="region").order_by("pk").first()
    genitive = "региона"
    if region is not None:
        from portal.demo.territory import REGION_GENITIVE, REGION_NAME

        genitive = REGION_GENITIVE if region.name == REGION_NAME else genitive
    organisers: dict = {}
    for org in Organisation.objects.order_by("pk"):
        organisers.setdefault(org.level, []).append(
            Organiser(
                org.pk,
                org.name,
                org.short_name,
                org.level,
                org.region_id,
                org.municipality_id,
            )
        )
    municipalities = list(
        TerritoryModel.objects.filter(kind="municipality")
        .order_by("pk")
        .values_list("pk", "name")
    )
    return Territory(
        region=region.pk if region else None,
        region_name=region.name if region else "",
        region_genitive=genitive,
        municipalities=municipalities,
        organisers=organisers,
    ), timezone.localdate()


def demo_documents() -> list:
    """What our specs build from the demo content (everything but the bench spec)."""
    from bench.searchbench.specs import BenchDocumentSpec
    from search.registry import specs

    documents = []
    for spec in specs():
        if isinstance(spec, BenchDocumentSpec):
            continue
        queryset = spec.get_queryset().order_by("pk")
        last = None
        while True:
            page = queryset if last is None else queryset.filter(pk__gt=last)
            objects = list(page[:CHUNK])
            if not objects:
                break
            last = objects[-1].pk
            documents += [d for _, d in spec.build_documents(objects) if d is not None]
    return documents


def corpus_is_current(seed: int, mirrors: int, generated: int) -> bool:
    from bench.searchbench.models import BenchDocument

    rows = BenchDocument.objects
    return (
        rows.filter(mirror=True).count() == mirrors
        and rows.filter(mirror=False).count() == generated
        and (generated == 0 or rows.filter(key=f"gen:{seed}:{generated - 1}").exists())
    )


def write_corpus(seed: int, mirrors: list, generated_count: int, generator) -> float:
    """BenchDocument rows: mirrors of the demo documents, then generated ones."""
    from bench.searchbench.models import SEPARATOR, BenchDocument

    started = time.perf_counter()
    # No per-row deletion signals (each queued an outbox entry): minutes for 200,000.
    BenchDocument.objects.all()._raw_delete(BenchDocument.objects.db)

    def rows():
        for doc in mirrors:
            yield BenchDocument(
                key=f"mirror:{doc.key}", mirror=True, type=doc.type, title=doc.title,
                url=doc.url, summary=doc.summary, body=doc.body, level=doc.level,
                region=doc.region, municipality=doc.municipality,
                organisation=doc.organisation, subjects=SEPARATOR.join(doc.subjects),
                audience=SEPARATOR.join(doc.audience), start=doc.start, end=doc.end,
                published=doc.published, boost=doc.boost,
            )  # fmt: skip
        for index, doc in enumerate(generator.documents(generated_count)):
            yield BenchDocument(
                key=f"gen:{seed}:{index}", type=doc.type, title=doc.title,
                url=f"/bench/{doc.type}/{index}/", summary=doc.summary, body=doc.body,
                level=doc.level, region=doc.region, municipality=doc.municipality,
                organisation=doc.organisation, subjects=SEPARATOR.join(doc.subjects),
                audience=SEPARATOR.join(doc.audience), start=doc.start, end=doc.end,
                published=doc.published,
            )  # fmt: skip

    batch = []
    for row in rows():
        batch.append(row)
        if len(batch) == 2000:
            BenchDocument.objects.bulk_create(batch)
            batch = []
    BenchDocument.objects.bulk_create(batch)
    return time.perf_counter() - started


def vacuum(tables: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"VACUUM ANALYZE {table}"
                if connection.vendor == "postgresql"
                else f"ANALYZE {table}"
            )
