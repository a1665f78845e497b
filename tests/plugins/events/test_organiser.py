"""The organiser's side in the admin: participants of their territory only, decisions
with e-mails and the waiting list, attendance, export to XLSX."""

import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plugins.events.models import Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


def registration(event, name, status="confirmed", **extra):
    return Registration.objects.create(
        event=event,
        name=name,
        email=f"{abs(hash(name)) % 10**8}@example.org",
        status=status,
        consent_at=timezone.now(),
        **extra,
    )


@pytest.fixture
def registrations(calendars):
    seminar_a = make_event(
        calendars.mun_a, "Семинар района А", registration_mode="moderated", capacity=1
    )
    seminar_b = make_event(
        calendars.mun_b, "Семинар района Б", registration_mode="open"
    )
    return {
        "pending": registration(seminar_a, "Иванова Анна", "pending"),
        "waiting": registration(seminar_a, "Петров Пётр", "waitlist"),
        "other": registration(seminar_b, "Сидоров Сидор"),
    }


def listing(client, user, **params):
    client.force_login(user)
    url = reverse("wagtailsnippets_events_registration:list")
    return client.get(url, params)


def test_municipal_editors_see_only_their_participants(client, users, registrations):
    page = listing(client, users.municipal_editor).content.decode()
    assert "Иванова Анна" in page and "Петров Пётр" in page
    assert "Сидоров Сидор" not in page
    other = reverse(
        "wagtailsnippets_events_registration:edit", args=[registrations["other"].pk]
    )
    assert client.get(other).status_code in (302, 403, 404)
    page = listing(client, users.regional_admin).content.decode()
    assert "Сидоров Сидор" in page


def test_rejecting_frees_the_seat_for_the_waiting_list(
    client, users, registrations, django_capture_on_commit_callbacks
):
    client.force_login(users.municipal_editor)
    pending = registrations["pending"]
    url = reverse("wagtailsnippets_events_registration:edit", args=[pending.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "rejected"})
    assert response.status_code == 302, response.content.decode()[:2000]
    pending.refresh_from_db()
    waiting = Registration.objects.get(pk=registrations["waiting"].pk)
    assert (pending.status, waiting.status) == ("rejected", "pending")
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Заявка отклонена: Семинар района А",
        "Освободилось место: Семинар района А",
    ]
    mail.outbox.clear()
    url = reverse("wagtailsnippets_events_registration:edit", args=[waiting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "confirmed", "attended": "on"})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.attended
    assert [m.subject for m in mail.outbox] == [
        "Участие подтверждено: Семинар района А"
    ]


def test_export_participants_to_xlsx(client, users, registrations):
    response = listing(client, users.municipal_editor, export="xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    names = {row[1] for row in rows[1:]}
    assert names == {"Иванова Анна", "Петров Пётр"}
