"""iCalendar (RFC 5545) for one event and for a calendar's selection; RSS of a calendar.

Times are written in UTC (``DTSTART:20261201T070000Z``): every calendar application
shows them in its user's own zone without a VTIMEZONE block, which is where most
time-zone bugs of hand-written feeds come from. The event's zone goes in as
``X-WR-TIMEZONE`` for applications that display it.
"""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

#: Events in a calendar feed: the upcoming ones and those of the last days.
FEED_PAST_DAYS, FEED_LIMIT = 30, 500
STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//SNMS portal//events//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _event(page, request, stamp) -> Event:
    url = request.build_absolute_uri(page.url)
    item = Event()
    item.add("uid", f"event-{page.pk}@{request.get_host()}")
    item.add("dtstamp", stamp)
    item.add("summary", page.title)
    item.add("dtstart", page.start.astimezone(dt.UTC))
    end = page.end or page.start + dt.timedelta(hours=1)
    item.add("dtend", end.astimezone(dt.UTC))
    item.add("url", url)
    description = page.intro or ""
    item.add("description", f"{description}\n\n{url}".strip())
    place = ", ".join(p for p in (page.venue, page.address) if p)
    if place:
        item.add("location", place)
    elif page.online_url and page.online_url_public:
        item.add("location", page.online_url)
    item.add("status", STATUS.get(page.status, "CONFIRMED"))
    if page.event_type_id:
        item.add("categories", [page.event_type.name])
    item.add("last-modified", (page.last_published_at or stamp).astimezone(dt.UTC))
    return item


def _response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(page, request) -> HttpResponse:
    """ "Add to calendar": one VEVENT."""
    cal = _calendar(page.title)
    cal.add("x-wr-timezone", page.zone.key)
    cal.add_component(_event(page, request, timezone.now()))
    return _response(cal, f"event-{page.pk}.ics")


def feed_events(calendar, request):
    from portal.sections.tree import section_of

    from .calendar import calendar_events, filters_from

    _, data = filters_from(request)
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return (
        calendar_events(section_of(calendar), data)
        .filter(end_or_start__gte=since)
        .order_by("start", "pk")[:FEED_LIMIT]
    )


def calendar_ics(calendar, request) -> HttpResponse:
    """A subscription feed of the calendar with the same filters as its page."""
    cal = _calendar(calendar.title)
    stamp = timezone.now()
    for page in feed_events(calendar, request):
        cal.add_component(_event(page, request, stamp))
    return _response(cal, f"calendar-{calendar.pk}.ics")


class CalendarFeed(Feed):
    """RSS 2.0 of a calendar's events (with the page's filters)."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, calendar=None):
        self.request = request
        return calendar

    def title(self, calendar):
        return calendar.title

    def link(self, calendar):
        return calendar.url

    def description(self, calendar):
        return _("Мероприятия: %(title)s") % {"title": calendar.title}

    def items(self, calendar):
        return feed_events(calendar, self.request)

    def item_title(self, page):
        start = page.local_start.strftime("%d.%m.%Y %H:%M")
        return f"{start} — {page.title}"

    def item_description(self, page):
        return page.intro

    def item_link(self, page):
        return page.url

    def item_pubdate(self, page):
        return page.first_published_at

    def item_guid(self, page):
        return f"event-{page.pk}"

    item_guid_is_permalink = False
