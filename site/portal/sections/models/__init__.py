"""Page types: the level tree (home → region → municipality → organisation) and section content."""

from .content import (
    ActsPage,
    ContactsPage,
    GlossaryPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from .levels import (
    HomePage,
    MunicipalityPage,
    OrganisationPage,
    RegionPage,
    SectionPage,
)

__all__ = [
    "ActsPage",
    "ContactsPage",
    "GlossaryPage",
    "HomePage",
    "MunicipalityPage",
    "NewsIndexPage",
    "NewsPage",
    "OrganisationPage",
    "RegionPage",
    "SectionPage",
    "StandardPage",
]
