"""Calendars in the region, municipality A and school A sections, and an event maker."""

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass

import pytest
from django.apps import apps

if not apps.is_installed("plugins.events"):
    pytest.skip("the events plugin is not enabled", allow_module_level=True)

from plugins.events.models import EventCalendarPage, EventPage, EventType  # noqa: E402
from portal.core.slugs import latin  # noqa: E402

_numbers = itertools.count(1)
IRKUTSK = zoneinfo.ZoneInfo("Asia/Irkutsk")


@dataclass
class Calendars:
    region: EventCalendarPage
    mun_a: EventCalendarPage
    mun_b: EventCalendarPage
    school_a: EventCalendarPage


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """client.post, then the callbacks its transaction registered for after commit."""

    def send(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return send


def add_calendar(parent, title="Мероприятия", slug="events"):
    calendar = EventCalendarPage(title=title, slug=slug)
    parent.add_child(instance=calendar)
    calendar.save_revision().publish()
    return calendar


@pytest.fixture
def calendars(tree) -> Calendars:
    tree.region.timezone = "Asia/Irkutsk"
    tree.region.save()
    return Calendars(
        region=add_calendar(tree.region_page),
        mun_a=add_calendar(tree.mun_a_page),
        mun_b=add_calendar(tree.mun_b_page),
        school_a=add_calendar(tree.school_a_page),
    )


def make_event(calendar, title, start=None, **fields) -> EventPage:
    """A published event; ``start`` defaults to ten days ahead, 10:00 in Irkutsk."""
    if start is None:
        day = dt.date.today() + dt.timedelta(days=10)
        start = dt.datetime.combine(day, dt.time(10), IRKUTSK)
    if "event_type" not in fields:  # transactional tests run on a flushed database
        fields["event_type"] = EventType.objects.get_or_create(
            code="seminar", defaults={"name": "Семинар"}
        )[0]
    slug = f"{latin(title)[:40] or 'event'}-{next(_numbers)}"
    event = EventPage(title=title, slug=slug, start=start, **fields)
    calendar.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event
