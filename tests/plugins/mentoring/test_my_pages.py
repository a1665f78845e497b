"""«Моё наставничество»: where a teacher stands, the mentor's load and switch, the
requests in and out, the profile's activities, and bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plugins.mentoring import requests as flow
from plugins.mentoring.activities import person_activities
from plugins.mentoring.models import Mentor, MentoringNeed, PairRequest, PairStatus
from plugins.mentoring.pairing import close_pair
from tests.factories.core import PersonFactory, UserFactory

from .conftest import make_mentor, make_pair, signed_in, young_teacher

pytestmark = pytest.mark.django_db

MY = "/mentoring/my/"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(MY)
    assert response.status_code == 200
    return response.content.decode()


def test_the_url_name_and_login(client, users):
    assert reverse("mentoring:my") == MY
    response = client.get(MY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_account_without_a_person_gets_an_explanation(client, users):
    client.force_login(users.organisation_editor)
    response = client.get(MY)
    assert response.status_code == 404
    assert "не связана с карточкой педагога" in response.content.decode()


def test_a_young_teacher_without_a_mentor_sees_that_one_is_being_found(client, tree):
    young = young_teacher(tree.school_a)
    text = page(client, signed_in(young))
    assert "Нужен наставник — координатор подбирает" in text
    assert "Наставник назначен" not in text


def test_an_experienced_teacher_with_an_open_need_is_on_the_list_too(client, tree):
    teacher = PersonFactory(organisation=tree.school_a)
    user = signed_in(teacher)
    assert "Нужен наставник" not in page(client, user)
    MentoringNeed.objects.create(person=teacher, reason="attestation")
    assert "Нужен наставник — координатор подбирает" in page(client, user)


def test_a_sent_request_shows_its_deadline(client, tree):
    mentor = make_mentor(tree.school_a)
    young = young_teacher(tree.school_a)
    user = signed_in(young)
    row = flow.create_request(
        mentor=mentor, mentee=young, initiated_by=PairRequest.Side.MENTEE
    )
    text = page(client, user)
    deadline = row.deadline.strftime("%d.%m.%Y")
    assert (
        f"Запрос отправлен наставнику {mentor.person.full_name}, ответ до {deadline}"
        in text
    )
    assert reverse("mentoring:answer", args=[row.pk, "withdraw"]) in text
    assert reverse("mentoring:answer", args=[row.pk, "accept"]) not in text


def test_a_mentee_with_a_pair_sees_the_mentor_and_the_plan(client, tree):
    mentor = make_mentor(tree.school_a)
    young = young_teacher(tree.school_a)
    pair = make_pair(mentor, young)
    text = page(client, signed_in(young))
    assert f"Наставник назначен: {mentor.person.full_name}" in text
    assert "Нужен наставник" not in text
    assert reverse("mentoring:pair", args=[pair.pk]) in text
    assert pair.form.name in text
    assert "Действует" in text
    close_pair(pair, PairStatus.TERMINATED, reason="Переезд")
    text = page(client, young.user)
    assert "Наставник назначен" not in text
    assert "Прекращена досрочно" in text


def test_a_mentor_sees_load_pairs_and_incoming_requests(client, tree):
    mentor = make_mentor(tree.school_a, capacity=3)
    first, second = young_teacher(tree.school_a), young_teacher(tree.school_a)
    make_pair(mentor, first)
    asking = young_teacher(tree.school_a, last_name="Просителева")
    row = flow.create_request(
        mentor=mentor,
        mentee=asking,
        initiated_by=PairRequest.Side.MENTEE,
        message="Помогите подготовиться к ОГЭ",
    )
    text = page(client, signed_in(mentor.person))
    assert "Наставляемых: 1 из 3" in text
    assert first.full_name in text
    assert "Помогите подготовиться к ОГЭ" in text
    assert f"Ответить до {row.deadline:%d.%m.%Y}" in text
    assert reverse("mentoring:answer", args=[row.pk, "accept"]) in text
    assert reverse("mentoring:answer", args=[row.pk, "decline"]) in text
    # The offer list holds colleagues who need a mentor, not those asked already.
    offer = text[text.index('id="offer"') :]
    assert second.full_name in offer
    assert "Просителева" not in offer.split("</select>")[0]


def test_a_co_mentor_sees_the_team_pair(client, tree):
    mentor = make_mentor(tree.school_a)
    helper = make_mentor(tree.school_a)
    young = young_teacher(tree.school_a)
    pair = make_pair(mentor, young, co_mentors=[helper.person])
    text = page(client, signed_in(helper.person))
    assert "в команде наставника" in text
    assert reverse("mentoring:pair", args=[pair.pk]) in text


def test_the_mentor_switches_accepting(client, tree):
    mentor = make_mentor(tree.school_a)
    client.force_login(signed_in(mentor.person))
    response = client.post(MY, {"action": "accepting", "accepting": "0"})
    assert response.status_code == 302
    assert not Mentor.objects.get(pk=mentor.pk).accepting
    text = client.get(MY).content.decode()
    assert "Новые запросы к вам больше не принимаются." in text
    client.post(MY, {"action": "accepting", "accepting": "1"})
    assert Mentor.objects.get(pk=mentor.pk).accepting
    bad = client.post(MY, {"action": "accepting", "accepting": "maybe"}, follow=True)
    assert "Выберите значение из списка." in bad.content.decode()


def test_a_teacher_who_is_no_mentor_cannot_post_mentor_steps(client, tree):
    young = young_teacher(tree.school_a)
    client.force_login(signed_in(young))
    response = client.post(
        MY, {"action": "offer", "offer-mentee": young.pk}, follow=True
    )
    assert "Это действие вам недоступно." in response.content.decode()
    assert not PairRequest.objects.exists()


def test_expired_requests_are_shown_as_such(client, tree):
    mentor = make_mentor(tree.school_a)
    young = young_teacher(tree.school_a)
    row = flow.create_request(
        mentor=mentor, mentee=young, initiated_by=PairRequest.Side.MENTEE
    )
    PairRequest.objects.filter(pk=row.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    text = page(client, signed_in(young))
    row.refresh_from_db()
    assert row.status == PairRequest.Status.EXPIRED
    assert "Запрос отправлен" not in text
    assert "истёк срок ответа" in text


def test_profile_activities_name_both_sides_with_the_plan(tree):
    mentor = make_mentor(tree.school_a)
    young = young_teacher(tree.school_a, last_name="Юнова")
    pair = make_pair(mentor, young)
    as_mentor = person_activities(mentor.person)
    assert len(as_mentor) == 1
    assert as_mentor[0].kind == "Наставник"
    assert young.short_name in as_mentor[0].title
    assert as_mentor[0].url == reverse("mentoring:pair", args=[pair.pk])
    assert as_mentor[0].start == pair.start_date
    as_mentee = person_activities(young)
    assert as_mentee[0].kind == "Наставляемый(ая)"
    assert f"наставник {mentor.person.short_name}" in as_mentee[0].title
    assert person_activities(PersonFactory(organisation=tree.school_a)) == []


def test_profile_shows_mentoring_activities(client, tree):
    mentor = make_mentor(tree.school_a)
    young = young_teacher(tree.school_a)
    pair = make_pair(mentor, young)
    client.force_login(signed_in(young))
    text = client.get(reverse("my_profile")).content.decode()
    assert reverse("mentoring:pair", args=[pair.pk]) in text


def test_my_page_queries_do_not_grow(client, tree, django_assert_max_num_queries):
    mentor = make_mentor(tree.school_a, capacity=30)
    user = signed_in(mentor.person)

    def add(n):
        for _ in range(n):
            make_pair(mentor, young_teacher(tree.school_a))
            young_teacher(tree.school_a)  # on the offer list
            asking = young_teacher(tree.school_b)
            flow.create_request(
                mentor=mentor, mentee=asking, initiated_by=PairRequest.Side.MENTEE
            )

    add(2)
    page(client, user)
    with django_assert_max_num_queries(40) as few:
        page(client, user)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = page(client, user)
    assert "Наставляемых: 10 из 30" in text


def test_profile_links_to_my_mentoring(client, tree):
    """«Мой профиль» lists «Моё наставничество» through the portal_profile_links hook."""

    user = UserFactory(username="profile-owner")
    user.save()
    tree.person_a.user = user
    tree.person_a.save()
    client.force_login(user)
    html = client.get("/profile/").content.decode()
    assert 'href="/mentoring/my/"' in html
    assert "Моё наставничество" in html
