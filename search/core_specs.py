"""Specs of the core's own content: pages, organisations, acts, glossary, consenting people."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.core.models import GlossaryTerm, NormativeAct, Organisation, Person
from portal.sections.models.levels import SECTION_MODELS
from portal.sections.tree import FEDERAL, SectionIdentity, identity_of

from .documents import SearchDocument
from .specs import (
    DocumentSpec,
    PageDocumentSpec,
    is_restricted,
    plain_text,
    restricted_paths,
)

TEXT_FIELDS = ("search_description", "intro", "body")


class SectionMap:
    """Identity of every section by tree path, so a chunk of pages needs no per-page query."""

    def __init__(self):
        self.by_path: dict[str, SectionIdentity] = {}
        for model in SECTION_MODELS:  # one query per section type
            for section in model.objects.select_related(*model.identity_related):
                self.by_path[section.path] = SectionIdentity(
                    level=section.section_level,
                    region_id=section.section_region_id(),
                    municipality_id=section.section_municipality_id(),
                    organisation_id=section.section_organisation_id(),
                )
        self.restricted = restricted_paths()

    def identity(self, page) -> SectionIdentity:
        path = page.path
        while path:
            if path in self.by_path:
                return self.by_path[path]
            path = path[: -Page.steplen]
        return FEDERAL

    def is_restricted(self, page) -> bool:
        return is_restricted(page, self.restricted)


class PageSpec(PageDocumentSpec):
    """Every live, public page that no more specific spec claims (plugins' page types do)."""

    model = Page
    type = "page"
    label = _("Страницы")

    def other_page_models(self):
        from .registry import specs

        return [
            s.model
            for s in specs()
            if s is not self and issubclass(s.model, Page) and s.model is not Page
        ]

    def get_queryset(self):
        return (
            Page.objects.live()
            .public()
            .filter(depth__gt=1)
            .not_type(*self.other_page_models())
            .specific()
        )

    def to_document(self, obj, sections: SectionMap | None = None):
        page = obj.specific
        if not page.live or page.depth <= 1:
            return None
        if sections is not None:
            if sections.is_restricted(page):
                return None
            ident = sections.identity(page)
        else:
            if page.get_view_restrictions().exists():
                return None
            ident = identity_of(page)
        summary = plain_text(
            getattr(page, "search_description", "") or getattr(page, "intro", "")
        )
        body = plain_text([getattr(page, name, "") for name in TEXT_FIELDS[1:]])
        return SearchDocument(
            key=self.key(page.pk),
            type=self.type,
            title=page.title,
            url=page.url or "",
            summary=summary[:500],
            body=body,
            level=ident.level,
            region=ident.region_id,
            municipality=ident.municipality_id,
            organisation=ident.organisation_id,
            published=page.last_published_at or page.first_published_at,
        )

    def build_documents(self, objects):
        objects = list(objects)
        sections = SectionMap() if len(objects) > 1 else None
        return [(self.key(o.pk), self.to_document(o, sections)) for o in objects]


class OrganisationSpec(DocumentSpec):
    """Organisations of the registry (public information about institutions)."""

    model = Organisation
    type = "organisation"
    label = _("Организации")

    def get_queryset(self):
        return Organisation.objects.select_related("section_page")

    def to_document(self, org):
        page = getattr(org, "section_page", None)
        return SearchDocument(
            key=self.key(org.pk),
            type=self.type,
            title=org.name,
            url=page.url if page is not None and page.live else "",
            summary=" · ".join(p for p in (org.get_kind_display(), org.address) if p),
            body=" ".join([org.short_name, *org.alias_list, org.inn or ""]),
            level=org.level,
            region=org.region_id,
            municipality=org.municipality_id,
            organisation=org.pk,
        )


class ActSpec(DocumentSpec):
    """The library of normative acts."""

    model = NormativeAct
    type = "act"
    label = _("Документы")
    boost = 1.2

    def get_queryset(self):
        return NormativeAct.objects.select_related("document")

    def to_document(self, act):
        return SearchDocument(
            key=self.key(act.pk),
            type=self.type,
            title=act.title,
            url=act.link or "",
            summary=act.reference,
            body=" ".join([act.issuer, act.number, act.get_status_display()]),
            level=act.level,
            region=act.region_id,
            municipality=act.municipality_id,
            organisation=act.organisation_id,
            published=None,
            boost=self.boost,
        )


class GlossarySpec(DocumentSpec):
    """Glossary terms, linked to the first live glossary page."""

    model = GlossaryTerm
    type = "glossary"
    label = _("Термины")
    boost = 1.5

    def to_document(self, term):
        from portal.sections.models import GlossaryPage

        page = GlossaryPage.objects.live().public().first()
        return SearchDocument(
            key=self.key(term.pk),
            type=self.type,
            title=term.term,
            url=f"{page.url}#term-{term.pk}" if page else "",
            summary=term.full_form,
            body=" ".join([plain_text(term.definition), *term.variant_list]),
            level="federal",
            boost=self.boost,
        )


class PersonSpec(DocumentSpec):
    """People who consented to showing their name; only their chosen public fields."""

    model = Person
    type = "person"
    label = _("Люди")

    def get_queryset(self):
        return (
            Person.objects.filter(public_consent=True)
            .select_related("organisation__section_page")
            .prefetch_related("subjects")
        )

    def to_document(self, person):
        data = person.public_data()
        if not data or "name" not in data:
            return None
        return SearchDocument(
            key=self.key(person.pk),
            type=self.type,
            title=data["name"],
            url=self._url(person, data),
            summary=" · ".join(
                p for p in (data.get("position"), data.get("organisation")) if p
            ),
            subjects=data.get("subjects", []),
            level=person.organisation.level,
            region=person.organisation.region_id,
            municipality=person.organisation.municipality_id,
            organisation=person.organisation_id if "organisation" in data else None,
        )

    @staticmethod
    def _url(person, data) -> str:
        """The person's line on their organisation's page, when that page is live and
        the person chose to show their organisation (else the link would reveal it)."""
        page = getattr(person.organisation, "section_page", None)
        if "organisation" not in data or page is None or not page.live:
            return ""
        return f"{page.url}#person-{person.pk}"


CORE_SPECS = (PageSpec, OrganisationSpec, ActSpec, GlossarySpec, PersonSpec)
