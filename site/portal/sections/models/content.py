"""Pages that live inside a section: news, standard pages, contacts, acts, glossary."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.core.levels import Level
from portal.core.models import GlossaryTerm, NormativeAct, Person

from ..blocks import BodyBlock
from ..tree import identity_of

SECTION_PARENTS = [
    "sections.HomePage",
    "sections.RegionPage",
    "sections.MunicipalityPage",
    "sections.OrganisationPage",
]


class StandardPage(Page):
    """A free-form page with a StreamField body, anywhere in a section."""

    intro = models.TextField(_("вступление"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("содержание"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = [*SECTION_PARENTS, "sections.StandardPage"]

    class Meta:
        verbose_name = _("стандартная страница")


class NewsIndexPage(Page):
    """The news list of a section; NewsPage children, newest first, paginated."""

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = SECTION_PARENTS
    subpage_types = ["sections.NewsPage"]

    class Meta:
        verbose_name = _("лента новостей")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        context["news"] = Paginator(news, 12).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    """A news item of a section."""

    date = models.DateField(_("дата публикации"), default=timezone.localdate)
    intro = models.TextField(_("анонс"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("изображение"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    body = StreamField(BodyBlock(), verbose_name=_("текст"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["sections.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("новость")


class ContactsPage(Page):
    """Contacts of a section: free text plus the methodists and tutors who consented."""

    body = StreamField(BodyBlock(), verbose_name=_("содержание"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = SECTION_PARENTS
    subpage_types: list[str] = []

    #: Roles of the people listed on the page.
    listed_roles = ("methodist", "tutor")

    class Meta:
        verbose_name = _("контакты")

    def public_people(self):
        """Consenting methodists and tutors of this section's territory, public fields only."""
        ident = identity_of(self)
        people = (
            Person.objects.filter(
                public_consent=True, roles__code__in=self.listed_roles
            )
            .select_related("organisation")
            .prefetch_related("subjects")
            .distinct()
        )
        if ident.organisation_id:
            people = people.filter(organisation_id=ident.organisation_id)
        elif ident.municipality_id:
            people = people.filter(organisation__municipality_id=ident.municipality_id)
        elif ident.region_id:
            people = people.filter(
                organisation__region_id=ident.region_id, organisation__municipality=None
            )
        else:
            people = people.none()
        return [data for p in people if (data := p.public_data())]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["people"] = self.public_people()
        return context


class ActsPage(Page):
    """The library of normative acts as seen from a section: its own level and those above."""

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = SECTION_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("нормативные документы")

    def acts(self):
        ident = identity_of(self)
        scope = Q(level=Level.FEDERAL)
        if ident.region_id:
            scope |= Q(level=Level.REGIONAL, region_id=ident.region_id)
        if ident.municipality_id:
            scope |= Q(level=Level.MUNICIPAL, municipality_id=ident.municipality_id)
        if ident.organisation_id:
            scope |= Q(level=Level.INSTITUTIONAL, organisation_id=ident.organisation_id)
        return NormativeAct.objects.filter(scope).select_related(
            "document", "implements"
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        acts = self.acts()
        kind = request.GET.get("kind")
        status = request.GET.get("status")
        if kind in NormativeAct.Kind.values:
            acts = acts.filter(kind=kind)
        if status in NormativeAct.Status.values:
            acts = acts.filter(status=status)
        context.update(
            acts=Paginator(acts, 25).get_page(request.GET.get("page")),
            kinds=NormativeAct.Kind.choices,
            statuses=NormativeAct.Status.choices,
            selected_kind=kind or "",
            selected_status=status or "",
        )
        return context


class GlossaryPage(Page):
    """The glossary of the system's terms, alphabetical."""

    intro = RichTextField(
        _("вступление"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = SECTION_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("глоссарий")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["terms"] = GlossaryTerm.objects.all()
        return context
