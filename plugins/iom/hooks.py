"""Typed hooks of the routes plugin; each delegates to the module that knows the
subject, so the hook signatures stay in one place.

The plugin offers its own catalogue (programmes, internship sites) through
``portal_route_offers`` like any other plugin, answers ``portal_route_progress`` for
completed courses, and only *receives* what events, communities and mentoring
contribute — it never imports them.
"""

from portal.extensions.hookspecs import hookimpl


@hookimpl
def portal_route_offers(person, deficit_ids, today):
    from .proposal import catalogue_offers

    return catalogue_offers(person, deficit_ids, today)


@hookimpl
def portal_route_progress(keys, person_ids):
    from .progress import completed_courses

    return completed_courses(keys, person_ids)


@hookimpl
def portal_profile_links(person):
    from .my_views import profile_links

    return profile_links(person)


@hookimpl(trylast=True)
def portal_demo_content(home, region, municipalities, organisations, seed, today):
    # After the events and communities demos: their pages get deficits to offer.
    from .demo import demo_content

    return demo_content(
        home=home, region=region, municipalities=municipalities,
        organisations=organisations, seed=seed, today=today,
    )  # fmt: skip


@hookimpl
def portal_demo_logins(region, today):
    from .demo import demo_logins

    return demo_logins(region)
