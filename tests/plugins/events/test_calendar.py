"""The calendar: what each section's calendar shows, filters, month grid, archive, queries."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.events.models import Audience, EventPage

from .conftest import IRKUTSK, make_event

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".event-card__title a")]


def test_an_event_takes_its_sections_territory_and_time_zone(tree, calendars):
    event = make_event(calendars.mun_a, "Семинар района")
    assert (event.region_id, event.municipality_id, event.organisation_id) == (
        tree.region.pk,
        tree.mun_a.pk,
        None,
    )
    assert event.time_zone == "Asia/Irkutsk"
    school = make_event(calendars.school_a, "Открытый урок")
    assert school.organisation_id == tree.school_a.pk


def test_each_calendar_shows_its_own_events_and_those_from_above(client, calendars):
    make_event(calendars.region, "Региональная конференция", level="regional")
    make_event(calendars.mun_a, "Семинар района А")
    make_event(calendars.mun_b, "Семинар района Б")
    make_event(calendars.school_a, "Открытый урок школы")

    region = client.get(calendars.region.url)
    assert set(titles(region)) == {
        "Региональная конференция",
        "Семинар района А",
        "Семинар района Б",
        "Открытый урок школы",
    }
    mun_a = client.get(calendars.mun_a.url)
    assert set(titles(mun_a)) == {
        "Региональная конференция",
        "Семинар района А",
        "Открытый урок школы",
    }
    assert "Региональное мероприятие" in mun_a.content.decode()
    school = client.get(calendars.school_a.url)
    assert set(titles(school)) == {
        "Региональная конференция",
        "Семинар района А",
        "Открытый урок школы",
    }
    assert "Район А" in school.content.decode()  # the municipality's event, marked


def test_filters(client, tree, calendars):
    young = Audience.objects.get(code="young-teachers")
    webinar = make_event(
        calendars.region, "Вебинар для молодых", event_format="online", level="regional"
    )
    webinar.audiences.add(young)
    webinar.save_revision().publish()
    make_event(calendars.mun_a, "Очный семинар", event_format="in_person")
    make_event(calendars.mun_b, "Семинар района Б")
    url = calendars.region.url
    assert titles(client.get(url, {"format": "online"})) == ["Вебинар для молодых"]
    assert titles(client.get(url, {"audience": "young-teachers"})) == [
        "Вебинар для молодых"
    ]
    assert set(titles(client.get(url, {"level": "municipal"}))) == {
        "Очный семинар",
        "Семинар района Б",
    }
    near = set(titles(client.get(url, {"near": tree.mun_a.pk})))
    assert near == {"Вебинар для молодых", "Очный семинар"}
    assert titles(client.get(url, {"type": "webinar"})) == []
    # Bad input: a clear message, the page still answers.
    response = client.get(url, {"date_from": "2026-12-10", "date_to": "2026-12-01"})
    assert response.status_code == 200
    assert "Дата «по» раньше даты «с»." in response.content.decode()
    assert client.get(url, {"date_from": "вчера", "near": "x"}).status_code == 200


def test_registration_open_filter(client, calendars):
    now = dt.datetime.now(dt.UTC)
    make_event(
        calendars.region,
        "Идёт запись",
        registration_mode="open",
        registration_closes=now + dt.timedelta(days=2),
    )
    make_event(
        calendars.region,
        "Запись закрыта",
        registration_mode="open",
        registration_closes=now - dt.timedelta(days=1),
    )
    make_event(
        calendars.region,
        "Отменено",
        registration_mode="open",
        status=EventPage.Status.CANCELLED,
    )
    assert titles(client.get(calendars.region.url, {"open": "on"})) == ["Идёт запись"]


def test_archive_and_upcoming(client, calendars):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    make_event(calendars.region, "Прошедший семинар", start=past)
    make_event(calendars.region, "Будущий семинар")
    assert titles(client.get(calendars.region.url)) == ["Будущий семинар"]
    archive = client.get(calendars.region.url + "archive/")
    assert titles(archive) == ["Прошедший семинар"]


def test_month_grid_places_events_on_their_local_day(client, calendars):
    # 00:30 on 1 December in Irkutsk is still 30 November in Moscow and in UTC.
    start = dt.datetime(2026, 12, 1, 0, 30, tzinfo=IRKUTSK)
    make_event(calendars.region, "Ночной вебинар", start=start)
    response = client.get(calendars.region.url + "month/", {"month": "2026-12"})
    soup = BeautifulSoup(response.content, "html.parser")
    cells = {
        cell.select_one(".month-grid__day").get_text(strip=True): cell
        for cell in soup.select(".month-grid td")
        if cell.select_one(".month-grid__day")
    }
    assert "Ночной вебинар" in cells["1"].get_text()
    assert "00:30" in cells["1"].get_text()
    assert "Ночной вебинар" not in cells["30"].get_text() if "30" in cells else True
    assert "Декабрь 2026" in soup.select_one(".month-nav h2").get_text()
    # A garbled or out-of-range month falls back to the current one.
    for garbled in ("13-13", "9999-12", "0001-01", "-5-1"):
        response = client.get(calendars.region.url + "month/", {"month": garbled})
        assert response.status_code == 200, garbled


def test_a_busy_day_shows_four_events_and_links_the_rest(client, calendars):
    day = dt.date.today() + dt.timedelta(days=40)
    for hour in range(9, 15):
        start = dt.datetime.combine(day, dt.time(hour), IRKUTSK)
        make_event(
            calendars.region, f"Семинар в {hour}:00", start=start, level="regional"
        )
    month = day.strftime("%Y-%m")
    response = client.get(
        calendars.region.url + "month/", {"month": month, "level": "regional"}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    (cell,) = [
        td
        for td in soup.select(".month-grid td")
        if td.select_one(".month-grid__day")
        and td.select_one(".month-grid__day").get_text(strip=True) == str(day.day)
    ]
    assert len(cell.select("li")) == 4
    more = cell.select_one(".month-grid__more")
    assert more.get_text(strip=True) == "все за день (ещё 2)"
    href = more["href"]
    assert f"date_from={day.isoformat()}" in href and "level=regional" in href
    assert "month=" not in href
    assert len(titles(client.get(href))) == 6


@pytest.mark.parametrize("view", ["", "archive/", "month/"])
def test_calendar_queries_do_not_grow_with_events(client, calendars, view):
    def count(n_events):
        for i in range(n_events):
            start = (
                None
                if view != "archive/"
                else dt.datetime.now(dt.UTC) - dt.timedelta(days=i + 1)
            )
            make_event(calendars.region, f"Семинар {i}", start=start)
        client.get(calendars.region.url + view)  # warm caches (site root, settings)
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(
                    calendars.region.url + view, {"level": "municipal"}
                ).status_code
                == 200
            )
        return len(queries)

    few = count(2)
    many = count(25)
    assert many == few


def options(response, name) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [i["value"] for i in soup.select(f'.events-filters input[name="{name}"]')]


def test_filter_choices_are_cached_and_follow_edits(client, calendars):
    from plugins.events.models import EventType

    url = calendars.region.url
    client.get(url)  # the lists are read and cached
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"type": "webinar", "audience": "young-teachers"})
    taxonomy_tables = ("events_eventtype", "events_audience", "core_subject")
    assert not [
        q for q in queries if any(f'FROM "{t}"' in q["sql"] for t in taxonomy_tables)
    ]
    # An editor adds a type: the next page offers it and filters by it.
    added = EventType.objects.create(name="Хакатон", code="hackathon")
    make_event(calendars.region, "Хакатон учителей", event_type=added)
    assert "hackathon" in options(client.get(url), "type")
    assert titles(client.get(url, {"type": "hackathon"})) == ["Хакатон учителей"]
    # An unknown value still makes the filters void, as before (all events shown).
    assert titles(client.get(url, {"type": "nothing-like-it"})) == ["Хакатон учителей"]
    EventPage.objects.filter(event_type=added).delete()
    added.delete()
    assert "hackathon" not in options(client.get(url), "type")


def test_cached_single_choice_validates_against_the_rows(tree):
    from portal.core.cached_choices import CachedModelChoiceField
    from portal.core.models import Territory

    field = CachedModelChoiceField(
        queryset=Territory.objects.all(), cache_key="test.territories"
    )
    assert field.clean(str(tree.mun_a.pk)) == tree.mun_a
    assert field.clean(tree.mun_b) == tree.mun_b
    with pytest.raises(Exception) as error:
        field.clean("999999")
    assert getattr(error.value, "code", None) == "invalid_choice"
    assert [label for _, label in field.choices][0] == "---------"
