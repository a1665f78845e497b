"""Backend-neutral document specs: how a model becomes SearchDocuments.

Core specs live in search.core_specs; plugins declare theirs in the plugin
contract's `search_documents` slot. Engines never see models, only documents.
"""

import re
from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.utils.html import strip_tags

from .documents import SearchDocument


class DocumentSpec:
    """Base of every spec. Subclasses set `model`, `type`, `label` and implement to_document.

    A spec must return None from to_document for anything that is not public: the
    document is then removed from the index. Private data never goes into a document.
    """

    #: The model (or Page subclass) this spec indexes.
    model: type[Model]
    #: Short type code used in keys and facets, e.g. "event".
    type: str
    #: Russian label of the type, shown in facets.
    label: str = ""
    #: Default relevance multiplier for documents of this type.
    boost: float = 1.0
    #: Prefix of document keys; all page specs share "page" so a deleted page (whose
    #: specific type is no longer known) is removed whatever spec indexed it.
    key_prefix: str = ""

    def key(self, pk) -> str:
        return f"{self.key_prefix or self.type}:{pk}"

    def get_queryset(self) -> QuerySet:
        """Everything that may be indexed (rebuild iterates it in chunks)."""
        return self.model._default_manager.all()

    def to_document(self, obj) -> SearchDocument | None:
        raise NotImplementedError

    def build_documents(
        self, objects: Iterable
    ) -> list[tuple[str, SearchDocument | None]]:
        """Documents for a chunk of objects; override to share work across a chunk."""
        return [(self.key(obj.pk), self.to_document(obj)) for obj in objects]


class PageDocumentSpec(DocumentSpec):
    """Base for specs of Wagtail page types (plugins subclass it for their pages)."""

    key_prefix = "page"

    def get_queryset(self):
        return self.model.objects.live().public().specific()


class SectionPageSpec(PageDocumentSpec):
    """Live public pages carrying their section's territory (``SectionTerritory``
    columns region, municipality, organisation): communities, practices, mentoring
    programmes. Subclasses implement ``document(page)``, usually with ``make``."""

    def to_document(self, page, restricted: list[str] | None = None):
        page = page.specific
        if not page.live:
            return None
        if restricted is None:
            restricted = restricted_paths()
        if is_restricted(page, restricted):
            return None
        return self.document(page)

    def document(self, page) -> SearchDocument:
        raise NotImplementedError

    def build_documents(self, objects):
        restricted = restricted_paths()
        return [(self.key(o.pk), self.to_document(o, restricted)) for o in objects]

    def make(
        self, page, *, summary: str, body, level: str, subjects=()
    ) -> SearchDocument:
        """The document of a section page: its territory, title, URL and dates, with
        the given summary, body parts (empty ones dropped), level and subjects."""
        return SearchDocument(
            key=self.key(page.pk),
            type=self.type,
            title=page.title,
            url=page.url or "",
            summary=(summary or "")[:500],
            body=" ".join(part for part in body if part),
            level=level,
            region=page.region_id,
            municipality=page.municipality_id,
            organisation=page.organisation_id,
            subjects=list(subjects),
            published=page.last_published_at or page.first_published_at,
        )


def restricted_paths() -> list[str]:
    """Tree paths of the pages with a view restriction: their subtrees are not public."""
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_restricted(page, paths: list[str]) -> bool:
    return any(page.path.startswith(path) for path in paths)


_SPACES = re.compile(r"\s+")


def plain_text(value) -> str:
    """Text of rich text, StreamField raw data or nested lists/dicts, without HTML."""
    parts: list[str] = []

    def walk(item):
        if item is None:
            return
        if isinstance(item, str):
            parts.append(strip_tags(item))
        elif isinstance(item, dict):
            for key, sub in item.items():
                if key not in ("type", "id") or not isinstance(sub, str):
                    walk(sub)
        elif isinstance(item, list | tuple):
            for sub in item:
                walk(sub)
        elif hasattr(item, "raw_data"):
            walk(list(item.raw_data))

    walk(value)
    return _SPACES.sub(" ", " ".join(parts)).strip()
