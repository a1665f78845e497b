"""Typed hooks of the young-teacher plugin; each delegates to the module that knows
the subject, so the hook signatures stay in one place.

The plugin only *receives* what mentoring, events and communities contribute
(``portal_support_sources``, ``portal_audience_panels``, ``portal_person_actions``)
and never imports them.
"""

from portal.extensions.hookspecs import hookimpl


@hookimpl
def portal_profile_links(person):
    """«Моя поддержка» for young teachers (today, not departed) and for anyone with
    support records; nothing for the others."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from portal.core.models import Person
    from portal.extensions.hooks import ProfileLink

    from .models import SupportRecord
    from .support import young_teachers

    if person is None or person.pk is None:
        return []
    on = timezone.localdate()
    young = (
        person.is_young_teacher(on)
        and young_teachers(on, Person.objects.filter(pk=person.pk)).exists()
    )
    if not young and not SupportRecord.objects.filter(person=person).exists():
        return []
    return [
        ProfileLink(
            title=_("Моя поддержка"),
            url=reverse("young_teachers:my"),
            description=_("статус молодого педагога, формы поддержки, что дальше"),
            order=15,
        )
    ]


@hookimpl
def portal_section_panels(page, request):
    """«Молодым педагогам» of a section: link and coverage (aggregate only)."""
    from .panels import section_panels

    return section_panels(page, request)


@hookimpl(trylast=True)  # after mentoring (itself trylast): its demo pairs count
def portal_demo_content(home, region, municipalities, organisations, seed, today):
    from .demo import build_demo_young_teachers

    return build_demo_young_teachers(region, municipalities, organisations, seed, today)
