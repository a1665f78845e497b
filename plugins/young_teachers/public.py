"""What the public sees of young-teacher support: the section «Молодым педагогам» of a
territory and its support programme pages.

The section shows its own text, its live support programmes (child pages), the
contacts of the responsible methodist — only what ``Person.public_data()`` allows,
so nothing without consent — plus the page's own contact e-mail and phone, the panels
other plugins contribute for the audience ``"young"`` (upcoming events, associations
of young teachers, mentors who accept mentees: ``portal.extensions.hooks.
audience_panels``), and aggregate numbers: how many young teachers the territory has
and which share of them has some support today. Never a name, never a list of people.

Coverage is always counted through ``support`` (computed young teachers minus
leavers, covered by any source), so the public figure and the dashboard agree. A
share of a very small group says something about each of its members (one young
teacher in a school: «0 %» names them); below ``SMALL_GROUP`` people the share is not
published, only the number.

Territory is read from the page's indexed columns (``SectionTerritory``), never from
the tree. A section page runs a fixed number of queries whatever the number of
programmes and people (tests/plugins/young_teachers/test_public.py).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from portal.core.levels import Level
from portal.core.models import Person
from portal.extensions.hooks import audience_panels

from .models import SupportForm, SupportProgrammePage, YoungTeachersPage
from .support import covered_q, young_teachers

#: Below this many young teachers a territory's share is not published.
SMALL_GROUP = 5
AUDIENCE = "young"


@dataclass(frozen=True)
class Scope:
    """Region, municipality and organisation ids of a page or a section."""

    region_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None

    @classmethod
    def of(cls, page) -> "Scope":
        """A page with ``SectionTerritory`` columns, or a section page."""
        if hasattr(page, "section_region_id"):
            return cls(
                page.section_region_id(),
                page.section_municipality_id(),
                page.section_organisation_id(),
            )
        return cls(page.region_id, page.municipality_id, page.organisation_id)

    @property
    def level(self) -> str:
        if self.organisation_id:
            return Level.INSTITUTIONAL
        if self.municipality_id:
            return Level.MUNICIPAL
        if self.region_id:
            return Level.REGIONAL
        return Level.FEDERAL

    def people_q(self, prefix: str = "organisation__") -> Q:
        """People (at ``prefix``: the path to their organisation) within the scope."""
        if self.organisation_id:
            return Q(**{f"{prefix}id": self.organisation_id})
        if self.municipality_id:
            return Q(**{f"{prefix}municipality_id": self.municipality_id})
        if self.region_id:
            return Q(**{f"{prefix}region_id": self.region_id})
        return Q()


@dataclass(frozen=True)
class Coverage:
    """Young teachers of a territory on a date and how many have some support."""

    young: int
    covered: int

    @property
    def published(self) -> bool:
        """Whether the share may be shown (the group is not too small)."""
        return self.young >= SMALL_GROUP

    @property
    def share(self) -> int | None:
        """Covered share in whole percent (None for an empty or too small group)."""
        if not self.published:
            return None
        return round(100 * self.covered / self.young)


def coverage(scope: Scope, on: datetime.date) -> Coverage:
    """One aggregate query: young teachers of the scope and those covered."""
    people = young_teachers(on, Person.objects.filter(scope.people_q()))
    numbers = people.aggregate(
        young=Count("pk"), covered=Count("pk", filter=covered_q(on))
    )
    return Coverage(numbers["young"] or 0, numbers["covered"] or 0)


def methodist_card(page: YoungTeachersPage) -> dict | None:
    """The responsible methodist as the person allowed to show themselves (consent and
    the chosen fields), or None."""
    if not page.methodist_id:
        return None
    if YoungTeachersPage.methodist.is_cached(page):
        person = page.methodist
    else:
        person = (
            Person.objects.select_related("organisation")
            .filter(pk=page.methodist_id)
            .first()
        )
    return person.public_data() if person is not None else None


def programmes(page: YoungTeachersPage) -> list[SupportProgrammePage]:
    """Live public programmes of the section, in the editors' order (two queries)."""
    return list(
        SupportProgrammePage.objects.child_of(page)
        .live()
        .public()
        .select_related("organiser")
        .prefetch_related(
            Prefetch("support_forms", queryset=SupportForm.objects.order_by("order"))
        )
        .defer("body")
        .order_by("path")
    )


def section_context(page: YoungTeachersPage, request) -> dict:
    """Context of «Молодым педагогам» (YoungTeachersPage.get_context)."""
    on = timezone.localdate()
    return {
        "programmes": programmes(page),
        "methodist": methodist_card(page),
        "coverage": coverage(Scope.of(page), on),
        "audience_panels": audience_panels(AUDIENCE, page, request),
        "today": on,
    }


def nearest_section(organisation) -> YoungTeachersPage | None:
    """The most specific live public «Молодым педагогам» covering an organisation: its
    own, else its municipality's, else its region's (one query)."""
    if organisation is None:
        return None
    q = Q(organisation_id=organisation.pk)
    if organisation.municipality_id:
        q |= Q(municipality_id=organisation.municipality_id, organisation__isnull=True)
    if organisation.region_id:
        q |= Q(
            region_id=organisation.region_id,
            municipality__isnull=True,
            organisation__isnull=True,
        )
    pages = list(
        YoungTeachersPage.objects.live()
        .public()
        .filter(q)
        .select_related("methodist__organisation")
        .defer("body")
        .order_by("path")
    )
    if not pages:
        return None
    return max(
        pages,
        key=lambda p: (p.organisation_id is not None, p.municipality_id is not None),
    )
