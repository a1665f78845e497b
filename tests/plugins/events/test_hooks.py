"""The events plugin through the core's typed hooks: section panels and demo content."""

import datetime as dt

import pytest

from plugins.events.demo import build_demo_events
from plugins.events.models import EventCalendarPage, EventPage
from portal.extensions.hooks import demo_content

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_section_page_shows_upcoming_events_and_the_calendar(client, tree, calendars):
    make_event(calendars.region, "Региональный вебинар")
    make_event(calendars.mun_b, "Семинар района Б")
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    make_event(calendars.mun_a, "Прошедший семинар", start=past)
    page = client.get(tree.mun_a_page.url).content.decode()
    assert "Ближайшие мероприятия" in page
    assert "Региональный вебинар" in page  # from the region, above the municipality
    assert "Семинар района Б" not in page and "Прошедший семинар" not in page
    assert f'href="{calendars.mun_a.url}"' in page


def test_demo_content_is_created_once(tree):
    municipalities = {"a": tree.mun_a, "b": tree.mun_b}
    created = demo_content(
        home=None,
        region=tree.region,
        municipalities=municipalities,
        organisations={},
        seed=7,
        today=dt.date(2026, 11, 22),
    )
    # Other plugins (communities) add their own labels to the same report.
    assert {k: created[k] for k in ("календари мероприятий", "мероприятия")} == {
        "календари мероприятий": 3,
        "мероприятия": 16,
    }
    assert EventCalendarPage.objects.count() == 3
    assert EventPage.objects.live().count() == 16
    assert (
        build_demo_events(tree.region, municipalities, 7, dt.date(2026, 11, 22)) == {}
    )


def test_my_events_in_the_teachers_profile(client, users, tree, calendars):
    from django.utils import timezone

    from plugins.events.models import Registration

    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    attended = make_event(calendars.region, "Прошедшая конференция", start=past)
    upcoming = make_event(calendars.mun_a, "Будущий семинар", registration_mode="open")
    other = make_event(calendars.mun_a, "Чужой семинар", registration_mode="open")
    now = timezone.now()
    Registration.objects.create(
        event=attended, person=tree.person_a, name="А", email="a@example.org",
        status="confirmed", attended=True, consent_at=now,
    )  # fmt: skip
    Registration.objects.create(
        event=upcoming, user=users.teacher, name="А", email="a@example.org",
        status="waitlist", consent_at=now,
    )  # fmt: skip
    Registration.objects.create(
        event=other, person=tree.person_b, name="Б", email="b@example.org",
        status="confirmed", consent_at=now,
    )  # fmt: skip
    client.force_login(users.teacher)
    page = client.get("/profile/").content.decode()
    assert "Участвовал(а) в мероприятии" in page and "Прошедшая конференция" in page
    assert "В листе ожидания" in page and "Будущий семинар" in page
    assert "Чужой семинар" not in page
    assert page.index("Будущий семинар") < page.index("Прошедшая конференция")
