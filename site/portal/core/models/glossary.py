"""The glossary (~30 terms: ИОМ, ЦНППМ, ДПП…; 004 §8.1), shown by GlossaryPage."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class GlossaryTerm(index.Indexed, models.Model):
    """A term with its definition and variant spellings; also feeds search synonyms."""

    term = models.CharField(_("термин"), max_length=255, unique=True)
    full_form = models.CharField(_("полная форма"), max_length=500, blank=True)
    definition = RichTextField(_("определение"), features=["bold", "italic", "link"])
    variants = models.TextField(
        _("варианты написания"),
        blank=True,
        help_text=_("По одному на строку, например ЦНППМПР."),
    )
    source = models.ForeignKey(
        "core.NormativeAct", verbose_name=_("источник"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    panels = [
        FieldPanel("term"),
        FieldPanel("full_form"),
        FieldPanel("definition"),
        FieldPanel("variants"),
        FieldPanel("source"),
    ]
    search_fields = [
        index.SearchField("term", boost=3),
        index.SearchField("full_form", boost=2),
        index.SearchField("definition"),
        index.SearchField("variants"),
        index.AutocompleteField("term"),
    ]

    class Meta:
        verbose_name = _("термин")
        verbose_name_plural = _("глоссарий")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    @property
    def variant_list(self) -> list[str]:
        return [v.strip() for v in self.variants.splitlines() if v.strip()]
