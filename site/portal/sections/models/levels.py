"""The level tree: home (federal) → region → municipality → organisation.

Each section page is bound to its territory or organisation record; the pages
under it (news, standard pages, contacts, acts, plugin pages) belong to it.
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.core.levels import Level

from ..blocks import BodyBlock


class SectionPage(Page):
    """Abstract base of the four level pages; carries the section's identity."""

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )
    body = StreamField(BodyBlock(), verbose_name=_("содержание"), blank=True)

    #: The level this section stands for.
    section_level: str = Level.FEDERAL
    #: What section_*_id() read, for select_related() when many sections are loaded.
    identity_related: tuple[str, ...] = ()

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    # Identity of the section, read by the permission policy and breadcrumbs.
    def section_region_id(self) -> int | None:
        return None

    def section_municipality_id(self) -> int | None:
        return None

    def section_organisation_id(self) -> int | None:
        return None

    def route(self, request, path_components):
        """One query for the whole path instead of two per segment (sections.routing)."""
        if not path_components:
            return super().route(request, path_components)
        from ..routing import route_by_url_path

        return route_by_url_path(self, request, path_components)

    @cached_property
    def child_sections(self):
        return [
            p
            for p in self.get_children().live().public().specific().order_by("title")
            if isinstance(p, SectionPage)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .content import NewsPage

        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self).order_by("-date")[:5]
        )
        return context


class HomePage(SectionPage):
    """The portal home: the federal level, the system as a whole, federal acts and links."""

    section_level = Level.FEDERAL
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("главная страница (федеральный уровень)")


class RegionPage(SectionPage):
    """A region's section (РСНМС); bound to a Territory of kind region."""

    territory = models.OneToOneField(
        "core.Territory",
        verbose_name=_("субъект РФ"),
        on_delete=models.PROTECT,
        related_name="region_page",
        limit_choices_to={"kind": "region"},
    )
    section_level = Level.REGIONAL

    content_panels = [
        *SectionPage.content_panels[:1],
        FieldPanel("territory"),
        *SectionPage.content_panels[1:],
    ]
    parent_page_types = ["sections.HomePage"]

    class Meta:
        verbose_name = _("раздел региона")

    def section_region_id(self):
        return self.territory_id


class MunicipalityPage(SectionPage):
    """A municipality's section (МСНМС), maintained by its municipal office."""

    territory = models.OneToOneField(
        "core.Territory",
        verbose_name=_("муниципальное образование"),
        on_delete=models.PROTECT,
        related_name="municipality_page",
        limit_choices_to={"kind": "municipality"},
    )
    section_level = Level.MUNICIPAL

    content_panels = RegionPage.content_panels
    parent_page_types = ["sections.RegionPage"]

    class Meta:
        verbose_name = _("раздел муниципалитета")

    identity_related = ("territory",)

    def section_region_id(self):
        return self.territory.parent_id

    def section_municipality_id(self):
        return self.territory_id


class OrganisationPage(SectionPage):
    """An organisation's (school's) section; regional organisations sit under the region."""

    organisation = models.OneToOneField(
        "core.Organisation",
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="section_page",
    )
    section_level = Level.INSTITUTIONAL

    content_panels = [
        *SectionPage.content_panels[:1],
        FieldPanel("organisation"),
        *SectionPage.content_panels[1:],
    ]
    parent_page_types = ["sections.MunicipalityPage", "sections.RegionPage"]

    class Meta:
        verbose_name = _("раздел организации")

    identity_related = ("organisation",)

    def section_region_id(self):
        return self.organisation.region_id

    def section_municipality_id(self):
        return self.organisation.municipality_id

    def section_organisation_id(self):
        return self.organisation_id

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["people"] = self.public_people()
        return context

    def public_people(self) -> list[dict]:
        """Staff who consented to being shown here: their name and organisation are
        among their public fields (152-ФЗ; Person.public_data). Two queries."""
        from portal.core.models import Person

        people = (
            Person.objects.filter(
                organisation_id=self.organisation_id, public_consent=True
            )
            .select_related("organisation")
            .prefetch_related("subjects")
            .order_by("last_name", "first_name", "middle_name", "pk")
        )
        shown = []
        for person in people:
            data = person.public_data()
            if data and "name" in data and "organisation" in data:
                shown.append(data)
        return shown


SECTION_MODELS = (HomePage, RegionPage, MunicipalityPage, OrganisationPage)
