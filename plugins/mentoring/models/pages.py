"""Mentoring programmes (in any section, or under a community) and the public registry
of mentors. Pairs, plans and meetings are never shown on public pages."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.sections.blocks import BodyBlock
from portal.sections.models.content import SECTION_PARENTS
from portal.sections.territory import SectionTerritory
from portal.sections.tree import section_of

from .taxonomy import MentoringForm, ProgrammeStatus


class MentoringProgrammePage(SectionTerritory, Page):
    """A programme of mentoring of a school, municipality, region or community."""

    intro = models.TextField(_("кратко"), blank=True)
    goals = RichTextField(
        _("цели и задачи"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    mentoring_forms = ParentalManyToManyField(
        MentoringForm, verbose_name=_("формы наставничества"), blank=True,
        related_name="+",
    )  # fmt: skip
    coordinator = models.ForeignKey(
        "core.Person", verbose_name=_("куратор программы"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("На сайте показывается только с согласия на публикацию."),
    )  # fmt: skip
    start_date = models.DateField(_("начало"), null=True, blank=True)
    end_date = models.DateField(_("окончание"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.ACTIVE,
    )  # fmt: skip
    description = StreamField(BodyBlock(), verbose_name=_("описание"), blank=True)
    contact_email = models.EmailField(_("e-mail для связи"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("goals"),
                FieldPanel("mentoring_forms", widget=forms.CheckboxSelectMultiple),
                FieldPanel("coordinator"),
                FieldRowPanel(
                    [
                        FieldPanel("start_date"),
                        FieldPanel("end_date"),
                        FieldPanel("status"),
                    ]
                ),
            ],
            heading=_("Программа"),
        ),
        FieldPanel("description"),
        FieldPanel("contact_email"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("goals"),
        index.SearchField("description"),
    ]
    #: Extended with the community page when that plugin is enabled (apps.ready).
    parent_page_types = list(SECTION_PARENTS)
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("программа наставничества")
        verbose_name_plural = _("программы наставничества")

    def save(self, *args, **kwargs):
        if self.path:
            self.copy_territory(section_of(self.get_parent()))
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..public import programme_context

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_context(self))
        return context


class MentorRegistryPage(RoutablePageMixin, SectionTerritory, Page):
    """Public cards of the mentors of a section and the sections below it.

    Only mentors who consented to publication are listed, with the fields they chose
    (``Person.public_data``) plus their registry card (subjects, competences, whether
    they take mentees). Filters: subject, competence, «принимает наставляемых».
    """

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = SECTION_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("реестр наставников")
        verbose_name_plural = _("реестры наставников")

    def save(self, *args, **kwargs):
        if self.path:
            self.copy_territory(section_of(self.get_parent()))
        return super().save(*args, **kwargs)

    @path("")
    def registry(self, request):
        from ..public import render_mentor_registry

        return render_mentor_registry(self, request)

    @path("<int:mentor_id>/")
    def mentor_card(self, request, mentor_id):
        from ..public import render_mentor_card

        return render_mentor_card(self, request, mentor_id)
