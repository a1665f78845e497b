"""Organiser tools at the door and after: the check-in page (search, a scanned ticket,
one button per person), certificates as PDF, the QR code on a ticket, the participants'
export with readable statuses — and nobody outside the event's territory gets in."""

import io
import re

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from plugins.events.models import Registration
from plugins.events.organiser import checkin_code

from .conftest import make_event
from .test_organiser import registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(calendars):
    event = make_event(
        calendars.mun_a,
        "Семинар «Функциональная грамотность»",
        registration_mode="open",
    )
    registration(event, "Иванова Анна Петровна")
    registration(event, "Петров Пётр", "pending")
    registration(event, "Сидорова Вера", "waitlist")
    registration(event, "Кузнецов Олег", "cancelled")
    return event


def checkin(client, event, **params):
    return client.get(reverse("events_checkin", args=[event.pk]), params)


def mark(client, event, person, attended=True):
    url = reverse("events_checkin_mark", args=[event.pk, person.pk])
    return client.post(url, {"attended": "1" if attended else "0"})


def test_checkin_lists_who_is_expected_and_marks_them(client, users, seminar):
    client.force_login(users.municipal_editor)
    page = checkin(client, seminar).content.decode()
    assert "Иванова Анна Петровна" in page and "Петров Пётр" in page
    assert "Сидорова Вера" not in page and "Кузнецов Олег" not in page
    assert "Отмечено: 0 из 2" in page
    anna = Registration.objects.get(name__startswith="Иванова")
    response = mark(client, seminar, anna)
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.attended and anna.status == "confirmed"
    assert "Отмечено: 1 из 2" in checkin(client, seminar).content.decode()
    mark(client, seminar, anna, attended=False)
    anna.refresh_from_db()
    assert not anna.attended


def test_checkin_search_and_a_scanned_ticket(client, users, seminar):
    client.force_login(users.municipal_editor)
    page = checkin(client, seminar, q="ПЕТРОВ пётр").content.decode()  # case, ё
    assert "Петров Пётр" in page and "Иванова Анна Петровна" not in page
    anna = Registration.objects.get(name__startswith="Иванова")
    page = checkin(client, seminar, code=checkin_code(anna)).content.decode()
    assert 'class="checkin__scanned"' in page and anna.number in page
    page = checkin(client, seminar, code="not-a-ticket").content.decode()
    assert "Билет не найден" in page


def test_the_ticket_shows_a_qr_code_that_opens_checkin(client, seminar):
    anna = Registration.objects.get(name__startswith="Иванова")
    page = client.get(f"{seminar.url}registered/{anna.token}/").content.decode()
    assert re.search(r"<svg[^>]*class=\"segno\"", page)
    assert f"Билет № {anna.number}" in page


def test_certificates_of_those_present(client, users, seminar):
    client.force_login(users.municipal_editor)
    url = reverse("events_certificates", args=[seminar.pk])
    response = client.get(url)  # nobody marked yet: back to check-in with a message
    assert response.status_code == 302
    for person in Registration.objects.filter(status__in=["confirmed", "pending"]):
        mark(client, seminar, person)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 2
    texts = [page.extract_text() for page in pdf.pages]
    assert "Иванова Анна Петровна" in texts[0] and "Петров Пётр" in texts[1]
    assert all("СЕРТИФИКАТ" in text for text in texts)
    assert "Функциональная грамотность" in texts[0].replace("\n", " ")
    anna = Registration.objects.get(name__startswith="Иванова")
    assert anna.number in texts[0]


def test_an_attendee_downloads_their_own_certificate(client, seminar):
    anna = Registration.objects.get(name__startswith="Иванова")
    ticket = f"{seminar.url}registered/{anna.token}/"
    assert "Скачать сертификат" not in client.get(ticket).content.decode()
    assert client.get(ticket + "certificate/").status_code == 404
    anna.attended = True
    anna.save()
    assert "Скачать сертификат" in client.get(ticket).content.decode()
    response = client.get(ticket + "certificate/")
    assert response.status_code == 200
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Иванова Анна Петровна" in text


def test_only_organisers_of_the_territory(client, users, calendars, seminar):
    anna = Registration.objects.get(name__startswith="Иванова")
    other = make_event(calendars.mun_b, "Семинар района Б", registration_mode="open")
    client.force_login(users.municipal_editor)
    assert checkin(client, other).status_code in (302, 403)
    certificates = client.get(reverse("events_certificates", args=[other.pk]))
    assert certificates.status_code in (302, 403)
    assert certificates["Content-Type"] != "application/pdf"
    for user in (users.teacher, users.organisation_editor):
        client.force_login(user)
        assert checkin(client, seminar).status_code in (302, 403)
        assert mark(client, seminar, anna).status_code in (302, 403)
        anna.refresh_from_db()
        assert not anna.attended
    client.logout()
    assert checkin(client, seminar).status_code == 302  # to the login page
    client.force_login(users.regional_admin)
    assert checkin(client, seminar).status_code == 200


def test_checkin_queries_do_not_grow(
    client, users, seminar, django_assert_max_num_queries
):
    client.force_login(users.municipal_editor)
    checkin(client, seminar)
    with django_assert_max_num_queries(25) as few:
        checkin(client, seminar)
    for index in range(40):
        registration(seminar, f"Участник {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        checkin(client, seminar)


def test_event_buttons_and_the_export_by_event(client, users, calendars, seminar):
    client.force_login(users.municipal_editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[seminar.pk]))
    page = edit.content.decode()
    assert reverse("events_checkin", args=[seminar.pk]) in page
    assert reverse("events_certificates", args=[seminar.pk]) in page
    other = make_event(calendars.mun_a, "Другой семинар", registration_mode="open")
    registration(other, "Лебедева Ольга")
    url = reverse("wagtailsnippets_events_registration:list")
    response = client.get(url, {"event": seminar.pk, "export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    heading, *rows = rows
    assert "Статус" in heading and "Присутствовал(а)" in heading
    names = {row[1] for row in rows}
    assert "Лебедева Ольга" not in names and "Иванова Анна Петровна" in names
    status = heading.index("Статус")
    assert {row[status] for row in rows} >= {
        "Участие подтверждено",
        "Ожидает подтверждения организатора",
    }
    assert {row[heading.index("Присутствовал(а)")] for row in rows} == {"нет"}


def test_a_cancellation_meanwhile_is_not_undone_by_marking(client, users, seminar):
    from plugins.events.registration import cancel, decide

    client.force_login(users.municipal_editor)
    anna = Registration.objects.get(name__startswith="Иванова")
    stale = Registration.objects.get(pk=anna.pk)
    cancel(anna)
    decide(stale, None, True)  # what the check-in or admin form does with a stale copy
    anna.refresh_from_db()
    assert anna.status == "cancelled"
    cancelled = Registration.objects.get(name__startswith="Кузнецов")
    assert mark(client, seminar, cancelled).status_code == 404
    cancelled.refresh_from_db()
    assert not cancelled.attended


def test_the_qr_code_does_not_carry_the_ticket(client, users, seminar):
    anna = Registration.objects.get(name__startswith="Иванова")
    page = client.get(f"{seminar.url}registered/{anna.token}/").content.decode()
    assert str(anna.token) not in page.split("<svg", 1)[1].split("</svg>")[0]
    client.force_login(users.municipal_editor)
    page = checkin(client, seminar, code=str(anna.token)).content.decode()
    assert "Билет не найден" in page  # the ticket's token is not a check-in code
    page = checkin(client, seminar, code=checkin_code(anna)).content.decode()
    assert 'class="checkin__scanned"' in page


def test_odd_parameters_get_answers_not_errors(client, users, calendars, seminar):
    client.force_login(users.municipal_editor)
    url = reverse("wagtailsnippets_events_registration:list")
    for value in ("²", "9" * 30, "abc"):
        assert client.get(url, {"event": value}).status_code == 200
    anna = Registration.objects.get(name__startswith="Иванова")
    response = client.post(
        reverse("events_checkin_mark", args=[seminar.pk, anna.pk]),
        {"attended": "1", "q": "Smith & Co #1 a+b"},
    )
    assert response["Location"].endswith("?q=Smith+%26+Co+%231+a%2Bb")
    plan = client.get(calendars.mun_a.url + "plan/", {"year": "²⁰²⁶"})
    assert plan.status_code == 400
