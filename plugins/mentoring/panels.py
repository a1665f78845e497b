"""«Наставничество» on a section page (the portal_section_panels hook).

The section's own live programmes, a link to the mentors' registry that covers the
section (its own, else the nearest one above), and how many consenting mentors of the
section's territory take mentees now. A section with neither a programme nor a
registry shows nothing. A fixed number of queries (tests/plugins/mentoring/
test_public.py).
"""

from django.utils.translation import gettext as _

from portal.extensions.hooks import SectionPanel

from .models import MentoringProgrammePage, ProgrammeStatus
from .public import Registries, Territory, accepting_q, public_mentors

PANEL_SIZE = 5


def section_territory(page) -> Territory:
    return Territory(
        page.section_region_id(),
        page.section_municipality_id(),
        page.section_organisation_id(),
    )


def section_panels(page, request) -> list[SectionPanel]:
    if not hasattr(page, "section_region_id"):
        return []
    programmes = list(
        MentoringProgrammePage.objects.child_of(page)
        .live()
        .public()
        .exclude(status=ProgrammeStatus.DRAFT)
        .defer("description")
        .order_by("-start_date", "title")[:PANEL_SIZE]
    )
    territory = section_territory(page)
    registry = Registries().covering(territory)
    if not programmes and registry is None:
        return []
    accepting = (
        public_mentors().filter(accepting_q(), territory.q()).count()
        if registry is not None
        else 0
    )
    return [
        SectionPanel(
            title=_("Наставничество"),
            template="mentoring/panel.html",
            context={
                "programmes": programmes,
                "registry": registry,
                "accepting": accepting,
            },
            order=40,
        )
    ]
