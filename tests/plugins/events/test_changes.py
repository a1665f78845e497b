"""E-mails about an event itself: its participants hear of a new time, place, format or
link, of postponement and cancellation; the regional administrators hear of an event
waiting for their approval."""

import datetime as dt

import pytest
from django.core import mail

from plugins.events.changes import changed_fields, previous_live

from .conftest import make_event
from .test_approval import create
from .test_organiser import registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def webinar(calendars):
    event = make_event(
        calendars.mun_a, "Вебинар для молодых педагогов", registration_mode="open"
    )
    registration(event, "Иванова Анна")
    registration(event, "Петров Пётр", "waitlist")
    registration(event, "Кузнецов Олег", "cancelled")
    return event


def publish(event, django_capture_on_commit_callbacks, **changes):
    for name, value in changes.items():
        setattr(event, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()


def test_a_new_time_and_place_reach_the_participants(
    webinar, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    publish(
        webinar,
        django_capture_on_commit_callbacks,
        start=webinar.start + dt.timedelta(days=1),
        venue="Актовый зал ИРО",
    )
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1]  # not the cancelled one
    recipients = {m.to[0] for m in mail.outbox}
    assert len(recipients) == 2
    message = mail.outbox[0]
    assert message.subject == "Изменения в мероприятии: Вебинар для молодых педагогов"
    assert "дата или время" in message.body and "место проведения" in message.body
    assert "Актовый зал ИРО" in message.body
    assert "registered/" in message.body  # each with their own ticket


def test_edits_that_change_nothing_for_participants_send_nothing(
    webinar, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    publish(webinar, django_capture_on_commit_callbacks, intro="Новый анонс")
    assert mail.outbox == []


def test_cancellation_and_postponement(webinar, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    publish(webinar, django_capture_on_commit_callbacks, status="postponed")
    assert {m.subject for m in mail.outbox} == {
        "Мероприятие перенесено: Вебинар для молодых педагогов"
    }
    mail.outbox.clear()
    publish(webinar, django_capture_on_commit_callbacks, status="cancelled")
    assert {m.subject for m in mail.outbox} == {
        "Мероприятие отменено: Вебинар для молодых педагогов"
    }
    assert "отменено" in mail.outbox[0].body


def test_the_previous_state_is_the_last_published_revision(webinar):
    draft_start = webinar.start + dt.timedelta(days=3)
    webinar.start = draft_start
    webinar.save_revision()  # a draft: not what participants were told
    webinar.venue = "Онлайн"
    revision = webinar.save_revision()
    old = previous_live(webinar, revision)
    assert old.start != draft_start
    assert changed_fields(old, webinar) == ["start", "venue"]


def test_reviewers_hear_of_an_event_waiting_for_them(
    client, users, calendars, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        create(client, users.municipal_editor, calendars.mun_a, "regional", "reg")
    (message,) = [m for m in mail.outbox if "ждёт согласования" in m.subject]
    assert message.to == [users.regional_admin.email]
    assert "Мероприятие reg" in message.body
    assert "/admin/pages/" in message.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        create(client, users.regional_admin, calendars.region, "regional", "centre")
    assert not [m for m in mail.outbox if "ждёт согласования" in m.subject]
