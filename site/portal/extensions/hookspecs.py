"""Typed runtime extension points owned by the core (pluggy, as Datasette's hookspecs).

Each hook is documented in docs/plugins.md (a test checks it).
"""

import pluggy

hookspec = pluggy.HookspecMarker("portal")
hookimpl = pluggy.HookimplMarker("portal")


@hookspec
def portal_section_panels(page, request):
    """Return a list of SectionPanel for a section page (e.g. upcoming events)."""


@hookspec
def portal_person_activities(person):
    """Return a list of PersonActivity (what a person took part in) for profiles and routes."""


@hookspec
def portal_demo_content(home, region, municipalities, organisations, seed, today):
    """Add the plugin's demo content (idempotent); return {label: number created}."""


@hookspec
def portal_demo_logins(region, today):
    """Return a list of DemoLogin: people of the demo region the plugin wants a demo
    account for (a teacher with a route, their tutor), so that ``portal demo`` prints
    a login for the pages only they see. Called after every plugin's demo content."""


@hookspec
def portal_event_attendance(page_ids):
    """Return {page_id: EventAttendance} for those of ``page_ids`` that are the
    plugin's events (registered and attended counts); other ids are left out."""


@hookspec
def portal_profile_links(person):
    """Return a list of ProfileLink: a person's own pages a plugin offers («Моё
    наставничество», «Моя поддержка»), listed on «Мой профиль»."""


@hookspec
def portal_support_sources():
    """Return a list of SupportSource: kinds of support a plugin knows (an active
    mentoring pair, attendance at events for young teachers, membership of an
    association of young teachers), each as an ``Exists`` condition on ``Person``
    for a date, counted as one of the young-teacher support forms."""


@hookspec
def portal_person_actions(person, request):
    """Return a list of PersonAction: one-click actions a coordinator may take for a
    person (pick a mentor, invite to an event), shown on lists of people."""


@hookspec
def portal_audience_panels(audience, page, request):
    """Return a list of SectionPanel for a page addressed to an audience (``"young"``:
    the young teachers' section shows upcoming events for them, associations of young
    teachers and mentors who accept mentees)."""


@hookspec
def portal_route_offers(person, deficit_ids, today):
    """Return a list of RouteOffer: what a plugin can offer a person to close the
    deficits (``core.Competence`` ids) of an individual educational route — upcoming
    events, communities, mentors who pass the competence on — each with the deficits
    it addresses and the reasons it fits. Only what the person may join, bounded."""


@hookspec
def portal_route_progress(keys, person_ids):
    """Return a list of RouteProgress: which of the offers named by ``keys`` (the
    plugin's own prefix, e.g. ``events:event:12``) each of ``person_ids`` has completed
    (attended the event, joined the community, completed a mentoring pair), and when.
    A bounded number of queries whatever the number of keys and people."""
