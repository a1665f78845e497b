"""The benchmark corpus as a model that Wagtail's own search indexes (the peer)."""

from django.db import models
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

#: Separator of the multi-valued fields (subjects, audience) stored as text.
SEPARATOR = "; "


class BenchQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """`.filter(...).search(q)`, as on Wagtail's page querysets."""


class BenchDocument(index.Indexed, models.Model):
    """One document of the benchmark corpus, field for field a SearchDocument.

    Generated documents (`mirror=False`) are also indexed by our engines, through
    BenchDocumentSpec. Mirrors (`mirror=True`) copy the documents our engines build
    from the demo content (pages, organisations, acts, glossary, people), so that
    the peer searches exactly the same texts; our engines index the originals.
    """

    key = models.CharField(max_length=100, unique=True)
    mirror = models.BooleanField(default=False)
    type = models.CharField(max_length=40)
    title = models.TextField()
    url = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    level = models.CharField(max_length=16, blank=True)
    region = models.BigIntegerField(null=True)
    municipality = models.BigIntegerField(null=True)
    organisation = models.BigIntegerField(null=True)
    subjects = models.TextField(blank=True)
    audience = models.TextField(blank=True)
    start = models.DateTimeField(null=True)
    end = models.DateTimeField(null=True)
    published = models.DateTimeField(null=True)
    boost = models.FloatField(default=1.0)

    objects = BenchQuerySet.as_manager()

    # The title weighs more than the rest, as in our engines (×4 there).
    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("subjects"),
        index.FilterField("type"),
        index.FilterField("level"),
        index.FilterField("region"),
        index.FilterField("municipality"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    def __str__(self) -> str:
        return self.title
