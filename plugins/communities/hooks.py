"""Typed hooks of the communities plugin; each delegates to the module that knows the
subject, so the hook signatures stay in one place."""

from portal.extensions.hookspecs import hookimpl


@hookimpl
def portal_person_activities(person):
    """A teacher's communities (and requests, invitations) on «Мой профиль»."""
    from .activities import person_activities

    return person_activities(person)


@hookimpl
def portal_section_panels(page, request):
    """«Профессиональные сообщества» of a section, with its registry."""
    from .panels import section_panels

    return section_panels(page, request)


@hookimpl(trylast=True)  # after the events plugin's: plan items link its demo events
def portal_demo_content(home, region, municipalities, organisations, seed, today):
    from .demo import build_demo_communities

    return build_demo_communities(region, municipalities, organisations, seed, today)


@hookimpl
def portal_support_sources():
    """Membership of an association of young teachers (``associations``)."""
    from .young_support import support_sources

    return support_sources()


@hookimpl
def portal_audience_panels(audience, page, request):
    """Active associations of young teachers, on the young teachers' section."""
    from .young_support import audience_panels

    return audience_panels(audience, page, request)


@hookimpl
def portal_route_offers(person, deficit_ids, today):
    """Communities taking members that help close the deficits of a route."""
    from .route_offers import route_offers

    return route_offers(person, deficit_ids, today)


@hookimpl
def portal_route_progress(keys, person_ids):
    """Active memberships of the communities offered to routes."""
    from .route_offers import route_progress

    return route_progress(keys, person_ids)
