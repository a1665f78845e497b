"""What the communities plugin gives the young-teacher support plugin, through the
typed hooks only (that plugin never imports this one).

* A support source: membership of an association of young teachers — a community
  whose type is the seeded ``young-teachers`` («Объединение молодых педагогов»,
  migration 0002) — counts as «Объединения (ассоциации) молодых педагогов»
  (``associations``). Membership is read from its dates, not only from today's status,
  so a past date of a report is answered as it was: the member had joined by the date
  (``joined_on``) and had not left before it. A member who left keeps the row with
  status «left» and ``left_on`` (``membership_flow``), so a row still counts for the
  dates before ``left_on``; a request or an invitation never counts. A returning
  member's row starts a new period (``joined_on`` is reset), so only the latest period
  is known — the records keep no more.
* The young teachers' public section: the active associations of young teachers of
  the page's territory, those below it and those of the levels above it (a school's
  young teachers join the municipal and the regional associations), with a link to
  the registry filtered by that type. Public pages only; no member is named.
"""

import datetime

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.extensions.hooks import SectionPanel, SupportSource

from .models import CommunityPage, CommunityRegistryPage, CommunityStatus, Membership

#: The seeded community type of associations of young teachers (migration 0002).
YOUNG_TYPE = "young-teachers"
#: Associations shown on the young teachers' section.
PANEL_SIZE = 5


def member_on(on: datetime.date) -> Q:
    """Memberships that held on the date (joined by then, not left before)."""
    return Q(joined_on__isnull=False, joined_on__lte=on) & (
        Q(status=Membership.Status.ACTIVE, left_on__isnull=True)
        | Q(
            status__in=(Membership.Status.ACTIVE, Membership.Status.LEFT),
            left_on__gte=on,
        )
    )


def association_member(on: datetime.date) -> Exists:
    return Exists(
        Membership.objects.filter(
            member_on(on),
            person=OuterRef("pk"),
            community__community_type__code=YOUNG_TYPE,
        )
    )


def support_sources() -> list[SupportSource]:
    return [
        SupportSource(
            code="communities.association",
            form="associations",
            title=gettext_lazy("Участие в объединении молодых педагогов"),
            condition=association_member,
        )
    ]


def around(region_id, municipality_id, organisation_id) -> Q:
    """Communities of a territory, below it and of the levels above it (columns)."""
    if not region_id:
        return Q()  # federal: every community
    above = Q(region__isnull=True)
    if organisation_id:
        within = Q(organisation_id=organisation_id)
        above |= Q(region_id=region_id, municipality__isnull=True)
        if municipality_id:
            above |= Q(municipality_id=municipality_id, organisation__isnull=True)
    elif municipality_id:
        within = Q(municipality_id=municipality_id)
        above |= Q(region_id=region_id, municipality__isnull=True)
    else:
        within = Q(region_id=region_id)
    return within | above


def nearness(region_id, municipality_id, organisation_id):
    """0 for the territory's own communities, 1 for those below it, 2 above it."""
    if organisation_id:
        own, below = Q(organisation_id=organisation_id), None
    elif municipality_id:
        own = Q(municipality_id=municipality_id, organisation__isnull=True)
        below = Q(municipality_id=municipality_id)
    elif region_id:
        own = Q(
            region_id=region_id, municipality__isnull=True, organisation__isnull=True
        )
        below = Q(region_id=region_id)
    else:
        return Value(0)  # federal: everything is its own or below
    whens = [When(own, then=0)] + ([When(below, then=1)] if below else [])
    return Case(*whens, default=2)


def audience_panels(audience: str, page, request) -> list[SectionPanel]:
    """«Объединения молодых педагогов» for the young teachers' section. At most four
    queries whatever the number of communities."""
    if audience != "young" or not hasattr(page, "region_id"):
        return []
    region_id, municipality_id, organisation_id = (
        page.region_id,
        page.municipality_id,
        page.organisation_id,
    )
    active = (
        CommunityPage.objects.live()
        .public()
        .filter(community_type__code=YOUNG_TYPE, status=CommunityStatus.ACTIVE)
        .filter(around(region_id, municipality_id, organisation_id))
    )
    communities = list(
        active.select_related("community_type", "municipality", "organisation")
        .annotate(far=nearness(region_id, municipality_id, organisation_id))
        .defer("description", "contacts")
        .order_by("far", "title", "pk")[:PANEL_SIZE]
    )
    total = len(communities)
    if total == PANEL_SIZE:
        total = active.count()
    registry = (
        CommunityRegistryPage.objects.sibling_of(page, inclusive=False)
        .live()
        .public()
        .order_by("path")
        .first()
        if getattr(page, "path", None)
        else None
    )
    if not communities and registry is None:
        return []
    return [
        SectionPanel(
            title=_("Объединения молодых педагогов"),
            template="communities/young_panel.html",
            context={
                "communities": communities,
                "registry": registry,
                "total": total,
                "type_code": YOUNG_TYPE,
            },
            order=25,
        )
    ]
