"""The typed hook portal_event_attendance: registered and attended counts of events
for other plugins (a community's annual report), through the core's aggregator."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.extensions.hooks import EventAttendance, event_attendance

from .conftest import make_event
from .test_organiser import registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(calendars):
    seminar = make_event(calendars.mun_a, "Семинар", registration_mode="open")
    registration(seminar, "Иванова Анна", attended=True)
    registration(seminar, "Петров Пётр", "pending")
    registration(seminar, "Сидорова Вера", "waitlist")
    registration(seminar, "Кузнецов Олег", "head")
    registration(seminar, "Орлова Ирина", "rejected")
    # Came although the registration was cancelled afterwards: attended, not live.
    registration(seminar, "Лебедев Олег", "cancelled", attended=True)
    webinar = make_event(calendars.mun_b, "Вебинар", registration_mode="open")
    registration(webinar, "Смирнова Ольга", attended=True)
    quiet = make_event(calendars.mun_a, "Совещание без регистрации")
    return seminar, webinar, quiet


def test_counts_live_registrations_and_attendance(events):
    seminar, webinar, quiet = events
    found = event_attendance([seminar.pk, webinar.pk, quiet.pk])
    assert found == {
        seminar.pk: EventAttendance(registered=4, attended=2),
        webinar.pk: EventAttendance(registered=1, attended=1),
        quiet.pk: EventAttendance(registered=0, attended=0),
    }


def test_pages_that_are_not_events_are_left_out(events, calendars, tree):
    seminar, *_ = events
    found = event_attendance([seminar.pk, calendars.mun_a.pk, tree.mun_a_page.pk, 0])
    assert list(found) == [seminar.pk]


def test_one_query_whatever_the_number_of_events(events):
    ids = [e.pk for e in events]
    with CaptureQueriesContext(connection) as one:
        event_attendance(ids[:1])
    with CaptureQueriesContext(connection) as three:
        event_attendance(ids)
    assert len(one) == len(three) == 1


def test_no_ids_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert event_attendance([]) == {}
        assert event_attendance([None]) == {}
    assert not queries
