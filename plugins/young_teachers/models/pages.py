"""The public section for young teachers in any territory and its support programme
pages. Public: programmes, contacts, offers from other plugins, aggregate numbers;
never a named young teacher."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.sections.blocks import BodyBlock
from portal.sections.models.content import SECTION_PARENTS
from portal.sections.territory import SectionTerritory
from portal.sections.tree import section_of

from .taxonomy import SupportForm


class _TerritoryPage(SectionTerritory, Page):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path:
            self.copy_territory(section_of(self.get_parent()))
        return super().save(*args, **kwargs)


class YoungTeachersPage(_TerritoryPage):
    """«Молодым педагогам» of a region, municipality or school."""

    intro = models.TextField(_("кратко"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("содержание"), blank=True)
    methodist = models.ForeignKey(
        "core.Person", verbose_name=_("ответственный методист"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("На сайте показывается только с согласия на публикацию."),
    )  # fmt: skip
    contact_email = models.EmailField(_("e-mail для связи"), blank=True)
    contact_phone = models.CharField(_("телефон для связи"), max_length=50, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("methodist"),
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
            ],
            heading=_("Контакты"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = SECTION_PARENTS
    subpage_types = ["young_teachers.SupportProgrammePage"]

    class Meta:
        verbose_name = _("раздел для молодых педагогов")
        verbose_name_plural = _("разделы для молодых педагогов")

    def get_context(self, request, *args, **kwargs):
        from ..public import section_context

        context = super().get_context(request, *args, **kwargs)
        context.update(section_context(self, request))
        return context


class SupportProgrammePage(_TerritoryPage):
    """A support programme: school of the young teacher, adaptation programme, club…"""

    intro = models.TextField(_("кратко"), blank=True)
    support_forms = ParentalManyToManyField(
        SupportForm, verbose_name=_("формы поддержки"), blank=True, related_name="+"
    )
    organiser = models.ForeignKey(
        "core.Organisation", verbose_name=_("организатор"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    start_date = models.DateField(_("начало"), null=True, blank=True)
    end_date = models.DateField(_("окончание"), null=True, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("содержание"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("support_forms", widget=forms.CheckboxSelectMultiple),
                FieldPanel("organiser"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Программа"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["young_teachers.YoungTeachersPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("программа поддержки молодых педагогов")
        verbose_name_plural = _("программы поддержки молодых педагогов")
