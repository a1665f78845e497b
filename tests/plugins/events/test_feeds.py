"""iCalendar (parsed back with the icalendar library), RSS, JSON-LD and the event page."""

import datetime as dt
import json
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from plugins.events.models import EventPage

from .conftest import IRKUTSK, make_event

pytestmark = pytest.mark.django_db


def vevents(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_add_to_calendar_gives_one_event_in_utc(client, calendars):
    start = dt.datetime(2026, 12, 1, 0, 30, tzinfo=IRKUTSK)  # 30 Nov 16:30 UTC
    event = make_event(
        calendars.region,
        "Ночной вебинар",
        start=start,
        end=start + dt.timedelta(hours=2),
        venue="ИРО",
        address="Иркутск, ул. Ленина, 1",
        online_url="https://example.org/secret-room",
    )
    (item,) = vevents(client.get(event.url + "ics/"))
    assert str(item["SUMMARY"]) == "Ночной вебинар"
    assert item.decoded("DTSTART") == dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC)
    assert item.decoded("DTEND") == dt.datetime(2026, 11, 30, 18, 30, tzinfo=dt.UTC)
    assert str(item["LOCATION"]) == "ИРО, Иркутск, ул. Ленина, 1"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert "secret-room" not in client.get(event.url + "ics/").content.decode()


@pytest.mark.parametrize(
    "zone,local,utc",
    [
        (
            "Asia/Kamchatka",
            (2027, 1, 1, 9, 0),
            (2026, 12, 31, 21, 0),
        ),  # +12, across the year
        ("Europe/Kaliningrad", (2026, 12, 31, 23, 30), (2026, 12, 31, 21, 30)),  # +2
        (
            "Europe/Moscow",
            (2026, 3, 29, 2, 30),
            (2026, 3, 28, 23, 30),
        ),  # no DST in Russia
    ],
)
def test_time_zone_edges(client, calendars, zone, local, utc):
    import zoneinfo

    start = dt.datetime(*local, tzinfo=zoneinfo.ZoneInfo(zone))
    event = make_event(calendars.region, "Вебинар", start=start, time_zone=zone)
    (item,) = vevents(client.get(event.url + "ics/"))
    assert item.decoded("DTSTART") == dt.datetime(*utc, tzinfo=dt.UTC)
    page = client.get(event.url).content.decode()
    assert f"{local[3]:02d}:{local[4]:02d}" in page and zone in page


def test_calendar_feed_follows_the_filters(client, calendars):
    make_event(calendars.region, "Вебинар", event_format="online")
    make_event(calendars.mun_a, "Семинар")
    cancelled = make_event(
        calendars.region, "Отменённый", status=EventPage.Status.CANCELLED
    )
    everything = vevents(client.get(calendars.region.url + "ics/"))
    assert {str(e["SUMMARY"]) for e in everything} == {
        "Вебинар",
        "Семинар",
        "Отменённый",
    }
    statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in everything}
    assert statuses[cancelled.title] == "CANCELLED"
    online = vevents(client.get(calendars.region.url + "ics/", {"format": "online"}))
    assert [str(e["SUMMARY"]) for e in online] == ["Вебинар"]
    uids = {str(e["UID"]) for e in everything}
    assert len(uids) == 3


def test_rss(client, calendars):
    make_event(calendars.region, "Вебинар")
    response = client.get(calendars.region.url + "rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    (title,) = [item.findtext("title") for item in root.iter("item")]
    assert title.endswith("— Вебинар")


def test_event_page_json_ld_and_private_details(client, tree, calendars):
    tree.person_a.public_consent = False
    tree.person_a.save()
    start = dt.datetime(2026, 12, 1, 10, 0, tzinfo=IRKUTSK)
    event = make_event(
        calendars.region,
        "Конференция </script><b>",
        start=start,
        organiser=tree.regional_org,
        responsible=tree.person_a,
        online_url="https://example.org/room",
        event_format="hybrid",
        venue="ИРО",
    )
    page = client.get(event.url).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-12-01T10:00:00+08:00"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["organizer"]["name"] == "ЦНППМ"
    assert data["name"] == "Конференция </script><b>"
    assert "example.org/room" not in page  # for registered participants only
    assert tree.person_a.last_name not in page  # no consent to publish
    event.online_url_public = True
    event.save_revision().publish()
    assert "example.org/room" in client.get(event.url).content.decode()
