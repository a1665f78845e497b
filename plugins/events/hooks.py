"""Typed hooks: upcoming events on section pages, demo calendars for ``portal demo``."""

from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.extensions.hooks import PersonActivity, SectionPanel
from portal.extensions.hookspecs import hookimpl

PANEL_SIZE = 5


@hookimpl
def portal_section_panels(page, request):
    """«Ближайшие мероприятия» of the section (and from above), with its calendar."""
    from .calendar import section_scope
    from .models import EventCalendarPage, EventPage

    events = list(
        EventPage.objects.live()
        .public()
        .filter(section_scope(page))
        .annotate(end_or_start=Coalesce("end", "start"))
        .filter(end_or_start__gte=timezone.now())
        .select_related("event_type")
        .order_by("start", "pk")[:PANEL_SIZE]
    )
    calendar = EventCalendarPage.objects.child_of(page).live().first()
    if not events and calendar is None:
        return []
    return [
        SectionPanel(
            title=_("Ближайшие мероприятия"),
            template="events/panel.html",
            context={"events": events, "calendar": calendar},
            order=20,
        )
    ]


@hookimpl
def portal_demo_content(home, region, municipalities, organisations, seed, today):
    from .demo import build_demo_events

    return build_demo_events(region, municipalities, seed, today)


@hookimpl
def portal_person_activities(person):
    """«Мои мероприятия»: the person's live registrations and attended events (later
    counted by individual routes), each linking to its ticket page."""
    from django.db.models import Q

    from .models import Registration

    mine = Q(person=person) | (
        Q(user_id=person.user_id) if person.user_id else Q(pk__in=[])
    )
    registrations = (
        Registration.objects.filter(mine)
        .filter(Q(status__in=Registration.ACTIVE) | Q(attended=True))
        .select_related("event")
        .order_by("-event__start")
    )
    activities = []
    for registration in registrations:
        event = registration.event
        kind = (
            _("Участвовал(а) в мероприятии")
            if registration.attended
            else registration.get_status_display()
        )
        activities.append(
            PersonActivity(
                kind=str(kind),
                title=event.title,
                url=f"{event.url}registered/{registration.token}/",
                start=event.local_start.date(),
                end=event.local_end.date() if event.end else None,
            )
        )
    return activities


@hookimpl
def portal_event_attendance(page_ids):
    """Registered (live registrations) and attended counts of the events among
    ``page_ids``, in one aggregate query; events without registrations count 0."""
    from django.db.models import Count, Q

    from portal.extensions.hooks import EventAttendance

    from .models import EventPage, Registration

    rows = (
        EventPage.objects.filter(pk__in=list(page_ids))
        .annotate(
            registered_count=Count(
                "registrations",
                filter=Q(registrations__status__in=Registration.ACTIVE),
            ),
            attended_count=Count(
                "registrations", filter=Q(registrations__attended=True)
            ),
        )
        .values_list("pk", "registered_count", "attended_count")
    )
    return {
        pk: EventAttendance(registered=registered, attended=attended)
        for pk, registered, attended in rows
    }


@hookimpl
def portal_support_sources():
    """Attendance at events for young teachers and taking part in contests."""
    from .young_support import support_sources

    return support_sources()


@hookimpl
def portal_person_actions(person, request):
    """«Пригласить на мероприятие» for a coordinator's person."""
    from .young_support import person_actions

    return person_actions(person, request)


@hookimpl
def portal_audience_panels(audience, page, request):
    """Upcoming events for young teachers, on the young teachers' section."""
    from .young_support import audience_panels

    return audience_panels(audience, page, request)


@hookimpl
def portal_route_offers(person, deficit_ids, today):
    """Upcoming events that help close the deficits of an individual route."""
    from .route_offers import route_offers

    return route_offers(person, deficit_ids, today)


@hookimpl
def portal_route_progress(keys, person_ids):
    """Attended events (the organiser marked the person present)."""
    from .route_offers import route_progress

    return route_progress(keys, person_ids)
