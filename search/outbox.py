"""The transactional outbox: index changes are rows written with the content change.

enqueue() runs inside the caller's transaction; on commit the pending entries are
applied (best effort); `portal search worker` applies whatever is left, retrying
failures with exponential backoff. Applying is idempotent: it reads the current
state of the object, so order and duplicates do not matter.
"""

import datetime as dt
import logging
from collections import OrderedDict

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .engines import engine_names, get_engine
from .models import OutboxEntry
from .registry import spec_for_model

logger = logging.getLogger(__name__)

MAX_BACKOFF = dt.timedelta(minutes=10)


def backoff(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(seconds=2**attempts), MAX_BACKOFF)


def enqueue(obj, action: str = OutboxEntry.Action.UPSERT) -> bool:
    """Record that `obj` changed; False when no spec covers its model."""
    return enqueue_many([obj], action) > 0


def enqueue_many(objects, action: str = OutboxEntry.Action.UPSERT) -> int:
    """Record that these objects changed (bulk writes send no signals): one INSERT per
    1,000 entries; returns the number of entries."""
    entries = []
    for obj in objects:
        spec = spec_for_model(type(obj))
        if spec is None:
            continue
        label = (
            obj._meta.concrete_model._meta.label_lower
            if action == "delete"
            else type(obj)._meta.label_lower
        )
        entries += [
            OutboxEntry(engine=name, key=spec.key(obj.pk), model=label,
                        object_pk=str(obj.pk), action=action)
            for name in engine_names()
        ]  # fmt: skip
    OutboxEntry.objects.bulk_create(entries, batch_size=1000)
    if entries:
        _apply_after_commit()
    return len(entries)


def _apply_after_commit() -> None:
    """Schedule one application of the outbox per transaction (not one per change)."""
    from .conf import search_setting

    if not search_setting("APPLY_ON_COMMIT"):
        return
    connection = transaction.get_connection()
    if any(entry[1] is apply_all_pending for entry in connection.run_on_commit):
        return
    transaction.on_commit(apply_all_pending)


def apply_all_pending() -> None:
    for name in engine_names():
        try:
            drain(name)
        except Exception:  # noqa: BLE001 - the worker retries; saving content must not fail
            logger.exception("Applying the search outbox for %s failed", name)


def due_entries(engine: str, limit: int):
    now = timezone.now()
    return list(
        OutboxEntry.objects.filter(engine=engine)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")[:limit]
    )


def apply_pending(engine_name: str, limit: int = 500) -> int:
    """Apply due entries of one engine; returns how many were applied."""
    engine = get_engine(engine_name)
    entries = due_entries(engine_name, limit)
    if not entries:
        return 0
    latest: OrderedDict[str, OutboxEntry] = OrderedDict()
    for entry in entries:
        latest.pop(entry.key, None)
        latest[entry.key] = entry
    try:
        upserts, deletes = build_changes(latest.values())
        if upserts:
            engine.upsert(upserts)
        if deletes:
            engine.delete(deletes)
    except Exception as exc:  # noqa: BLE001 - recorded on the entries for retry and status
        now = timezone.now()
        for entry in entries:
            entry.attempts += 1
            entry.next_attempt_at = now + backoff(entry.attempts)
            entry.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        OutboxEntry.objects.bulk_update(
            entries, ["attempts", "next_attempt_at", "last_error"]
        )
        logger.warning(
            "Search engine %s: %s entries postponed: %s", engine_name, len(entries), exc
        )
        return 0
    OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    return len(entries)


def build_changes(entries) -> tuple[list, list[str]]:
    """Current documents for the changed keys: (documents to upsert, keys to delete)."""
    by_model: dict[str, list[OutboxEntry]] = {}
    deletes: list[str] = []
    for entry in entries:
        if entry.action == OutboxEntry.Action.DELETE:
            deletes.append(entry.key)
        else:
            by_model.setdefault(entry.model, []).append(entry)
    upserts = []
    for label, group in by_model.items():
        model = apps.get_model(label)
        spec = spec_for_model(model)
        objects = {
            str(o.pk): o
            for o in spec.get_queryset().filter(pk__in=[e.object_pk for e in group])
        }
        found = [objects[e.object_pk] for e in group if e.object_pk in objects]
        documents = dict(spec.build_documents(found))
        for entry in group:
            document = documents.get(entry.key)
            if document is None:
                deletes.append(entry.key)
            else:
                upserts.append(document)
    return upserts, deletes


def drain(engine_name: str, batch: int = 500) -> int:
    """Apply due entries batch by batch until none is left or the engine fails."""
    total = 0
    while True:
        before = pending_count(engine_name)
        applied = apply_pending(engine_name, batch)
        total += applied
        if applied == 0 or pending_count(engine_name) >= before:
            return total


def pending_count(engine_name: str | None = None) -> int:
    queryset = OutboxEntry.objects.all()
    if engine_name:
        queryset = queryset.filter(engine=engine_name)
    return queryset.count()


def last_error(engine_name: str) -> str:
    entry = (
        OutboxEntry.objects.filter(engine=engine_name)
        .exclude(last_error="")
        .order_by("-id")
        .first()
    )
    return entry.last_error if entry else ""
