"""Registries of communities (in any section) and the community pages under them.

A community's territory is the section its registry lives in, copied onto the page when
it is saved (``SectionTerritory``), so the registry filters with plain indexed columns.
Its people (head, deputies, members) are ``Membership`` rows, shown publicly only with
the person's consent; the page's ``head`` and ``deputies`` fields are kept in step with
the memberships when the page is published (``leaders.sync_leaders``).
"""

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

from .taxonomy import (
    LEVEL_OF_SECTION,
    CommunityLevel,
    CommunityStatus,
    CommunityType,
    JoinMethod,
)


class CommunityRegistryPage(RoutablePageMixin, Page):
    """Registry of the communities of a section and of the sections below it.

    The region's registry lists every community of the region; a municipality's, its own
    and its schools'. Filters: level, territory, type, subject, «принимает участников»,
    with counts (plugins.communities.registry). Works without JavaScript.
    """

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = SECTION_PARENTS
    subpage_types = ["communities.CommunityPage"]

    class Meta:
        verbose_name = _("реестр сообществ")
        verbose_name_plural = _("реестры сообществ")

    @path("")
    def registry(self, request):
        from ..registry import render_registry

        return render_registry(self, request)


class CommunityPage(RoutablePageMixin, SectionTerritory, Page):
    """A professional community or methodological association (DOMAIN.md "Communities")."""

    community_type = models.ForeignKey(
        CommunityType, verbose_name=_("вид"), null=True, blank=False,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    level = models.CharField(
        _("уровень"), max_length=16, choices=CommunityLevel.choices, blank=True,
        help_text=_("По умолчанию — уровень раздела, в котором опубликовано сообщество."),
    )  # fmt: skip
    base_organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("базовая организация"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    subjects = ParentalManyToManyField(
        "core.Subject", verbose_name=_("предметы"), blank=True, related_name="+"
    )
    problem_area = models.CharField(
        _("проблемное поле"), max_length=500, blank=True,
        help_text=_("Тема или проблема, над которой работает сообщество."),
    )  # fmt: skip
    competences = ParentalManyToManyField(
        "core.Competence", verbose_name=_("какие дефициты помогает закрыть"), blank=True,
        related_name="+",
        help_text=_("По ним сообщество предлагается в индивидуальные маршруты педагогов."),
    )  # fmt: skip
    head = models.ForeignKey(
        "core.Person", verbose_name=_("руководитель (координатор)"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("На сайте показывается только с согласия на публикацию."),
    )  # fmt: skip
    deputies = ParentalManyToManyField(
        "core.Person", verbose_name=_("заместители"), blank=True, related_name="+"
    )
    founding_act = models.ForeignKey(
        "core.NormativeAct", verbose_name=_("документ о создании"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    intro = models.TextField(_("кратко"), blank=True)
    description = StreamField(BodyBlock(), verbose_name=_("описание"), blank=True)
    join_method = models.CharField(
        _("вступление"), max_length=16, choices=JoinMethod.choices,
        default=JoinMethod.REQUEST,
    )  # fmt: skip
    status = models.CharField(
        _("статус"), max_length=16, choices=CommunityStatus.choices,
        default=CommunityStatus.ACTIVE,
    )  # fmt: skip
    contact_email = models.EmailField(_("e-mail для связи"), blank=True)
    contact_phone = models.CharField(_("телефон для связи"), max_length=50, blank=True)
    contacts = models.TextField(_("прочие контакты"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("community_type"), FieldPanel("level")]),
                FieldPanel("base_organisation"),
                FieldPanel("subjects"),
                FieldPanel("problem_area"),
                FieldPanel("competences"),
                FieldRowPanel([FieldPanel("join_method"), FieldPanel("status")]),
            ],
            heading=_("Сообщество"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("head"),
                FieldPanel("deputies", widget=forms.SelectMultiple),
                FieldPanel("founding_act"),
            ],
            heading=_("Руководство"),
        ),
        FieldPanel("intro"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
                FieldPanel("contacts"),
            ],
            heading=_("Контакты"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("problem_area"),
        index.SearchField("description"),
    ]
    parent_page_types = ["communities.CommunityRegistryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("сообщество")
        verbose_name_plural = _("сообщества")

    @property
    def accepts_members(self) -> bool:
        return (
            self.status == CommunityStatus.ACTIVE
            and self.join_method != JoinMethod.INVITATION
        )

    def save(self, *args, **kwargs):
        if self.path:
            section = section_of(self.get_parent())
            self.copy_territory(section)
            if not self.level:
                self.level = LEVEL_OF_SECTION.get(
                    getattr(section, "section_level", None), CommunityLevel.FEDERAL
                )
        return super().save(*args, **kwargs)

    # Views (plugins.communities.membership_views / manage) ---------------------
    @path("")
    def community(self, request):
        return self.render(request)

    @path("join/")
    def join(self, request):
        from ..membership_views import join_view

        return join_view(self, request)

    @path("leave/")
    def leave(self, request):
        from ..membership_views import leave_view

        return leave_view(self, request)

    @path("invitation/")
    def invitation(self, request):
        from ..membership_views import invitation_view

        return invitation_view(self, request)

    @path("materials/<int:material_id>/")
    def material(self, request, material_id):
        from ..membership_views import material_view

        return material_view(self, request, material_id)

    @path("manage/")
    def manage(self, request):
        from ..manage import manage_view

        return manage_view(self, request)

    @path("manage/members/")
    def manage_members(self, request):
        from ..manage import members_view

        return members_view(self, request)

    @path("manage/plan/<int:year>/")
    def manage_plan(self, request, year):
        from ..manage import plan_view

        return plan_view(self, request, year)

    @path("manage/materials/")
    def manage_materials(self, request):
        from ..manage import materials_view

        return materials_view(self, request)

    @path("report/<int:year>/")
    def report(self, request, year):
        from ..report import report_view

        return report_view(self, request, year)

    def get_context(self, request, *args, **kwargs):
        from ..community_context import community_context

        context = super().get_context(request, *args, **kwargs)
        context.update(community_context(self, request))
        return context
