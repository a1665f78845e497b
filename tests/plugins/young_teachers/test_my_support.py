"""«Моя поддержка»: a young teacher sees where they stand — young until when, every
support from every source, what is next, whom to ask when there is none; others get
a kind explanation; the «Мой профиль» link only for those it concerns."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from plugins.young_teachers.models import YoungTeacherCard
from portal.core.young import years_before
from tests.factories.core import PersonFactory, UserFactory

from .conftest import support, veteran, young_section, young_teacher

pytestmark = pytest.mark.django_db
URL = "/young-teachers/my/"


def today():
    return timezone.localdate()


def account(username):
    user = UserFactory(username=username)
    user.save()  # the factory sets the password after creating the row
    return user


def signed_in(client, person):
    user = account(f"user{person.pk}")
    person.user = user
    person.save()
    client.force_login(user)
    return user


def page(client) -> BeautifulSoup:
    response = client.get(URL)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def status(soup) -> str:
    return soup.select_one("#status").get_text(" ", strip=True)


def test_url_name_and_login_required(client):
    assert reverse("young_teachers:my") == URL
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_account_without_a_person_card_is_told_so(client, tree):
    client.force_login(account("lonely"))
    response = client.get(URL)
    assert response.status_code == 404
    assert "не связана с карточкой педагога" in response.content.decode()


def test_not_a_young_teacher_gets_a_kind_explanation(client, tree):
    person = veteran(tree.school_a)
    signed_in(client, person)
    soup = page(client)
    body = soup.get_text(" ", strip=True)
    assert "до 35 лет" in body and "отмечать ничего не нужно" in body
    assert "Вы были молодым педагогом до 31 августа 1996" in body
    assert soup.select_one("#status") is None  # no status page of support
    client.logout()
    late = PersonFactory(
        organisation=tree.school_a, birth_date=datetime.date(1980, 1, 1),
        career_start_date=years_before(today(), 1),
    )  # fmt: skip
    signed_in(client, late)  # started teaching at 45: never a young teacher
    assert "не относитесь к молодым педагогам" in page(client).get_text(" ")


def test_explanation_names_the_reason(client, tree):
    on = today()
    former = young_teacher(
        tree.school_a, birth_date=years_before(on, 30),
        career_start_date=years_before(on, 4),
    )  # fmt: skip
    signed_in(client, former)
    until = former.young_until
    body = page(client).get_text(" ", strip=True)
    assert "Вы были молодым педагогом до" in body and str(until.year) in body
    client.logout()
    unknown = PersonFactory(organisation=tree.school_a, birth_date=None)
    signed_in(client, unknown)
    assert "не указаны ваша дата рождения" in page(client).get_text(" ", strip=True)
    client.logout()
    left = young_teacher(tree.school_a, on=on)
    YoungTeacherCard.objects.create(
        person=left, left_on=on - datetime.timedelta(days=3), left_reason="profession"
    )
    signed_in(client, left)
    assert "отмечено выбытие" in page(client).get_text(" ", strip=True)


def test_no_support_yet_points_to_the_nearest_methodist(client, tree):
    person = young_teacher(tree.school_a, on=today())
    methodist = PersonFactory(
        organisation=tree.school_a, last_name="Методистова", position="методист ММС",
        public_consent=True, public_fields=["name", "position"],
        email="hidden@example.org",
    )  # fmt: skip
    young_section(tree.region_page, contact_email="region@example.org")
    young_section(
        tree.mun_a_page, methodist=methodist, contact_email="mun@example.org",
        contact_phone="+7 800 000-00-01",
    )  # fmt: skip
    signed_in(client, person)
    soup = page(client)
    line = status(soup)
    assert "Вы — молодой педагог до" in line
    assert str(person.young_until.year) in line
    assert "Пока нет ни одной формы поддержки — обратитесь к методисту:" in line
    assert "Методистова" in line and "методист ММС" in line
    assert "mun@example.org" in line and "+7 800 000-00-01" in line
    assert "region@example.org" not in line and "hidden@example.org" not in line
    assert "нет действующих форм поддержки" in soup.select_one("#now").get_text()


def test_a_methodist_without_consent_is_left_out_of_the_message(client, tree):
    person = young_teacher(tree.school_b, on=today())
    hidden = PersonFactory(organisation=tree.school_b, last_name="Скрытная")
    young_section(tree.region_page, methodist=hidden, contact_email="r@example.org")
    signed_in(client, person)
    line = status(page(client))
    assert "Скрытная" not in line and "r@example.org" in line


def test_every_support_is_listed_with_what_is_next(client, tree, other_plugin):
    on = today()
    person = young_teacher(tree.school_a, on=on, last_name="Клубная")
    support(
        person, "contests", start=on - datetime.timedelta(days=20),
        title="Конкурс «Педагогический дебют»", organiser=tree.regional_org,
        end_date=on + datetime.timedelta(days=60),
    )  # fmt: skip
    support(
        person, "network-support", start=on + datetime.timedelta(days=14),
        title="Школа молодого педагога",
    )  # fmt: skip
    support(
        person, "leisure", start=on - datetime.timedelta(days=200),
        end_date=on - datetime.timedelta(days=100), title="Педагогический квиз",
    )  # fmt: skip
    someone = young_teacher(tree.school_a, on=on)
    support(someone, "expert-support", start=on, title="Чужая консультация")
    young_section(tree.region_page)
    signed_in(client, person)
    soup = page(client)
    now = soup.select_one("#now").get_text(" ", strip=True)
    assert (
        "Конкурс «Педагогический дебют»" in now and "Профессиональные конкурсы" in now
    )
    assert "ЦНППМ" in now
    # Another plugin's source true for this person, with the form it counts as.
    assert other_plugin.source_title in now and "Объединения (ассоциации)" in now
    assert "Форм поддержки сейчас: 2" in status(soup)
    assert "Пока нет ни одной формы" not in status(soup)
    nxt = soup.select_one("#next").get_text(" ", strip=True)
    assert "Школа молодого педагога" in nxt and "Скоро начнётся" in nxt
    assert "Моё наставничество (тест)" in nxt  # a profile link of the other plugin
    assert other_plugin.panel_name in nxt  # its panel for young teachers
    assert soup.select_one('#next a[href="/fake/my/"]') is not None
    assert soup.select_one(f'#next a[href="{URL}"]') is None  # not a link to itself
    assert "Педагогический квиз" in soup.select_one("#past").get_text()
    assert "Чужая консультация" not in soup.get_text()


def test_without_the_other_plugin_only_own_records_count(client, tree):
    person = young_teacher(tree.school_a, on=today(), last_name="Клубная")
    signed_in(client, person)
    soup = page(client)
    assert "Пока нет ни одной формы поддержки" in status(soup)
    assert "тестовый плагин" not in soup.get_text()
    assert soup.select_one('a[href="/fake/my/"]') is None


def test_a_former_young_teacher_with_records_sees_them(client, tree):
    on = today()
    former = young_teacher(
        tree.school_a, birth_date=years_before(on, 36),
        career_start_date=years_before(on, 2),
    )  # fmt: skip
    support(
        former, start=on - datetime.timedelta(days=400),
        end_date=on - datetime.timedelta(days=300), title="Программа адаптации",
    )  # fmt: skip
    signed_in(client, former)
    soup = page(client)
    assert "Вы были молодым педагогом до" in status(soup)
    assert "Пока нет ни одной формы" not in status(soup)
    assert "Программа адаптации" in soup.select_one("#past").get_text()


def test_profile_link_only_for_those_it_concerns(client, tree):
    from portal.extensions.hooks import profile_links

    def titles(person):
        return [link.title for link in profile_links(person)]

    young = young_teacher(tree.school_a, on=today())
    old = veteran(tree.school_a)
    assert "Моя поддержка" in titles(young)
    assert "Моя поддержка" not in titles(old)
    support(old, start=today() - datetime.timedelta(days=400))
    assert "Моя поддержка" in titles(old)
    left = young_teacher(tree.school_a, on=today())
    YoungTeacherCard.objects.create(person=left, left_on=today(), left_reason="region")
    assert "Моя поддержка" not in titles(left)
    signed_in(client, young)
    profile = client.get(reverse("my_profile")).content.decode()
    assert f'href="{URL}"' in profile and "Моя поддержка" in profile


def test_my_support_runs_a_fixed_number_of_queries(
    client, tree, other_plugin, django_assert_max_num_queries
):
    on = today()
    person = young_teacher(tree.school_a, on=on)
    young_section(tree.mun_a_page)
    signed_in(client, person)
    support(person, start=on)
    client.get(URL)
    with django_assert_max_num_queries(40) as few:
        page(client)
    for n in range(10):
        support(
            person, "contests", start=on - datetime.timedelta(days=n),
            organiser=tree.regional_org, title=f"Конкурс {n}",
            end_date=on + datetime.timedelta(days=n),
        )  # fmt: skip
        support(person, "leisure", start=on + datetime.timedelta(days=5 + n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        soup = page(client)
    assert "Конкурс 9" in soup.get_text()
