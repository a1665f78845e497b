"""E-mails about an event itself: its participants hear of a new time, place, format or
link, of postponement and cancellation; the regional administrators hear of an event
waiting for their approval."""

import datetime as dt

import pytest
from django.core import mail

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


def test_drafts_and_scheduled_versions_are_not_announced(
    webinar, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    mail.outbox.clear()
    webinar.start += dt.timedelta(days=3)
    webinar.save_revision()  # a draft: not what participants were told
    webinar.start -= dt.timedelta(days=3)
    webinar.venue = "Онлайн"
    webinar.go_live_at = timezone.now() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        webinar.save_revision().publish()  # scheduled: the live version stays
    assert mail.outbox == []
    # At go-live (what publish_scheduled does) the participants hear of the venue only.
    webinar.refresh_from_db()
    revision = webinar.get_latest_revision()
    with django_capture_on_commit_callbacks(execute=True):
        revision.approved_go_live_at = None
        revision.save()
        page = revision.as_object()
        page.go_live_at = None
        page.save_revision().publish()
    (message,) = {m.subject for m in mail.outbox}
    assert "место проведения" in mail.outbox[0].body
    assert "дата или время" not in mail.outbox[0].body


def test_purged_revisions_do_not_silence_the_next_change(
    webinar, django_capture_on_commit_callbacks
):
    from wagtail.models import Revision

    # What purge_revisions does: the earlier revisions go, the log keeps pointing at them.
    webinar.intro = "Черновик"
    latest = webinar.save_revision()
    Revision.objects.filter(object_id=str(webinar.pk)).exclude(pk=latest.pk).delete()
    webinar.refresh_from_db()
    mail.outbox.clear()
    publish(
        webinar,
        django_capture_on_commit_callbacks,
        start=webinar.start + dt.timedelta(days=1),
    )
    assert len(mail.outbox) == 2


def test_mail_failure_does_not_break_publishing(
    webinar, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise OSError("SMTP down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    publish(webinar, django_capture_on_commit_callbacks, status="cancelled")
    webinar.refresh_from_db()
    assert webinar.status == "cancelled" and webinar.live
    assert "e-mail not sent" in caplog.text


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


def test_a_live_municipal_event_raised_to_regional_level_waits(
    client, users, calendars, django_capture_on_commit_callbacks
):
    from wagtail.models import Workflow

    from plugins.events.models.approval import WORKFLOW_NAME

    event = make_event(calendars.mun_a, "Семинар района", level="municipal")
    event.level = "regional"
    revision = event.save_revision(user=users.municipal_editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Workflow.objects.get(name=WORKFLOW_NAME).start(event, users.municipal_editor)
    event.refresh_from_db()
    assert event.level == "municipal" and event.live_revision_id != revision.pk
    assert event.current_workflow_state.status == "in_progress"
    (message,) = [m for m in mail.outbox if "ждёт согласования" in m.subject]
    assert message.to == [users.regional_admin.email]
    assert "Региональный" in message.body
