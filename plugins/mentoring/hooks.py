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


@hookimpl
def portal_support_sources():
    """A pair covering the date supports a young teacher (``continuous-education``)."""
    from .young_support import support_sources

    return support_sources()


@hookimpl
def portal_person_actions(person, request):
    """«Подобрать наставника» for a coordinator's person without a live pair."""
    from .young_support import person_actions

    return person_actions(person, request)


@hookimpl
def portal_audience_panels(audience, page, request):
    """Mentors who take mentees, on the young teachers' section."""
    from .young_support import audience_panels

    return audience_panels(audience, page, request)


@hookimpl
def portal_route_offers(person, deficit_ids, today):
    """Mentors with free places who pass on the deficits of a route."""
    from .route_offers import route_offers

    return route_offers(person, deficit_ids, today)


@hookimpl
def portal_route_progress(keys, person_ids):
    """Completed pairs with the mentors offered to routes."""
    from .route_offers import route_progress

    return route_progress(keys, person_ids)
