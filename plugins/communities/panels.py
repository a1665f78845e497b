"""«Профессиональные сообщества» on a section page (the portal_section_panels hook).

A section with a registry of its own (a child ``CommunityRegistryPage``) shows a few of
the active communities that registry lists and a link to it; a section without one
shows nothing. The registry's own communities come first, then those of the sections
below it, marked with their territory. A fixed number of queries.
"""

from django.db.models import Case, When
from django.utils.translation import gettext as _

from portal.extensions.hooks import SectionPanel
from portal.sections.tree import section_of

from .models import CommunityRegistryPage, CommunityStatus
from .registry import registry_communities

PANEL_SIZE = 5


def section_panels(page, request) -> list[SectionPanel]:
    registry = (
        CommunityRegistryPage.objects.child_of(page)
        .live()
        .public()
        .order_by("path")
        .first()
    )
    if registry is None:
        return []
    active = registry_communities(section_of(page)).filter(
        status=CommunityStatus.ACTIVE
    )
    # The registry's own communities first, then those of the sections below it.
    below = Case(When(path__startswith=registry.path, then=0), default=1)
    communities = list(
        active.select_related("community_type", "municipality", "organisation")
        .annotate(from_below=below)
        .defer("description", "contacts")
        .order_by("from_below", "title", "pk")[:PANEL_SIZE]
    )
    total = len(communities)
    if total == PANEL_SIZE:
        total = active.count()
    return [
        SectionPanel(
            title=_("Профессиональные сообщества"),
            template="communities/panel.html",
            context={"communities": communities, "registry": registry, "total": total},
            order=30,
        )
    ]
