"""The registries a communities spreadsheet may write into: every registry page with its
section's territory (``Registry``), and those of the importing user's own sections.
Used by ``resources`` and ``membership_resource``."""

from dataclasses import dataclass

from wagtail.models import Site

from portal.permissions.policy import Scope
from portal.sections.tree import sections_of, site_address

from .models import (
    CommunityLevel,
    CommunityRegistryPage,
)
from .models.taxonomy import LEVEL_OF_SECTION


@dataclass
class Registry:
    """A registry page rows may go to, with its section's territory."""

    page: CommunityRegistryPage
    section: object
    region_id: int | None
    municipality_id: int | None
    organisation_id: int | None
    #: The level new communities of this registry get when the row has none.
    level: str
    #: The registry's path on the site («/region/district/communities/»).
    address: str

    def describe(self) -> str:
        section = self.section.title if self.section is not None else "—"
        return f"«{section}» ({self.address})"


def registries() -> list[Registry]:
    """Every registry with its section: a query per section model, not per page."""
    pages = list(CommunityRegistryPage.objects.order_by("path"))
    sections = sections_of(pages)
    roots = [r.root_path for r in Site.get_site_root_paths()]
    found = []
    for page in pages:
        section = sections[page.pk]
        found.append(
            Registry(
                page=page,
                section=section,
                region_id=section and section.section_region_id(),
                municipality_id=section and section.section_municipality_id(),
                organisation_id=section and section.section_organisation_id(),
                level=LEVEL_OF_SECTION.get(
                    getattr(section, "section_level", None), CommunityLevel.FEDERAL
                ),
                address=site_address(page, roots),
            )
        )
    return found


def own_registries(registries_: list[Registry], scope: Scope) -> list[Registry]:
    """The registries of the user's own sections (a regional administrator's region,
    not its municipalities); for those who may do everything, the top ones."""
    if scope.everything:
        return [
            r for r in registries_
            if r.section is not None and not r.municipality_id and not r.organisation_id
        ]  # fmt: skip
    return [
        r for r in registries_
        if r.section is not None and (
            (r.organisation_id and r.organisation_id in scope.organisations)
            or (not r.organisation_id and r.municipality_id
                and r.municipality_id in scope.municipalities)
            or (not r.municipality_id and not r.organisation_id
                and r.region_id in scope.regions)
        )
    ]  # fmt: skip
