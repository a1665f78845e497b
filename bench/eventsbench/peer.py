"""The naive peer: the events calendar as a developer writes it on plain Wagtail,
without thinking about queries.

The same three pages as the plugin's, rendered with the plugin's own templates, so both
sides send the same HTML (the same events, cards, filters, pagination by 20; the
benchmark compares the event links of both responses). Only the views differ; they are
written the obvious way:

- the page is found by Wagtail's routing and the `before_serve_page` hooks run, as
  `wagtail.views.serve` does for ours;
- the list: `EventPage.objects.live().descendant_of(section)` OR'ed with the events of
  the sections above, the filters as plain `.filter()` calls (`.distinct()` after the
  audience join), no `select_related`: each card then reads `event.event_type` and, for
  an event from above, `event.municipality` with a query of its own;
- the month grid: the month's events loaded once; each day of the grid picks its events
  by looping over them;
- the event page: Wagtail's default `get_context` plus what the plugin's adds, the seats
  left counted by loading the event's registrations and counting those holding a seat.
"""

import calendar as pycalendar
import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from plugins.events.calendar import (
    PER_DAY,
    WEEKDAYS,
    CalendarFilters,
    MonthDay,
    MonthGrid,
    day_list_url,
    filter_fields,
    parse_month,
)
from plugins.events.models import EventCalendarPage, EventPage
from plugins.events.registration import RegistrationForm, initial_for
from plugins.events.structured import event_json_ld

PAGE_SIZE = 20  # PORTAL_EVENTS_PAGE_SIZE, as ours


def _find(request, path: str, model):
    """The page at ``path`` through Wagtail's routing and serve hooks (as ours)."""
    page = Page.find_for_request(request, path)
    if not isinstance(page, model):
        raise Http404
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return page


def _section_events(section):
    """The section's events and, as ours shows them, those of the sections above."""
    region = section.section_region_id()
    if region is None:
        return EventPage.objects.live()
    municipality = section.section_municipality_id()
    organisation = section.section_organisation_id()
    events = EventPage.objects.live().descendant_of(section)
    events |= EventPage.objects.live().filter(region__isnull=True)
    if municipality or organisation:
        events |= EventPage.objects.live().filter(
            region_id=region, municipality__isnull=True
        )
    if organisation and municipality:
        events |= EventPage.objects.live().filter(
            municipality_id=municipality, organisation__isnull=True
        )
    return events


def _filtered(events, data: dict, now):
    if data.get("date_from"):
        day = data["date_from"]
        events = events.filter(Q(end__gte=day) | Q(end__isnull=True, start__gte=day))
    if data.get("date_to"):
        events = events.filter(start__date__lte=data["date_to"])
    if data.get("level"):
        events = events.filter(level__in=data["level"])
    if data.get("type"):
        events = events.filter(event_type__in=data["type"])
    if data.get("audience"):
        events = events.filter(audiences__in=data["audience"]).distinct()
    if data.get("subject"):
        events = events.filter(subjects=data["subject"])
    if data.get("format"):
        events = events.filter(event_format__in=data["format"])
    near = data.get("near")
    if near is not None:
        events = events.filter(
            Q(municipality=near)
            | Q(region_id=near.parent_id, municipality__isnull=True)
            | Q(region__isnull=True)
        )
    if data.get("open"):
        events = events.filter(
            Q(registration_opens__isnull=True) | Q(registration_opens__lte=now),
            Q(registration_closes__isnull=True) | Q(registration_closes__gte=now),
            Q(end__gte=now) | Q(end__isnull=True, start__gte=now),
            status="scheduled",
        ).exclude(registration_mode="none")
    return events


def _calendar_context(request, calendar, view: str):
    section = calendar.get_parent().specific
    form = CalendarFilters(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    context = calendar.get_context(request)
    context.update(
        form=form,
        filter_fields=filter_fields(form),  # the templates draw the filters from it
        view=view,
        filtered=bool(data and any(data.values())),
    )
    context["section_path"] = section.path
    return context, _filtered(_section_events(section), data, timezone.now())


def calendar_list(request, path):
    calendar = _find(request, path, EventCalendarPage)
    if isinstance(calendar, HttpResponse):
        return calendar
    context, events = _calendar_context(request, calendar, "list")
    now = timezone.now()
    events = events.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))
    page = Paginator(events.order_by("start", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for event in page:
        event.from_above = not event.path.startswith(context["section_path"])
    context["events"] = page
    return TemplateResponse(request, "events/event_calendar_page.html", context)


def calendar_month(request, path):
    calendar = _find(request, path, EventCalendarPage)
    if isinstance(calendar, HttpResponse):
        return calendar
    context, events = _calendar_context(request, calendar, "month")
    month = parse_month(request.GET.get("month"), timezone.localdate())
    first = timezone.make_aware(dt.datetime.combine(month, dt.time()))
    following = (month + dt.timedelta(days=32)).replace(day=1)
    last = timezone.make_aware(dt.datetime.combine(following, dt.time()))
    events = list(
        events.filter(
            start__gte=first - dt.timedelta(days=1),
            start__lt=last + dt.timedelta(days=1),
        ).order_by("start", "pk")
    )
    more_url = day_list_url(calendar, request)
    weeks = []
    for week in pycalendar.Calendar().monthdatescalendar(month.year, month.month):
        row = []
        for day in week:
            if day.month != month.month:
                row.append(MonthDay(None, []))
                continue
            day_events = [e for e in events if e.local_start.date() == day]
            more = max(0, len(day_events) - PER_DAY)
            url = more_url(day) if more else ""
            row.append(MonthDay(day, day_events[:PER_DAY], more, url))
        weeks.append(row)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    context["grid"] = MonthGrid(month, weeks, previous, following)
    context["weekdays"] = WEEKDAYS
    return TemplateResponse(request, "events/event_calendar_page.html", context)


def event_page(request, path):
    page = _find(request, path, EventPage)
    if isinstance(page, HttpResponse):
        return page
    context = Page.get_context(page, request)
    context["json_ld"] = event_json_ld(page, request)
    context["sessions"] = page.sessions.all()
    if page.registration_open:
        context["registration_form"] = RegistrationForm(
            initial=initial_for(request.user), event=page
        )
        if page.capacity is not None:
            taken = len([r for r in page.registrations.all() if r.holds_seat])
            context["seats_left"] = max(0, page.capacity - taken)
    context["responsible_public"] = (
        page.responsible.public_data() if page.responsible_id else None
    )
    return TemplateResponse(request, page.get_template(request), context)
