"""Indexing the benchmark corpus: the peer (Wagtail's database backend) and our engines."""

import contextlib
import time
from pathlib import Path

from .console import log
from .scratch import CHUNK

# Indexing -----------------------------------------------------------------------


def index_peer(sample: int | None) -> dict:
    """Wagtail's database backend: what `wagtail_update_index` does for the model.

    `add_bulk` spends most of its time in Python compiling one SQL expression per
    field and document (about 320 documents/s here). With `sample`, only the first
    `sample` rows go through it — that is the measured rate — and on PostgreSQL the
    rest get the very same index rows from one INSERT … SELECT (the same functions
    on the same texts, checked equal on the sample), to keep the benchmark short.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from bench.searchbench.models import BenchDocument

    backend = get_search_backend()
    content_type = ContentType.objects.get_for_model(BenchDocument)
    IndexEntry.objects.filter(content_type=content_type).delete()
    total = BenchDocument.objects.count()
    bulk_sql = peer_bulk_sql(backend) if connection.vendor == "postgresql" else None
    limit = total if (sample is None or bulk_sql is None) else min(sample, total)
    started = time.perf_counter()
    done, last = 0, 0
    while done < limit:
        rows = list(
            BenchDocument.objects.filter(pk__gt=last).order_by("pk")[
                : min(CHUNK, limit - done)
            ]
        )
        if not rows:
            break
        backend.add_bulk(BenchDocument, rows)
        done += len(rows)
        last = rows[-1].pk
    add_bulk_seconds = time.perf_counter() - started
    result = {"add_bulk": done, "add_bulk_seconds": add_bulk_seconds, "sql": 0}
    if done < total:
        with connection.cursor() as cursor:
            cursor.execute(bulk_sql["check"], [content_type.pk, last])
            mismatches = cursor.fetchone()[0]
        if mismatches:
            raise RuntimeError(
                f"the SQL copy of Wagtail's index rows differs on {mismatches} sampled "
                "documents; run with --peer-sample 0"
            )
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(bulk_sql["insert"], [content_type.pk, last])
            result["sql"] = cursor.rowcount
        result["sql_seconds"] = time.perf_counter() - t0
        log(
            f"peer: {done:,} rows through add_bulk, {result['sql']:,} through "
            f"INSERT … SELECT in {result['sql_seconds']:.0f} s (equal on the sample)"
        )
    index = backend.get_index_for_model(BenchDocument)
    if hasattr(index, "_refresh_title_norms"):
        index._refresh_title_norms(full=True)  # what a rebuild's finish() does
    return result


def peer_bulk_sql(backend) -> dict:
    """SQL computing, for BenchDocument rows, the index rows ObjectIndexer writes.

    ObjectIndexer (modelsearch's PostgreSQL backend) stores per document: title =
    setweight(to_tsvector(config, title), weight), body = the same for every other
    SearchField in order, joined with ||, skipping empty texts; autocomplete is
    empty (no AutocompleteField); title_text / body_text are the stripped texts.
    """
    from modelsearch.backends.database.postgres.weights import get_weight
    from wagtail.search import index

    from bench.searchbench.models import BenchDocument

    config = backend.config or "simple"
    title_parts, body_parts, body_texts = [], [], []
    for search_field in BenchDocument.get_search_fields():
        if not isinstance(search_field, index.SearchField):
            continue
        column = f"btrim(d.{search_field.field_name})"
        vector = (
            f"CASE WHEN {column} <> '' THEN setweight(to_tsvector('{config}', "
            f"{column}), '{get_weight(search_field.boost)}') ELSE ''::tsvector END"
        )
        if search_field.field_name == "title":
            title_parts.append(f"({vector})")
        else:
            body_parts.append(f"({vector})")
            body_texts.append(f"NULLIF({column}, '')")
    title_sql = " || ".join(title_parts) or "''::tsvector"
    body_sql = " || ".join(body_parts) or "''::tsvector"
    body_text = f"concat_ws(' ', {', '.join(body_texts)})"
    table = BenchDocument._meta.db_table
    computed = (
        f"SELECT %s AS content_type_id, d.id::text AS object_id, {title_sql} AS title, "
        f"''::tsvector AS autocomplete, {body_sql} AS body, btrim(d.title) AS title_text, "
        f"{body_text} AS body_text FROM {table} d"
    )
    return {
        "insert": (
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title, "
            "autocomplete, body, title_norm, title_text, body_text) "
            "SELECT content_type_id, object_id, title, autocomplete, body, 1.0, "
            f"title_text, body_text FROM ({computed} WHERE d.id > %s) c"
        ),
        # Sampled rows whose stored index row is missing or differs from the SQL's.
        "check": (
            f"SELECT COUNT(*) FROM ({computed} WHERE d.id <= %s) c "
            "LEFT JOIN wagtailsearch_indexentry e ON e.content_type_id = c.content_type_id "
            "AND e.object_id = c.object_id WHERE e.id IS NULL "
            "OR e.title IS DISTINCT FROM c.title OR e.body IS DISTINCT FROM c.body "
            "OR e.autocomplete IS DISTINCT FROM c.autocomplete "
            "OR e.title_text IS DISTINCT FROM c.title_text "
            "OR e.body_text IS DISTINCT FROM c.body_text"
        ),
    }


def peer_indexed_count() -> int:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from bench.searchbench.models import BenchDocument

    content_type = ContentType.objects.get_for_model(BenchDocument)
    return IndexEntry.objects.filter(content_type=content_type).count()


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def build_documents() -> tuple[list, float]:
    from search.indexing import document_batches

    started = time.perf_counter()
    documents = [d for batch in document_batches() for d in batch]
    return documents, time.perf_counter() - started


def rebuild(engine, documents: list, profile_to: Path | None = None) -> float:
    started = time.perf_counter()
    with profiled(profile_to):
        for _ in engine.rebuild(chunks(documents)):
            pass
    return time.perf_counter() - started


def full_rebuild(engine, profile_to: Path | None = None) -> float:
    """What `portal search rebuild` does: specs read the database while the engine
    analyses and sends, one pipeline."""
    from search.indexing import document_batches

    started = time.perf_counter()
    with profiled(profile_to):
        for _ in engine.rebuild(document_batches()):
            pass
    return time.perf_counter() - started


@contextlib.contextmanager
def profiled(path: Path | None):
    if path is None:
        yield
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        path.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(path)
        log(f"profile written to {path}")
