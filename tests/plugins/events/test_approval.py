"""Events of regional level published by a municipal office wait for the regional centre."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from plugins.events.models import EventPage, EventType

pytestmark = pytest.mark.django_db


def create(client, user, calendar, level, slug):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", calendar.pk))
    data = nested_form_data(
        {
            "title": f"Мероприятие {slug}",
            "slug": slug,
            "event_type": EventType.objects.get(code="seminar").pk,
            "level": level,
            "event_format": "in_person",
            "status": "scheduled",
            "registration_mode": "none",
            "start": "2026-12-01 10:00",
            "time_zone": "Asia/Irkutsk",
            "description": streamfield([]),
            "results": streamfield([]),
            "sessions": inline_formset([]),
            "action-publish": "publish",
        }
    )
    return client.post(url, data, follow=True)


def test_municipal_event_of_regional_level_waits_for_the_centre(
    client, users, calendars
):
    response = create(
        client, users.municipal_editor, calendars.mun_a, "regional", "reg"
    )
    event = EventPage.objects.get(slug="reg")
    assert not event.live
    assert event.current_workflow_state is not None
    assert "отправлено на согласование" in response.content.decode()
    client.logout()
    assert client.get(f"{calendars.mun_a.url}reg/").status_code == 404  # not public yet
    # The municipal office cannot approve it; the regional administrator can.
    task_state = TaskState.objects.get(workflow_state=event.current_workflow_state)
    task = task_state.task.specific
    assert task.get_actions(event, users.municipal_editor) == []
    assert [a[0] for a in task.get_actions(event, users.regional_admin)][:2] == [
        "reject",
        "approve",
    ]
    assert list(task.get_task_states_user_can_moderate(users.regional_admin)) == [
        task_state
    ]
    assert not task.get_task_states_user_can_moderate(users.municipal_editor).exists()
    client.force_login(users.regional_admin)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(event.pk, "approve", task_state.pk)
    )
    assert client.post(url).status_code in (200, 302)
    event.refresh_from_db()
    assert event.live
    client.logout()
    assert client.get(f"{calendars.mun_a.url}reg/").status_code == 200


def test_municipal_and_regional_admins_events_publish_at_once(client, users, calendars):
    create(client, users.municipal_editor, calendars.mun_a, "municipal", "mun")
    assert EventPage.objects.get(slug="mun").live
    create(client, users.regional_admin, calendars.region, "regional", "centre")
    assert EventPage.objects.get(slug="centre").live
