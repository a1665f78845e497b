"""Public pages of the plugin: the programme catalogue and the catalogue of typical
routes (route templates) that teachers browse and adopt."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.sections.blocks import BodyBlock
from portal.sections.models.content import SECTION_PARENTS
from portal.sections.territory import TerritorialPage

from .catalogue import Programme
from .steps import LearningForm, StepKind


class ProgrammeCatalogPage(RoutablePageMixin, TerritorialPage):
    """«Каталог программ ДПП»: the programmes available to teachers of the section's
    region (its own and the federal ones), filterable, each with its own page."""

    intro = models.TextField(_("кратко"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("пояснение"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = SECTION_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("каталог программ ДПП")
        verbose_name_plural = _("каталоги программ ДПП")

    @path("")
    def index_route(self, request):
        from ..public import programme_list

        return programme_list(self, request)

    @path("<int:programme_id>/")
    def programme_route(self, request, programme_id):
        from ..public import programme_detail

        return programme_detail(self, request, programme_id)


class RouteCatalogPage(TerritorialPage):
    """«Типовые маршруты»: the section's typical routes, filterable by deficit."""

    intro = models.TextField(_("кратко"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("пояснение"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = SECTION_PARENTS
    subpage_types = ["iom.RouteTemplatePage"]

    class Meta:
        verbose_name = _("каталог типовых маршрутов")
        verbose_name_plural = _("каталоги типовых маршрутов")

    def get_context(self, request, *args, **kwargs):
        from ..public import route_catalog_context

        context = super().get_context(request, *args, **kwargs)
        context.update(route_catalog_context(self, request))
        return context


class RouteTemplatePage(TerritorialPage):
    """A typical route (шаблон ИОМ): for whom, which deficits, ordered steps, expected
    results and total time. A teacher adopts it as their own route."""

    target_group = models.CharField(
        _("для кого"), max_length=500,
        help_text=_("Например: «учителя начальных классов, первые 3 года работы»."),
    )  # fmt: skip
    intro = models.TextField(_("кратко"), blank=True)
    deficits = ParentalManyToManyField(
        "core.Competence", verbose_name=_("какие дефициты закрывает"), blank=True,
        related_name="+",
    )  # fmt: skip
    expected_results = models.TextField(_("ожидаемые результаты"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("описание"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("target_group"),
        FieldPanel("intro"),
        FieldPanel("deficits", widget=forms.CheckboxSelectMultiple),
        InlinePanel("steps", heading=_("Шаги маршрута"), label=_("шаг"), min_num=1),
        FieldPanel("expected_results"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("target_group"),
        index.SearchField("intro"),
        index.SearchField("expected_results"),
    ]
    parent_page_types = ["iom.RouteCatalogPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("типовой маршрут")
        verbose_name_plural = _("типовые маршруты")

    @property
    def total_hours(self) -> int:
        return sum(step.hours or 0 for step in self.steps.all())

    def get_context(self, request, *args, **kwargs):
        from ..public import route_template_context

        context = super().get_context(request, *args, **kwargs)
        context.update(route_template_context(self, request))
        return context


class RouteTemplateStep(Orderable):
    """One step of a typical route."""

    page = ParentalKey(
        RouteTemplatePage, related_name="steps", on_delete=models.CASCADE
    )
    title = models.CharField(_("что сделать"), max_length=500)
    kind = models.CharField(
        _("вид"), max_length=16, choices=StepKind.choices, default=StepKind.PROGRAMME
    )
    learning_form = models.CharField(
        _("форма обучения"), max_length=16, choices=LearningForm.choices,
        default=LearningForm.FORMAL,
    )  # fmt: skip
    deficit = models.ForeignKey(
        "core.Competence", verbose_name=_("дефицит"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа ДПП"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    hours = models.PositiveSmallIntegerField(_("часов"), null=True, blank=True)
    description = models.TextField(_("пояснение"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("learning_form"), FieldPanel("hours")]
        ),
        FieldRowPanel([FieldPanel("deficit"), FieldPanel("programme")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("шаг типового маршрута")
        verbose_name_plural = _("шаги типового маршрута")

    def __str__(self) -> str:
        return self.title
