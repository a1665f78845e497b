"""Requests for a pair: asking a mentor, offering mentoring, accepting (a pair is
registered and the need closed), declining, withdrawing, expiry, capacity, duplicates,
e-mails."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from plugins.mentoring import requests as flow
from plugins.mentoring.models import MentoringNeed, Pair, PairRequest
from plugins.mentoring.needs import needs_mentor
from portal.core.models import Person
from tests.factories.core import PersonFactory, UserFactory

from .conftest import make_mentor, make_pair, mentoring_form, young_teacher

pytestmark = pytest.mark.django_db

Status = PairRequest.Status


def signed_in(person, email=True):
    user = UserFactory()
    user.save()
    person.user = user
    if email:
        person.email = f"{user.username}@school.example"
    person.save()
    return user


@pytest.fixture
def people(tree):
    class People:
        pass

    p = People()
    p.mentor = make_mentor(tree.school_a, capacity=1)
    p.mentor_user = signed_in(p.mentor.person)
    p.mentee = young_teacher(tree.school_a, last_name="Новикова")
    p.mentee_user = signed_in(p.mentee)
    mentoring_form("young-specialist")
    mentoring_form("competence")
    return p


@pytest.fixture(autouse=True)
def committed(monkeypatch, django_capture_on_commit_callbacks):
    """Run the e-mails queued with ``transaction.on_commit`` as a real commit would:
    every view call and ``create_request`` below runs inside this capture."""

    def wrap(function):
        def run(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return function(*args, **kwargs)

        return run

    monkeypatch.setattr(flow, "create_request", wrap(flow.create_request))
    monkeypatch.setattr(flow, "answer", wrap(flow.answer))
    return wrap


def ask(client, mentor, **data):
    return client.post(reverse("mentoring:request", args=[mentor.pk]), data)


def act(client, row, action, **data):
    return client.post(reverse("mentoring:answer", args=[row.pk, action]), data)


def test_a_mentee_asks_a_mentor_and_the_mentor_is_told(client, people):
    client.force_login(people.mentee_user)
    page = client.get(reverse("mentoring:request", args=[people.mentor.pk]))
    assert page.status_code == 200
    assert "Отправить запрос" in page.content.decode()
    response = ask(client, people.mentor, message="Хочу освоить ФГОС")
    assert response.status_code == 302
    row = PairRequest.objects.get()
    assert (row.mentee, row.mentor, row.initiated_by, row.status) == (
        people.mentee,
        people.mentor,
        PairRequest.Side.MENTEE,
        Status.PENDING,
    )
    assert row.deadline == timezone.localdate() + datetime.timedelta(days=7)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [people.mentor.person.email]
    assert "Хочу освоить ФГОС" in sent.body
    assert row.deadline.strftime("%d.%m.%Y") in sent.body
    assert reverse("mentoring:my") in sent.body


def test_a_second_pending_request_is_refused_in_russian(client, people):
    client.force_login(people.mentee_user)
    ask(client, people.mentor)
    again = ask(client, people.mentor, message="Ещё раз")
    assert again.status_code == 200
    assert "уже есть запрос, который ждёт ответа" in again.content.decode()
    assert PairRequest.objects.count() == 1
    with pytest.raises(flow.RequestError, match="ждёт ответа"):
        flow.create_request(
            mentor=people.mentor,
            mentee=people.mentee,
            initiated_by=PairRequest.Side.MENTEE,
        )


def test_a_mentor_who_is_not_accepting_or_full_gets_no_request(client, people, tree):
    client.force_login(people.mentee_user)
    people.mentor.accepting = False
    people.mentor.save()
    page = ask(client, people.mentor)
    assert "не принимает новых наставляемых" in page.content.decode()
    people.mentor.accepting = True
    people.mentor.save()
    make_pair(people.mentor, young_teacher(tree.school_a))
    page = ask(client, people.mentor)
    assert "нет свободных мест" in page.content.decode()
    assert not PairRequest.objects.exists()


def test_the_request_form_shows_only_public_mentors_or_colleagues(client, people, tree):
    far = make_mentor(tree.school_b)
    client.force_login(people.mentee_user)
    assert client.get(reverse("mentoring:request", args=[far.pk])).status_code == 404
    assert ask(client, far).status_code == 404
    far.person.public_consent = True
    far.person.public_fields = ["name"]
    far.person.save()
    assert client.get(reverse("mentoring:request", args=[far.pk])).status_code == 200
    assert client.get(reverse("mentoring:request", args=[99999])).status_code == 404
    client.logout()
    response = client.get(reverse("mentoring:request", args=[far.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_accepting_registers_the_pair_and_closes_the_need(client, people):
    MentoringNeed.objects.create(person=people.mentee, reason="new_staff")
    row = flow.create_request(
        mentor=people.mentor,
        mentee=people.mentee,
        initiated_by=PairRequest.Side.MENTEE,
        message="Помогите с уроками",
    )
    mail.outbox.clear()
    client.force_login(people.mentee_user)
    # The one who asked cannot accept their own request.
    assert act(client, row, "accept").status_code == 404
    client.force_login(people.mentor_user)
    response = act(client, row, "accept", answer="Жду в четверг")
    pair = Pair.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:pair", args=[pair.pk])
    row.refresh_from_db()
    assert (row.status, row.pair, row.answer) == (
        Status.ACCEPTED,
        pair,
        "Жду в четверг",
    )
    assert list(pair.mentees.all()) == [people.mentee]
    assert pair.organisation == people.mentee.organisation
    assert pair.form.code == "young-specialist"
    assert pair.goal == "Помогите с уроками"
    assert hasattr(pair, "plan")
    assert MentoringNeed.objects.get().closed_at is not None
    assert not needs_mentor(Person.objects.filter(pk=people.mentee.pk)).exists()
    assert [m.to for m in mail.outbox] == [[people.mentee.email]]
    assert "Жду в четверг" in mail.outbox[0].body
    assert reverse("mentoring:pair", args=[pair.pk]) in mail.outbox[0].body
    # Answered once: a second answer is refused.
    response = act(client, row, "decline")
    assert response.status_code == 302
    assert "уже дан ответ" in client.get(reverse("mentoring:my")).content.decode()


def test_an_experienced_teacher_gets_the_competence_form(people, tree):
    colleague = PersonFactory(organisation=tree.school_a)
    row = flow.create_request(
        mentor=people.mentor,
        mentee=colleague,
        initiated_by=PairRequest.Side.MENTEE,
    )
    flow.answer(row, flow.ACCEPT, people.mentor.person)
    assert Pair.objects.get().form.code == "competence"


def test_decline_and_withdraw(client, people, tree):
    row = flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )
    mail.outbox.clear()
    client.force_login(people.mentor_user)
    assert act(client, row, "withdraw").status_code == 404  # not the initiator
    act(client, row, "decline", answer="Нет мест в расписании")
    row.refresh_from_db()
    assert (row.status, row.answer) == (Status.DECLINED, "Нет мест в расписании")
    assert not Pair.objects.exists()
    assert mail.outbox[0].to == [people.mentee.email]
    assert "отклонил(а)" in mail.outbox[0].body

    second = flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )
    mail.outbox.clear()
    client.force_login(people.mentee_user)
    response = act(client, second, "withdraw")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Status.WITHDRAWN
    assert mail.outbox == []


def test_strangers_and_get_requests_are_refused(client, people, tree, users):
    row = flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )
    url = reverse("mentoring:answer", args=[row.pk, "accept"])
    client.force_login(people.mentor_user)
    assert client.get(url).status_code == 405
    assert act(client, row, "explode").status_code == 404
    client.force_login(users.teacher)
    assert act(client, row, "accept").status_code == 404
    client.force_login(users.organisation_editor)  # no Person: still not a side
    assert act(client, row, "decline").status_code == 404
    client.logout()
    assert act(client, row, "accept").status_code == 302
    row.refresh_from_db()
    assert row.status == Status.PENDING


def test_a_request_expires_after_its_deadline(client, people):
    row = flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )
    today = timezone.localdate()
    assert flow.expire_requests(row.deadline) == 0  # answering on the last day is fine
    PairRequest.objects.filter(pk=row.pk).update(
        deadline=today - datetime.timedelta(days=1)
    )
    client.force_login(people.mentor_user)
    act(client, row, "accept")
    row.refresh_from_db()
    assert row.status == Status.EXPIRED
    assert not Pair.objects.exists()
    assert (
        "Срок ответа на запрос истёк"
        in client.get(reverse("mentoring:my")).content.decode()
    )
    # The mentee may ask again after the expiry.
    flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )


def test_the_cron_command_expires_requests(people):
    row = flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )
    later = row.deadline + datetime.timedelta(days=1)
    call_command("mentoring", "expire-requests", "--date", row.deadline.isoformat())
    row.refresh_from_db()
    assert row.status == Status.PENDING
    call_command("mentoring", "expire-requests", "--date", later.isoformat())
    row.refresh_from_db()
    assert row.status == Status.EXPIRED


def test_capacity_full_on_accept_leaves_the_request_pending(client, people, tree):
    row = flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )
    make_pair(people.mentor, young_teacher(tree.school_a))  # the coordinator was faster
    client.force_login(people.mentor_user)
    response = act(client, row, "accept")
    assert response.status_code == 302
    page = client.get(reverse("mentoring:my")).content.decode()
    assert "нет свободных мест" in page
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.pair is None
    assert Pair.objects.filter(mentees=people.mentee).count() == 0


def test_a_mentor_offers_mentoring_to_a_colleague_who_needs_it(client, people, tree):
    settled = PersonFactory(organisation=tree.school_a, last_name="Опытнова")
    far = young_teacher(tree.school_b)
    client.force_login(people.mentor_user)
    page = client.get(reverse("mentoring:my")).content.decode()
    assert "Новикова" in page  # young, no mentor: on the list
    for person in (settled, far):
        response = client.post(
            reverse("mentoring:my"),
            {"action": "offer", "offer-mentee": person.pk},
        )
        assert response.status_code == 200
        assert "нельзя предложить наставничество" in response.content.decode()
    response = client.post(
        reverse("mentoring:my"),
        {
            "action": "offer",
            "offer-mentee": people.mentee.pk,
            "offer-message": "Давайте",
        },
    )
    assert response.status_code == 302
    row = PairRequest.objects.get()
    assert row.initiated_by == PairRequest.Side.MENTOR
    assert mail.outbox[-1].to == [people.mentee.email]
    assert "предлагает вам наставничество" in mail.outbox[-1].body
    mail.outbox.clear()
    client.force_login(people.mentee_user)
    act(client, row, "accept")
    row.refresh_from_db()
    assert row.status == Status.ACCEPTED
    assert mail.outbox[0].to == [people.mentor.person.email]
    assert "принял(а) ваше предложение" in mail.outbox[0].body


def test_no_email_address_is_not_an_error(client, people, tree):
    quiet = young_teacher(tree.school_a)
    user = signed_in(quiet, email=False)
    user.email = ""
    user.save()
    client.force_login(user)
    ask(client, people.mentor)
    row = PairRequest.objects.get()
    client.force_login(people.mentor_user)
    act(client, row, "accept")
    row.refresh_from_db()
    assert row.status == Status.ACCEPTED
    assert len(mail.outbox) == 1  # only the mentor's notice of the request


def test_the_deadline_follows_the_plugin_setting(people, settings):
    settings.PORTAL_MENTORING_REQUEST_DAYS = 3
    row = flow.create_request(
        mentor=people.mentor, mentee=people.mentee, initiated_by=PairRequest.Side.MENTEE
    )
    assert row.deadline == timezone.localdate() + datetime.timedelta(days=3)
