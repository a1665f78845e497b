"""The plugin manager for the typed hooks and the value types they exchange."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pluggy
from django.utils.module_loading import import_module

from . import hookspecs


@dataclass(frozen=True)
class SectionPanel:
    """A block shown on a section page: a title, a template and its context."""

    title: str
    template: str
    context: dict
    order: int = 100


@dataclass(frozen=True)
class PersonActivity:
    """Something a person took part in, reported by a plugin (event, community, pair)."""

    kind: str
    title: str
    url: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class ProfileLink:
    """A person's own page offered by a plugin, with a line saying what is there."""

    title: str
    url: str
    description: str = ""
    order: int = 100


@dataclass(frozen=True)
class DemoLogin:
    """A demo account a plugin asks for (``portal_demo_logins``): its username, the
    role the printed list gives it, the ``core.Person`` it signs in as, and the page
    to start from."""

    username: str
    role: str
    person: object
    start: str = "/"


@dataclass(frozen=True)
class SupportSource:
    """Support a plugin knows about, as a condition on people (portal_support_sources).

    ``condition(on)`` returns an ``Exists`` (or ``Q``) over ``OuterRef("pk")`` of
    ``core.Person``: true for the people who had this support on the date. ``form`` is
    the code of the support form it counts as (young_teachers' SupportForm codes:
    network-support, associations, expert-support, leisure, social-activity, contests,
    continuous-education).
    """

    code: str
    form: str
    title: str
    condition: Callable


@dataclass(frozen=True)
class PersonAction:
    """A one-click action for a person on a coordinator's list: a link (GET) or, with
    ``post``, a form button posting to ``url``."""

    title: str
    url: str
    post: bool = False
    order: int = 100


@dataclass(frozen=True)
class EventAttendance:
    """How many registered for an event (live registrations) and how many came."""

    registered: int
    attended: int


@dataclass(frozen=True)
class RouteOffer:
    """Something a plugin offers to close deficits of an individual route
    (``portal_route_offers``).

    ``key`` names it for ``portal_route_progress`` (``<label>:<kind>:<id>``) and is
    stored on the route step; ``kind`` is a step kind of the routes plugin (``event``,
    ``community``, ``mentoring``, ``internship``, ``programme``); ``deficit_ids`` are
    the asked competences it addresses; ``level`` a ``portal.core.levels.Level`` value;
    ``score`` the plugin's own fit (higher is better) and ``reasons`` why it fits, in
    Russian, shown to the teacher.
    """

    key: str
    kind: str
    title: str
    url: str = ""
    deficit_ids: tuple[int, ...] = ()
    level: str = ""
    starts: dt.date | None = None
    ends: dt.date | None = None
    hours: int | None = None
    score: int = 0
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class RouteProgress:
    """A person completed an offer (``portal_route_progress``): the step holding
    ``key`` is done on ``done_on``, confirmed by ``evidence`` (Russian)."""

    key: str
    person_id: int
    done_on: dt.date
    evidence: str


pm = pluggy.PluginManager("portal")
pm.add_hookspecs(hookspecs)


def register_hooks_module(path: str) -> None:
    module = import_module(path)
    if not pm.is_registered(module):
        pm.register(module, name=path)


def section_panels(page, request) -> list[SectionPanel]:
    panels = [
        p
        for result in pm.hook.portal_section_panels(page=page, request=request)
        for p in result or []
    ]
    return sorted(panels, key=lambda p: p.order)


def person_activities(person) -> list[PersonActivity]:
    return [
        a
        for result in pm.hook.portal_person_activities(person=person)
        for a in result or []
    ]


def profile_links(person) -> list[ProfileLink]:
    links = [
        link
        for result in pm.hook.portal_profile_links(person=person)
        for link in result or []
    ]
    return sorted(links, key=lambda link: (link.order, link.title))


def support_sources() -> list[SupportSource]:
    return [s for result in pm.hook.portal_support_sources() for s in result or []]


def person_actions(person, request) -> list[PersonAction]:
    actions = [
        a
        for result in pm.hook.portal_person_actions(person=person, request=request)
        for a in result or []
    ]
    return sorted(actions, key=lambda a: (a.order, a.title))


def audience_panels(audience: str, page, request) -> list[SectionPanel]:
    panels = [
        p
        for result in pm.hook.portal_audience_panels(
            audience=audience, page=page, request=request
        )
        for p in result or []
    ]
    return sorted(panels, key=lambda p: p.order)


def demo_content(**kwargs) -> dict[str, int]:
    """Every plugin's demo content, as {label: number created} (``portal demo``)."""
    created: dict[str, int] = {}
    for result in pm.hook.portal_demo_content(**kwargs):
        for label, number in (result or {}).items():
            created[label] = created.get(label, 0) + number
    return created


def demo_logins(region, today) -> list[DemoLogin]:
    """Every plugin's demo people who get an account (``portal demo``)."""
    return [
        login
        for result in pm.hook.portal_demo_logins(region=region, today=today)
        for login in result or []
    ]


def event_attendance(page_ids) -> dict[int, EventAttendance]:
    """{page_id: EventAttendance} for the ids some plugin knows as events (the annual
    reports of communities count their events' participants without importing the
    events plugin); an empty dict when no plugin answers."""
    ids = sorted({int(pk) for pk in page_ids if pk is not None})
    if not ids:
        return {}
    found: dict[int, EventAttendance] = {}
    for result in pm.hook.portal_event_attendance(page_ids=ids):
        for pk, attendance in (result or {}).items():
            if pk in found:  # two plugins counting one page: add them up
                attendance = EventAttendance(
                    found[pk].registered + attendance.registered,
                    found[pk].attended + attendance.attended,
                )
            found[pk] = attendance
    return found


def route_offers(person, deficit_ids, today) -> list[RouteOffer]:
    """Every plugin's offers for the deficits (empty when no deficit is asked)."""
    ids = sorted({int(pk) for pk in deficit_ids})
    if not ids:
        return []
    return [
        offer
        for result in pm.hook.portal_route_offers(
            person=person, deficit_ids=ids, today=today
        )
        for offer in result or []
    ]


def route_progress(keys, person_ids) -> dict[tuple[int, str], RouteProgress]:
    """{(person_id, key): RouteProgress} for what the people completed; the earliest
    completion wins when two records confirm one key."""
    keys = sorted({k for k in keys if k})
    person_ids = sorted({int(pk) for pk in person_ids})
    if not keys or not person_ids:
        return {}
    found: dict[tuple[int, str], RouteProgress] = {}
    for result in pm.hook.portal_route_progress(keys=keys, person_ids=person_ids):
        for item in result or []:
            slot = (item.person_id, item.key)
            if slot not in found or item.done_on < found[slot].done_on:
                found[slot] = item
    return found
