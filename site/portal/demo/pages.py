"""Builds the demo page tree under the home page.

Россия (home) → region → municipalities → organisations; regional organisations sit
directly under the region. Home, region, every municipality and the featured schools
get news, contacts and acts pages; home and region also «О системе…»; home the
glossary. Pages are created only when missing (section pages are found by the record
they are bound to, other pages by slug under their parent), so editors' changes to
existing demo pages survive a rerun.

Pages are placed without treebeard's add_child: the tree is loaded once, the next
free path under each parent is computed in memory and `numchild` is written once
per parent at the end. Slugs are de-duplicated here, so the per-page validation of
Page.save() (a slug query and a full_clean each) is skipped — together about half
of the time of creating a page.
"""

import random
from datetime import datetime, time

from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from portal.sections.models import (
    ActsPage,
    ContactsPage,
    GlossaryPage,
    HomePage,
    MunicipalityPage,
    NewsIndexPage,
    NewsPage,
    OrganisationPage,
    RegionPage,
    StandardPage,
)

from . import content, territory
from .indexing import deferred_page_indexing, index_pages
from .news import news_for
from .plan import DemoPlan


def _published(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class PageTree:
    """Creates missing pages; counts what it created."""

    def __init__(self, plan: DemoPlan, home: HomePage):
        self.plan = plan
        self.home = home
        self.created: dict[str, int] = {}
        self.published = _published(plan.anchor)
        self.by_slug: dict[tuple[str, str], Page] = {}
        self.by_id: dict[int, Page] = {home.pk: home}
        # The last step used under each parent path: new children get the next ones.
        self.last_step: dict[str, int] = {}
        self.added: dict[int, int] = {}
        self.new_pages: list[Page] = []
        self._load(home)

    def _load(self, top: Page) -> Page:
        """Index `top` and the pages below it by (parent path, slug) and by id."""
        for p in [
            top,
            *Page.objects.filter(path__startswith=top.path, depth__gt=top.depth),
        ]:
            parent_path = p.path[: -Page.steplen]
            if p is not top:
                self.by_slug[(parent_path, p.slug)] = p
            self.by_id[p.pk] = p
            step = Page._str2int(p.path[-Page.steplen :])
            self.last_step[parent_path] = max(self.last_step.get(parent_path, 0), step)
        return top

    def _free_slug(self, parent: Page, slug: str) -> str:
        candidate, n = slug, 2
        while (parent.path, candidate) in self.by_slug:
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def _add(self, parent: Page, page: Page, published=None) -> Page:
        page.first_published_at = page.last_published_at = published or self.published
        step = self.last_step.get(parent.path, 0) + 1
        self.last_step[parent.path] = step
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page._cached_parent_obj = parent  # for the url_path set by Page.save()
        page.save(clean=False)
        self.added[parent.pk] = self.added.get(parent.pk, 0) + 1
        parent.numchild += 1
        self.by_slug[(parent.path, page.slug)] = page
        self.new_pages.append(page)
        name = type(page).__name__
        self.created[name] = self.created.get(name, 0) + 1
        return page

    def finish(self) -> None:
        """Write the children counts of the parents that got new pages; index the pages."""
        for pk, added in self.added.items():
            Page.objects.filter(pk=pk).update(numchild=F("numchild") + added)
        index_pages(self.new_pages)

    def child(self, parent: Page, model: type[Page], slug: str, **fields) -> Page:
        """The child of `parent` at `slug`, created as `model(**fields)` if missing."""
        existing = self.by_slug.get((parent.path, slug))
        if existing is not None:
            return existing
        return self._add(parent, model(slug=slug, **fields))

    def section(
        self, parent: Page, page_id, model: type[Page], slug: str, **fields
    ) -> Page:
        """A section page bound to a record: the bound page wherever it is, or a new one."""
        if page_id in self.by_id:
            return self.by_id[page_id]
        if page_id is not None:  # moved out of the home subtree by an editor
            return self._load(Page.objects.get(pk=page_id))
        return self._add(parent, model(slug=self._free_slug(parent, slug), **fields))

    def section_content(
        self, section: Page, level: str, key: str, context: dict, org, note
    ):
        """News (with a few items), contacts and acts pages of a section."""
        index = self.child(
            section, NewsIndexPage, "novosti", title="Новости", intro=content.NEWS_INTRO
        )
        if index.specific_class is NewsIndexPage:
            rng = random.Random(f"{self.plan.seed}:news:{key}")
            for item in news_for(rng, level, self.plan.today, context):
                if (index.path, item.slug) not in self.by_slug:
                    page = NewsPage(
                        title=item.title, slug=item.slug, date=item.date, intro=item.intro,
                        body=[("paragraph", content.paragraphs(*item.paragraphs))],
                    )  # fmt: skip
                    self._add(index, page, _published(item.date))
        self.child(
            section, ContactsPage, "kontakty", title="Контакты",
            body=content.contacts(org, note),
        )  # fmt: skip
        self.child(
            section, ActsPage, "dokumenty", title="Нормативные документы",
            intro=content.ACTS_INTRO,
        )  # fmt: skip


def _context(mun=None, org=None) -> dict:
    mo = {
        "city": ("городского методического объединения", "городское методическое объединение"),
        "district": ("районного методического объединения", "районное методическое объединение"),
        "okrug": ("окружного методического объединения", "окружное методическое объединение"),
    }.get(mun.kind if mun else "", ("", ""))  # fmt: skip
    return {
        "region_gen": territory.REGION_GENITIVE,
        "mun_gen": mun.genitive if mun else "",
        "mo": mo[0],
        "mo_nom": mo[1],
        "org": org.short_name if org else "",
    }


PAGE_MODELS = [
    RegionPage, MunicipalityPage, OrganisationPage, NewsIndexPage, NewsPage,
    ContactsPage, ActsPage, StandardPage, GlossaryPage,
]  # fmt: skip


def build_pages(plan: DemoPlan, region, municipalities, orgs, organisation_pages=True):
    """Create the missing demo pages; returns {page type: number created}."""
    home = HomePage.objects.first()
    if home is None:
        raise LookupError("Нет главной страницы: выполните «portal migrate».")
    tree = PageTree(plan, home)
    with deferred_page_indexing(PAGE_MODELS):
        _build(tree, plan, region, municipalities, orgs, organisation_pages)
    tree.finish()
    return tree.created


def _build(tree: PageTree, plan, region, municipalities, orgs, organisation_pages):
    home = tree.home
    regional = {p.profile: p for p in plan.organisations if p.municipality is None}
    cnppm, iro = regional["cnppm"], regional["iro"]

    tree.section_content(home, "home", "home", _context(), cnppm, content.HOME_NOTE)
    tree.child(
        home, StandardPage, "o-sisteme", title=content.ABOUT_TITLE,
        intro="Как устроена единая федеральная система и где в ней место каждого педагога.",
        body=content.about_home(),
    )  # fmt: skip
    tree.child(
        home, GlossaryPage, "glossariy", title="Глоссарий", intro=content.GLOSSARY_INTRO
    )

    region_page = tree.section(
        home, RegionPage.objects.filter(territory=region).values_list("pk", flat=True).first(),
        RegionPage, territory.REGION_SLUG, title=territory.REGION_NAME, territory=region,
        intro=content.region_intro(),
    )  # fmt: skip
    tree.section_content(
        region_page, "region", "region", _context(), cnppm, content.PEOPLE_NOTE
    )
    tree.child(
        region_page, StandardPage, "o-sisteme", title=content.ABOUT_TITLE,
        intro=f"Региональная система {territory.REGION_GENITIVE}: кто за что отвечает.",
        body=content.about_region(cnppm, iro),
    )  # fmt: skip

    territory_ids = [t.pk for t in municipalities.values()]
    mun_pages = dict(
        MunicipalityPage.objects.filter(territory__in=territory_ids).values_list(
            "territory_id", "pk"
        )
    )
    org_pages = dict(
        OrganisationPage.objects.filter(
            organisation__in=[o.pk for o in orgs.values()]
        ).values_list("organisation_id", "pk")
    )
    services = {
        p.municipality.oktmo: p for p in plan.organisations if p.profile == "mms"
    }
    parents = {None: region_page}
    for mun in plan.municipalities:
        record = municipalities[mun.oktmo]
        page = tree.section(
            region_page, mun_pages.get(record.pk), MunicipalityPage, mun.slug,
            title=mun.name, territory=record, intro=content.municipality_intro(mun),
        )  # fmt: skip
        tree.section_content(
            page, "municipality", mun.slug, _context(mun), services[mun.oktmo],
            content.PEOPLE_NOTE,
        )  # fmt: skip
        parents[mun.oktmo] = page

    for plan_org in plan.organisations:
        if not (organisation_pages or plan_org.has_content):
            continue
        mun = plan_org.municipality
        record = orgs[plan_org.inn]
        page = tree.section(
            parents[mun.oktmo if mun else None], org_pages.get(record.pk),
            OrganisationPage, plan_org.slug, title=plan_org.short_name,
            organisation=record, intro=content.organisation_intro(plan_org),
        )  # fmt: skip
        if plan_org.has_content:
            tree.section_content(
                page, "school", f"{mun.slug}/{plan_org.slug}", _context(mun, plan_org),
                plan_org, content.PEOPLE_NOTE,
            )  # fmt: skip
