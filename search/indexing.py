"""Building documents for a full rebuild, in chunks, spec by spec."""

from collections.abc import Iterator

from .documents import SearchDocument
from .registry import specs

CHUNK = 1000


def count_all() -> int:
    return sum(spec.get_queryset().count() for spec in specs())


def document_batches(chunk: int = CHUNK) -> Iterator[list[SearchDocument]]:
    """Every public document, `chunk` objects at a time (None documents are skipped)."""
    for spec in specs():
        queryset = spec.get_queryset().order_by("pk")
        last_pk = None
        while True:
            page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            objects = list(page[:chunk])
            if not objects:
                break
            last_pk = objects[-1].pk
            yield [doc for _, doc in spec.build_documents(objects) if doc is not None]
