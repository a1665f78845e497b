"""«Молодым педагогам» on a section page (the portal_section_panels hook).

A section with a «Молодым педагогам» page of its own (a live public child
``YoungTeachersPage``) shows a link to it, how many programmes it offers and the
coverage of the section's territory today — aggregate numbers only, the same small
group rule as the page itself (``public.Coverage``). A section without one shows
nothing. A fixed number of queries (tests/plugins/young_teachers/test_public.py).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.extensions.hooks import SectionPanel

from .models import SupportProgrammePage, YoungTeachersPage
from .public import Scope, coverage


def section_panels(page, request) -> list[SectionPanel]:
    if not hasattr(page, "section_region_id"):
        return []
    section = (
        YoungTeachersPage.objects.child_of(page)
        .live()
        .public()
        .defer("body")
        .order_by("path")
        .first()
    )
    if section is None:
        return []
    programmes = SupportProgrammePage.objects.child_of(section).live().public().count()
    on = timezone.localdate()
    return [
        SectionPanel(
            title=_("Молодым педагогам"),
            template="young_teachers/panel.html",
            context={
                "young_section": section,
                "young_programmes": programmes,
                "young_coverage": coverage(Scope.of(page), on),
                "young_on": on,
            },
            order=45,
        )
    ]
