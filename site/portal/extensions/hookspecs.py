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
def portal_event_attendance(page_ids):
    """Return {page_id: EventAttendance} for those of ``page_ids`` that are the
    plugin's events (registered and attended counts); other ids are left out."""


@hookspec
def portal_profile_links(person):
    """Return a list of ProfileLink: a person's own pages a plugin offers («Моё
    наставничество», «Моя поддержка»), listed on «Мой профиль»."""
