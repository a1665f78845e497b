"""Registration «с согласованием руководителя»: the head of the participant's
organisation gets a link of their own, agrees or declines; the seat is held meanwhile."""

import pytest
from django.core import mail

from plugins.events.models import Registration

from .conftest import make_event
from .test_registration import form

pytestmark = pytest.mark.django_db


@pytest.fixture
def internship(calendars):
    return make_event(
        calendars.region,
        "Стажировка в базовой школе",
        registration_mode="head",
        capacity=1,
    )


def test_head_agrees_and_the_participant_is_confirmed(client, post, internship):
    page = client.get(internship.url).content.decode()
    assert "E-mail руководителя" in page
    response = post(
        internship.url + "register/", form(head_email="Director@School1.example.org")
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "head" and registration.holds_seat
    assert registration.head_email == "director@school1.example.org"
    assert registration.head_token and registration.head_token != registration.token
    to_head, to_participant = sorted(
        mail.outbox, key=lambda m: m.to != ["director@school1.example.org"]
    )
    assert (
        to_head.subject == "Согласование участия сотрудника: Стажировка в базовой школе"
    )
    assert str(registration.head_token) in to_head.body
    assert str(registration.token) not in to_head.body  # the head cannot cancel
    assert "Иванова Мария Петровна" in to_head.body
    assert (
        to_participant.subject
        == "Заявка направлена руководителю: Стажировка в базовой школе"
    )
    assert (
        str(registration.head_token) not in to_participant.body
    )  # nor approve oneself
    # The participant's own link does not open the head's page.
    assert client.get(f"{internship.url}head/{registration.token}/").status_code == 404
    head_page = f"{internship.url}head/{registration.head_token}/"
    assert "Согласовать участие" in client.get(head_page).content.decode()
    mail.outbox.clear()
    response = post(head_page, {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert "Участие согласовано" in response.content.decode()
    (message,) = mail.outbox
    assert (
        message.subject == "Руководитель согласовал участие: Стажировка в базовой школе"
    )
    # A second click changes nothing.
    mail.outbox.clear()
    post(head_page, {"decision": "reject"})
    registration.refresh_from_db()
    assert registration.status == "confirmed" and not mail.outbox


def test_head_declines_and_the_seat_goes_to_the_waiting_list(client, post, internship):
    post(internship.url + "register/", form(head_email="head@a.example.org"))
    post(
        internship.url + "register/",
        form(
            name="Петров Пётр",
            email="petrov@example.org",
            head_email="head@b.example.org",
        ),
    )
    first, second = Registration.objects.order_by("pk")
    assert (first.status, second.status) == ("head", "waitlist")
    assert second.head_token is None  # no request to a head before a seat is free
    mail.outbox.clear()
    post(f"{internship.url}head/{first.head_token}/", {"decision": "reject"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "rejected"
    assert (
        second.status == "head" and second.head_token
    )  # promoted: their head is asked
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Освободилось место: Стажировка в базовой школе",
        "Руководитель не согласовал участие: Стажировка в базовой школе",
        "Согласование участия сотрудника: Стажировка в базовой школе",
    ]
    to_head = next(m for m in mail.outbox if m.to == ["head@b.example.org"])
    assert str(second.head_token) in to_head.body


def test_the_head_email_is_required_and_not_ones_own(client, post, internship):
    response = post(internship.url + "register/", form())
    assert response.status_code == 200
    assert "Требуется заполнить это поле" in response.content.decode()
    response = post(
        internship.url + "register/", form(head_email="ivanova@example.org")
    )
    assert "а не свой" in response.content.decode()
    assert not Registration.objects.exists() and not mail.outbox


def test_signed_in_teacher_gets_the_school_email_suggested(
    client, users, tree, internship
):
    tree.school_a.email = "school1@example.org"
    tree.school_a.save()
    tree.person_a.organisation = tree.school_a
    tree.person_a.save()
    client.force_login(users.teacher)
    page = client.get(internship.url).content.decode()
    assert 'value="school1@example.org"' in page


def test_a_waiting_list_from_before_head_mode_goes_to_the_organiser(post, internship):
    from plugins.events.registration import cancel

    internship.registration_mode = "open"
    internship.save()
    post(internship.url + "register/", form())
    post(internship.url + "register/", form(name="Петров Пётр", email="p@example.org"))
    internship.registration_mode = "head"
    internship.save()
    first, second = Registration.objects.order_by("pk")
    assert second.status == "waitlist" and not second.head_email
    cancel(first)
    second.refresh_from_db()
    assert second.status == "pending" and second.head_token is None


def test_the_head_agrees_after_a_switch_to_moderation(post, internship):
    post(internship.url + "register/", form(head_email="head@a.example.org"))
    registration = Registration.objects.get()
    internship.registration_mode = "moderated"
    internship.save()
    post(f"{internship.url}head/{registration.head_token}/", {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == "pending"  # the organiser still decides


def test_the_consent_names_the_head(client, internship):
    page = client.get(internship.url).content.decode()
    assert "руководителю моей организации" in page
