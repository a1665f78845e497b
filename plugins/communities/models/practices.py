"""The bank of best practices: catalogue pages in any section, practice pages under them.

A practice moves identified → generalised → under expert review → recommended →
disseminated (003 §6.12). The expert-review step is a Wagtail workflow task
(``review.ExpertReviewTask``); each decision is kept as an ``ExpertReview``.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.sections.blocks import BodyBlock
from portal.sections.models.content import SECTION_PARENTS
from portal.sections.territory import SectionTerritory
from portal.sections.tree import section_of

from .taxonomy import (
    LEVEL_OF_SECTION,
    CommunityLevel,
    EducationStage,
    PracticeKind,
    PracticeStage,
)


class PracticeCatalogPage(RoutablePageMixin, Page):
    """Catalogue of the best practices of a section and of the sections below it, with
    filters and full-text search (plugins.communities.catalogue)."""

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = SECTION_PARENTS
    subpage_types = ["communities.PracticePage"]

    class Meta:
        verbose_name = _("банк лучших практик")
        verbose_name_plural = _("банки лучших практик")

    @path("")
    def catalogue(self, request):
        from ..catalogue import render_catalogue

        return render_catalogue(self, request)


class PracticePageForm(WagtailAdminPageForm):
    """Education stages are a list of codes in a JSON field: ticked as checkboxes, an
    empty choice is an empty list (not NULL), and a redrawn form keeps the ticks."""

    education_stages = forms.MultipleChoiceField(
        label=_("уровни образования"),
        choices=EducationStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_education_stages(self):
        return list(self.cleaned_data.get("education_stages") or [])


class PracticePage(SectionTerritory, Page):
    """A best practice (DOMAIN.md "Best practices"). Authors are shown with consent."""

    authors = ParentalManyToManyField(
        "core.Person", verbose_name=_("авторы"), blank=True, related_name="+"
    )
    community = models.ForeignKey(
        "communities.CommunityPage", verbose_name=_("сообщество"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="practices",
    )  # fmt: skip
    author_organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("организация"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    level = models.CharField(
        _("уровень"), max_length=16, choices=CommunityLevel.choices, blank=True
    )
    kind = models.CharField(
        _("вид практики"), max_length=16, choices=PracticeKind.choices,
        default=PracticeKind.PEDAGOGICAL,
    )  # fmt: skip
    subjects = ParentalManyToManyField(
        "core.Subject", verbose_name=_("предметы"), blank=True, related_name="+"
    )
    education_stages = models.JSONField(
        _("уровни образования"), default=list, blank=True
    )
    intro = models.TextField(_("кратко"), blank=True)
    description = StreamField(BodyBlock(), verbose_name=_("описание"), blank=True)
    materials = StreamField(
        BodyBlock(), verbose_name=_("материалы"), blank=True,
        help_text=_("Документы, видео, ссылки."),
    )  # fmt: skip
    stage = models.CharField(
        _("этап"), max_length=16, choices=PracticeStage.choices,
        default=PracticeStage.IDENTIFIED,
    )  # fmt: skip
    effectiveness_confirmed = models.BooleanField(
        _("результативность подтверждена"), default=False
    )
    federal_registry = models.BooleanField(
        _("направлена в федеральный реестр лучших практик"), default=False
    )
    federal_registry_url = models.URLField(
        _("ссылка в федеральном реестре"), blank=True, max_length=1000
    )

    base_form_class = PracticePageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("authors", widget=forms.SelectMultiple),
                FieldRowPanel(
                    [FieldPanel("community"), FieldPanel("author_organisation")]
                ),
                FieldRowPanel([FieldPanel("level"), FieldPanel("kind")]),
                FieldPanel("subjects"),
                FieldPanel("education_stages"),
            ],
            heading=_("Практика"),
        ),
        FieldPanel("intro"),
        FieldPanel("description"),
        FieldPanel("materials"),
        MultiFieldPanel(
            [
                FieldPanel("stage"),
                FieldPanel("effectiveness_confirmed"),
                FieldRowPanel(
                    [FieldPanel("federal_registry"), FieldPanel("federal_registry_url")]
                ),
            ],
            heading=_("Этап и экспертиза"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
    ]
    parent_page_types = ["communities.PracticeCatalogPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("лучшая практика")
        verbose_name_plural = _("лучшие практики")

    def education_stage_labels(self) -> list[str]:
        labels = dict(EducationStage.choices)
        return [str(labels[v]) for v in self.education_stages or [] if v in labels]

    def save(self, *args, **kwargs):
        if self.path:
            section = section_of(self.get_parent())
            self.copy_territory(section)
            if not self.level:
                self.level = LEVEL_OF_SECTION.get(
                    getattr(section, "section_level", None), CommunityLevel.FEDERAL
                )
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..catalogue import practice_context

        context = super().get_context(request, *args, **kwargs)
        context.update(practice_context(self, request))
        return context


class ExpertReview(models.Model):
    """An expert's decision on a practice, written by the expert-review workflow task."""

    class Verdict(models.TextChoices):
        RECOMMEND = "recommend", _("Рекомендовать к распространению")
        REVISE = "revise", _("Вернуть на доработку")

    practice = models.ForeignKey(
        PracticePage, verbose_name=_("практика"), on_delete=models.CASCADE,
        related_name="reviews",
    )  # fmt: skip
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("эксперт"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    verdict = models.CharField(_("решение"), max_length=16, choices=Verdict.choices)
    comments = models.TextField(_("заключение"), blank=True)
    created_at = models.DateTimeField(_("дата"), auto_now_add=True)

    class Meta:
        verbose_name = _("экспертное заключение")
        verbose_name_plural = _("экспертные заключения")
        ordering = ["practice", "-created_at"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_verdict_display()}"
