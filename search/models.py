"""Search tables: the outbox of index changes, the embedded index, editable synonyms."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class OutboxEntry(models.Model):
    """One pending index change for one engine, written in the content's transaction.

    Applied on commit and by `portal search worker`; a failure keeps the entry with
    a growing delay (attempts, next_attempt_at, last_error), so an outage loses nothing.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", _("Обновить")
        DELETE = "delete", _("Удалить")

    engine = models.CharField(max_length=32, db_index=True)
    key = models.CharField(max_length=100)
    model = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    action = models.CharField(max_length=8, choices=Action.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("изменение индекса")
        verbose_name_plural = _("очередь индексации")
        indexes = [models.Index(fields=["engine", "id"])]

    def __str__(self) -> str:
        return f"{self.engine}: {self.action} {self.key}"


class EmbeddedDocument(models.Model):
    """A document of the embedded engine; its analysed terms feed FTS5 / PostgreSQL FTS."""

    key = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=40, db_index=True)
    title = models.TextField()
    url = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    level = models.CharField(max_length=16, blank=True, db_index=True)
    region_id = models.BigIntegerField(null=True, db_index=True)
    municipality_id = models.BigIntegerField(null=True, db_index=True)
    organisation_id = models.BigIntegerField(null=True, db_index=True)
    start = models.DateTimeField(null=True, db_index=True)
    end = models.DateTimeField(null=True)
    published = models.DateTimeField(null=True)
    boost = models.FloatField(default=1.0)
    #: Analysed (normalised, stemmed) terms, space-separated, as the engine indexes them.
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    #: Subjects and audience as "facet<TAB>value" lines (EmbeddedTag holds them too).
    tags_text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("документ встроенного индекса")
        # The largest boost of dated and of undated documents, read at once by the
        # embedded engine's title window (search.engines.embedded).
        indexes = [
            models.Index(
                fields=["boost"],
                condition=models.Q(start__isnull=False),
                name="portal_search_dated_boost",
            ),
            models.Index(
                fields=["boost"],
                condition=models.Q(start__isnull=True),
                name="portal_search_undated_boost",
            ),
        ]


class EmbeddedTag(models.Model):
    """Multi-valued facets (subjects, audience) of an embedded document."""

    document = models.ForeignKey(
        EmbeddedDocument, on_delete=models.CASCADE, related_name="tags"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"])]


class SearchSynonym(models.Model):
    """A group of equivalent phrases, editable in the admin; applied at query time."""

    phrases = models.TextField(
        _("равнозначные слова и фразы"),
        help_text=_(
            "По одной на строку, например: ИОМ / индивидуальный образовательный маршрут."
        ),
    )
    comment = models.CharField(_("комментарий"), max_length=255, blank=True)

    panels = [FieldPanel("phrases"), FieldPanel("comment")]

    class Meta:
        verbose_name = _("синонимы")
        verbose_name_plural = _("синонимы поиска")

    def __str__(self) -> str:
        return " ≈ ".join(self.phrase_list)

    @property
    def phrase_list(self) -> list[str]:
        return [p.strip() for p in self.phrases.splitlines() if p.strip()]


class EmbeddedTerm(models.Model):
    """A distinct analysed term of the embedded index (typo-correction vocabulary)."""

    term = models.CharField(max_length=100, unique=True)
