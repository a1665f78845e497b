"""Where a page sits in the level tree: its section and the section's territory."""

from dataclasses import dataclass

from wagtail.models import Page

from portal.core.levels import Level


@dataclass(frozen=True)
class SectionIdentity:
    level: str
    region_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None


FEDERAL = SectionIdentity(Level.FEDERAL)


def section_of(page: Page):
    """The nearest section page at or above `page` (specific), or None outside the tree."""
    from .models.levels import SECTION_MODELS, SectionPage

    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if isinstance(specific, SectionPage):
        return specific
    from .routing import ancestors_from_route

    chain = ancestors_from_route(page)
    if chain is not None:
        # The nearest section above, known from routing: one query for its fields.
        for ancestor in reversed(chain):
            model = ancestor.specific_class
            if model is not None and issubclass(model, SectionPage):
                return ancestor.specific
        return None
    ancestors = (
        Page.objects.ancestor_of(page)
        .type(*SECTION_MODELS)
        .order_by("-depth")
        .specific()
    )
    return ancestors.first()


def identity_of(page: Page) -> SectionIdentity:
    """The level and territory a page belongs to; pages outside the tree are federal."""
    section = section_of(page)
    if section is None:
        return FEDERAL
    return SectionIdentity(
        level=section.section_level,
        region_id=section.section_region_id(),
        municipality_id=section.section_municipality_id(),
        organisation_id=section.section_organisation_id(),
    )


def breadcrumbs(page: Page) -> list[Page]:
    """Ancestors below the tree root, home first: Россия → region → municipality → school → page.

    Without a query when routing the request already loaded them (sections.routing).
    """
    from .routing import ancestors_from_route

    chain = ancestors_from_route(page)
    if chain is not None:
        return [p for p in chain if p.depth > 1] + [page]
    return list(
        Page.objects.ancestor_of(page, inclusive=True)
        .filter(depth__gt=1)
        .order_by("depth")
    )


def sections_of(pages: list[Page]) -> dict[int, "Page | None"]:
    """The nearest section above each page (specific, identity fields loaded), for many
    pages at once: a query per section model, not per page. Keyed by page pk."""
    from .models.levels import SECTION_MODELS

    step = Page.steplen
    prefixes = {p.path[:n] for p in pages for n in range(step, len(p.path), step)}
    sections = {}
    for model in SECTION_MODELS:
        for section in model.objects.filter(path__in=prefixes).select_related(
            *model.identity_related
        ):
            sections[section.path] = section
    return {
        page.pk: next(
            (
                sections[page.path[:n]]
                for n in range(len(page.path) - step, 0, -step)
                if page.path[:n] in sections
            ),
            None,
        )
        for page in pages
    }


def site_address(page: Page, roots: list[str] | None = None) -> str:
    """The page's path on its site («/region/district/events/»), without the host."""
    from wagtail.models import Site

    if roots is None:
        roots = [r.root_path for r in Site.get_site_root_paths()]
    root = next((r for r in roots if page.url_path.startswith(r)), "/")
    return page.url_path[len(root) - 1 :]
