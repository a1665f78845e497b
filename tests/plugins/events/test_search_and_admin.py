"""Events in the search index, and the admin form that takes the event's local time."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from plugins.events.models import Audience, EventPage, EventType
from plugins.events.search import EventSpec

from .conftest import IRKUTSK, make_event

pytestmark = pytest.mark.django_db


def test_event_document_has_dates_and_territory_but_no_private_details(tree, calendars):
    event = make_event(
        calendars.mun_a,
        "Семинар наставников",
        level="interregional",
        online_url="https://example.org/secret-room",
        venue="Школа № 1",
        intro="Для наставников",
    )
    event.audiences.add(Audience.objects.get(code="methodists"))
    event.save_revision().publish()
    document = EventSpec().to_document(EventPage.objects.get(pk=event.pk))
    assert document.type == "event"
    assert (document.region, document.municipality) == (tree.region.pk, tree.mun_a.pk)
    assert document.start == event.start and document.level == "federal"
    assert document.audience == ["Методисты"]
    assert "Школа № 1" in document.body and "Семинар" in document.body
    assert "secret-room" not in str(document.as_dict())


def test_restricted_events_stay_out_of_the_index(calendars):
    event = make_event(calendars.region, "Закрытое совещание")
    PageViewRestriction.objects.create(page=event, restriction_type="login")
    assert EventSpec().build_documents([event]) == [(f"page:{event.pk}", None)]


def test_admin_dates_are_the_events_local_time(client, users, calendars):
    """An editor in Moscow types 10:00 for a seminar in Irkutsk: it starts at 10:00 there."""
    client.force_login(users.superuser)
    url = reverse(
        "wagtailadmin_pages:add", args=("events", "eventpage", calendars.region.pk)
    )
    form = client.get(url)
    assert form.status_code == 200
    assert re.search(
        r"<option value=\"Asia/Irkutsk\"[^>]*selected", form.content.decode()
    )
    data = nested_form_data(
        {
            "title": "Семинар в Иркутске",
            "slug": "seminar-irkutsk",
            "event_type": EventType.objects.get(code="seminar").pk,
            "level": "regional",
            "event_format": "in_person",
            "status": "scheduled",
            "registration_mode": "open",
            "start": "2026-12-01 10:00",
            "end": "2026-12-01 12:00",
            "time_zone": "Asia/Irkutsk",
            "description": streamfield([]),
            "results": streamfield([]),
            "sessions": inline_formset(
                [{"title": "Первое занятие", "start": "2026-12-02 09:00", "end": ""}]
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="seminar-irkutsk")
    assert event.start == dt.datetime(2026, 12, 1, 10, 0, tzinfo=IRKUTSK)
    assert event.end == dt.datetime(2026, 12, 1, 12, 0, tzinfo=IRKUTSK)
    (session,) = event.sessions.all()
    assert session.start == dt.datetime(2026, 12, 2, 9, 0, tzinfo=IRKUTSK)
    # The edit form shows the same wall-clock time back.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,)))
    assert "2026-12-01 10:00" in edit.content.decode()
    # End before start: a clear message, nothing saved.
    data.update({"start": "2026-12-01 12:00", "end": "2026-12-01 10:00", "slug": "x"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Окончание раньше начала." in response.content.decode()
    assert not EventPage.objects.filter(slug="x").exists()
