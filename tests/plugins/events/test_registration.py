"""Registration: modes, consent, duplicates, capacity and the waiting list, e-mails,
cancellation by link, and two people racing for the last seat (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from plugins.events.models import Registration
from plugins.events.registration import RegistrationClosed, register

from .conftest import make_event

pytestmark = pytest.mark.django_db


def form(name="Иванова Мария Петровна", email="ivanova@example.org", **extra):
    data = {
        "name": name,
        "email": email,
        "organisation_name": "МБОУ СОШ № 1",
        "position": "учитель математики",
        "consent": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def webinar(calendars):
    return make_event(
        calendars.region,
        "Вебинар по наставничеству",
        registration_mode="open",
        online_url="https://example.org/room-42",
    )


def test_open_registration_confirms_at_once_and_mails(client, post, webinar):
    response = post(webinar.url + "register/", form())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"registered/{registration.token}/")
    assert registration.status == "confirmed" and registration.consent_at
    (message,) = mail.outbox
    assert message.subject == "Вы зарегистрированы: Вебинар по наставничеству"
    assert message.to == ["ivanova@example.org"]
    assert str(registration.token) in message.body
    ticket = client.get(response["Location"]).content.decode()
    assert "Участие подтверждено" in ticket
    assert "example.org/room-42" in ticket  # the link, for confirmed participants
    assert "example.org/room-42" not in client.get(webinar.url).content.decode()
    assert "Иванова" not in client.get(webinar.url).content.decode()


def test_consent_is_required_and_duplicates_are_refused(client, post, webinar):
    response = post(webinar.url + "register/", form(consent=""))
    assert response.status_code == 200
    assert (
        "Без согласия на обработку данных регистрация невозможна."
        in response.content.decode()
    )
    assert not Registration.objects.exists()
    post(webinar.url + "register/", form())
    again = post(webinar.url + "register/", form(email="IVANOVA@example.org "))
    assert again.status_code == 200
    assert "Этот e-mail уже зарегистрирован на мероприятие." in again.content.decode()
    assert Registration.objects.count() == 1


def test_waiting_list_moves_up_when_someone_cancels(client, post, webinar):
    webinar.capacity = 1
    webinar.save_revision().publish()
    first = post(webinar.url + "register/", form())
    post(webinar.url + "register/", form("Петров Пётр", "petrov@example.org"))
    petrov = Registration.objects.get(email="petrov@example.org")
    assert petrov.status == "waitlist"
    assert mail.outbox[-1].subject == "Вы в листе ожидания: Вебинар по наставничеству"
    page = client.get(webinar.url).content.decode()
    assert "Все места заняты" in page and "Записаться в лист ожидания" in page
    mail.outbox.clear()
    token = first["Location"].rstrip("/").split("/")[-1]
    assert client.get(f"{webinar.url}cancel/{token}/").status_code == 405  # POST only
    cancelled = post(f"{webinar.url}cancel/{token}/")
    assert "Отменена участником" in client.get(cancelled["Location"]).content.decode()
    petrov.refresh_from_db()
    assert petrov.status == "confirmed"
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Освободилось место: Вебинар по наставничеству",
        "Регистрация отменена: Вебинар по наставничеству",
    ]
    assert client.get(f"{webinar.url}registered/{petrov.token}/").status_code == 200
    other = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"{webinar.url}registered/{other}/").status_code == 404


def test_moderated_registration_waits_for_the_organiser(client, post, calendars):
    event = make_event(calendars.mun_a, "Стажировка", registration_mode="moderated")
    post(event.url + "register/", form())
    assert Registration.objects.get().status == "pending"
    assert mail.outbox[0].subject == "Заявка принята: Стажировка"


def test_closed_registration(client, post, calendars):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    event = make_event(
        calendars.region,
        "Конференция",
        registration_mode="open",
        registration_closes=past,
    )
    page = client.get(event.url).content.decode()
    assert "Регистрация закрыта." in page and 'name="consent"' not in page
    response = post(event.url + "register/", form())
    assert "Регистрация на это мероприятие закрыта." in response.content.decode()
    assert not Registration.objects.exists() and not mail.outbox


def test_signed_in_teacher_registers_with_the_profile(
    client, post, users, tree, webinar
):
    client.force_login(users.teacher)
    page = client.get(webinar.url).content.decode()
    assert tree.person_a.full_name in page  # filled in from the profile
    post(webinar.url + "register/", form(tree.person_a.full_name, "t@example.org"))
    registration = Registration.objects.get()
    assert (registration.user, registration.person) == (users.teacher, tree.person_a)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's"
)
def test_two_people_never_both_get_the_last_seat(calendars):
    event = make_event(
        calendars.region, "Семинар", registration_mode="open", capacity=1
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(number):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            registration = register(
                event,
                {"name": f"Участник {number}", "email": f"p{number}@example.org"},
            )
            outcomes.append(registration.status)
        except RegistrationClosed as error:  # pragma: no cover - not expected
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["confirmed", "waitlist"]


def test_reminders_the_day_before_once(calendars):
    from io import StringIO

    from django.core.management import call_command

    soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=20)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=5)
    tomorrow = make_event(
        calendars.region, "Завтрашний семинар", start=soon, registration_mode="open"
    )
    next_week = make_event(
        calendars.region, "Через неделю", start=later, registration_mode="open"
    )
    register(tomorrow, {"name": "Иванова", "email": "i@example.org"})
    register(next_week, {"name": "Иванова", "email": "i@example.org"})
    waiting = register(tomorrow, {"name": "Петров", "email": "p@example.org"})
    Registration.objects.filter(pk=waiting.pk).update(status="waitlist")
    mail.outbox.clear()
    out = StringIO()
    call_command("events", "remind", stdout=out)
    assert "Отправлено напоминаний: 1" in out.getvalue()
    (message,) = mail.outbox
    assert message.subject == "Напоминание: Завтрашний семинар"
    assert message.to == ["i@example.org"]
    call_command("events", "remind", stdout=StringIO())
    assert len(mail.outbox) == 1  # once
