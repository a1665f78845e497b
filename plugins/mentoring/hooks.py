"""Typed hooks of the mentoring plugin; each delegates to the module that knows the
subject, so the hook signatures stay in one place."""

from portal.extensions.hookspecs import hookimpl


@hookimpl
def portal_person_activities(person):
    """A teacher's mentoring pairs (as mentor or mentee) on «Мой профиль»."""
    from .activities import person_activities

    return person_activities(person)


@hookimpl
def portal_section_panels(page, request):
    """«Наставничество» of a section: programmes and the mentors' registry."""
    from .panels import section_panels

    return section_panels(page, request)


@hookimpl(trylast=True)  # after communities: a community may run a programme
def portal_demo_content(home, region, municipalities, organisations, seed, today):
    from .demo import build_demo_mentoring

    return build_demo_mentoring(region, municipalities, organisations, seed, today)


@hookimpl
def portal_profile_links(person):
    """«Моё наставничество» for everyone with a profile: mentors and mentees see their
    pairs and requests there, others find how to ask for a mentor."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from portal.extensions.hooks import ProfileLink

    return [
        ProfileLink(
            title=_("Моё наставничество"),
            url=reverse("mentoring:my"),
            description=_("пары, индивидуальные планы, запросы на наставничество"),
            order=20,
        )
    ]
