"""The public section «Молодым педагогам»: programmes, the methodist's contacts only with
consent, other plugins' panels, aggregate numbers (never a name, never a share of a
tiny group), a fixed number of queries; the programme page; the section panel."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories.core import OrganisationFactory, PersonFactory

from .conftest import (
    support,
    support_programme,
    veteran,
    young_section,
    young_teacher,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(response) -> str:
    return BeautifulSoup(html(response), "html.parser").get_text(" ", strip=True)


def today():
    return timezone.localdate()


def methodist(organisation, consent=True, fields=("name", "position")):
    return PersonFactory(
        organisation=organisation, last_name="Методистова", first_name="Ольга",
        position="методист ЦНППМ", public_consent=consent, public_fields=list(fields),
        email="methodist-private@example.org", phone="+7 900 111-22-33",
    )  # fmt: skip


def cohort(tree, covered: int, bare: int, prefix="Молодая"):
    """Young teachers in the region's two schools, `covered` of them with a record.
    They consented to publication: still never named on a public page."""
    made = []
    for n in range(covered + bare):
        school = tree.school_a if n % 2 else tree.school_b
        person = young_teacher(
            school, on=today(), last_name=f"{prefix}{n}", public_consent=True,
            public_fields=["name", "position", "organisation"],
            email=f"young{n}@example.org",
        )  # fmt: skip
        if n < covered:
            support(person, start=today() - datetime.timedelta(days=10))
        made.append(person)
    return made


def test_section_shows_programmes_contacts_and_aggregate_numbers_only(client, tree):
    section = young_section(
        tree.region_page, intro="Поддержка в первые годы работы",
        methodist=methodist(tree.regional_org), contact_email="young@cnppm.example.org",
        contact_phone="+7 (800) 555-35-35",
    )  # fmt: skip
    support_programme(
        section, forms=("network-support", "continuous-education"),
        title="Школа молодого педагога", intro="Занятия раз в месяц",
        organiser=tree.regional_org, start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 5, 31),
    )  # fmt: skip
    people = cohort(tree, covered=3, bare=3)
    veteran(tree.school_a)  # not a young teacher: not counted
    page = text(client.get(section.url))
    assert "Поддержка в первые годы работы" in page
    assert "Школа молодого педагога" in page and "Занятия раз в месяц" in page
    assert "Сетевое сопровождение адаптации" in page and "ЦНППМ" in page
    assert "с 1 сентября 2026 по 31 мая 2027" in page
    # The methodist as they chose to be shown; the page's contacts, not the person's.
    assert "Методистова Ольга" in page and "методист ЦНППМ" in page
    assert "young@cnppm.example.org" in page and "+7 (800) 555-35-35" in page
    assert "methodist-private@example.org" not in page and "111-22-33" not in page
    # Numbers: six young teachers, half of them covered — and not one name.
    soup = BeautifulSoup(html(client.get(section.url)), "html.parser")
    assert soup.select_one(".young-teachers__count").get_text(strip=True) == "6"
    assert soup.select_one(".young-teachers__share").get_text(strip=True) == "50\xa0%"
    for person in people:
        assert person.last_name not in page
        assert person.email not in page
        assert person.birth_date.strftime("%d.%m.%Y") not in page


def test_methodist_without_consent_is_not_shown(client, tree):
    section = young_section(
        tree.mun_a_page, methodist=methodist(tree.school_a, consent=False)
    )
    page = text(client.get(section.url))
    assert "Методистова" not in page
    assert "Контакты ответственного методиста пока не опубликованы" in page


def test_territory_counts_only_its_people_and_hides_a_tiny_groups_share(client, tree):
    cohort(tree, covered=6, bare=0)  # three in each municipality
    section = young_section(tree.mun_a_page)
    soup = BeautifulSoup(html(client.get(section.url)), "html.parser")
    assert soup.select_one(".young-teachers__count").get_text(strip=True) == "3"
    assert soup.select_one(".young-teachers__share") is None  # 3 < SMALL_GROUP
    assert "слишком мало" in soup.get_text()
    region = young_section(tree.region_page, slug="young-region")
    soup = BeautifulSoup(html(client.get(region.url)), "html.parser")
    assert soup.select_one(".young-teachers__share").get_text(strip=True) == "100\xa0%"


def test_leavers_and_ended_support_are_not_counted(client, tree):
    from plugins.young_teachers.models import YoungTeacherCard

    people = cohort(tree, covered=2, bare=4)
    ended = people[2]
    support(
        ended, start=today() - datetime.timedelta(days=100),
        end_date=today() - datetime.timedelta(days=1),
    )  # fmt: skip
    YoungTeacherCard.objects.create(
        person=people[5], left_on=today() - datetime.timedelta(days=5),
        left_reason="region",
    )  # fmt: skip
    section = young_section(tree.region_page)
    soup = BeautifulSoup(html(client.get(section.url)), "html.parser")
    assert soup.select_one(".young-teachers__count").get_text(strip=True) == "5"
    assert soup.select_one(".young-teachers__share").get_text(strip=True) == "40\xa0%"


def test_other_plugins_panels_and_sources_enrich_the_section(
    client, tree, other_plugin
):
    cohort(tree, covered=1, bare=4)
    young_teacher(tree.school_a, on=today(), last_name="Клубная")  # fake source
    section = young_section(tree.region_page)
    soup = BeautifulSoup(html(client.get(section.url)), "html.parser")
    titles = [h.get_text(strip=True) for h in soup.select(".panel__title")]
    assert "Объединения молодых педагогов" in titles
    assert other_plugin.panel_name in soup.get_text()
    assert soup.select_one(".young-teachers__count").get_text(strip=True) == "6"
    assert soup.select_one(".young-teachers__share").get_text(strip=True) == "33\xa0%"
    assert "Клубная" not in soup.get_text()


def test_unpublished_programmes_are_not_listed(client, tree):
    section = young_section(tree.region_page)
    draft = support_programme(section, title="Черновая программа", slug="draft")
    draft.unpublish()
    support_programme(section, title="Программа адаптации", slug="adaptation")
    page = text(client.get(section.url))
    assert "Программа адаптации" in page and "Черновая программа" not in page


def test_section_runs_a_fixed_number_of_queries(
    client, tree, other_plugin, django_assert_max_num_queries
):
    section = young_section(tree.region_page, methodist=methodist(tree.regional_org))
    for n in range(2):
        support_programme(section, forms=("network-support",), slug=f"p{n}")
    cohort(tree, covered=2, bare=2)
    client.get(section.url)  # warm caches (site root, theme)
    with django_assert_max_num_queries(40) as few:
        html(client.get(section.url))
    for n in range(2, 10):
        support_programme(
            section, forms=("network-support", "contests"), slug=f"p{n}",
            organiser=OrganisationFactory(municipality=tree.mun_a),
        )  # fmt: skip
    cohort(tree, covered=15, bare=15, prefix="Другая")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = html(client.get(section.url))
    assert page.count('class="card young-programme"') == 10


def test_programme_page_shows_forms_organiser_period_and_contacts(client, tree):
    section = young_section(tree.region_page, contact_email="young@cnppm.example.org")
    programme = support_programme(
        section, forms=("associations", "leisure"), title="Клуб молодых педагогов",
        intro="Встречи дважды в месяц", organiser=tree.regional_org,
        start_date=datetime.date(2026, 9, 1),
        body=[("paragraph", "<p>Квизы и мастерские</p>")],
    )  # fmt: skip
    page = text(client.get(programme.url))
    assert "Клуб молодых педагогов" in page and "Встречи дважды в месяц" in page
    assert "Объединения (ассоциации) молодых педагогов" in page
    assert "Интеллектуальный досуг" in page
    assert "ЦНППМ" in page and "с 1 сентября 2026" in page
    assert "Квизы и мастерские" in page
    assert "young@cnppm.example.org" in page
    assert "Завершена" not in page
    programme.end_date = today() - datetime.timedelta(days=1)
    programme.save_revision().publish()
    assert "Завершена" in text(client.get(programme.url))


def test_section_page_panel_links_the_young_section_with_its_share(client, tree):
    assert "Молодым педагогам" not in text(client.get(tree.region_page.url))
    section = young_section(tree.region_page, intro="Поддержка молодых учителей")
    support_programme(section)
    cohort(tree, covered=4, bare=1)
    soup = BeautifulSoup(html(client.get(tree.region_page.url)), "html.parser")
    panel = next(
        p for p in soup.select(".panel") if "Молодым педагогам" in p.get_text()
    )
    assert panel.select_one(f'a[href="{section.url}"]') is not None
    assert panel.select_one(".young-teachers__count").get_text(strip=True) == "5"
    assert panel.select_one(".young-teachers__share").get_text(strip=True) == "80\xa0%"
    assert "Молодая" not in panel.get_text()
    # A municipality without a section of its own shows no panel.
    assert "Молодым педагогам" not in text(client.get(tree.mun_b_page.url))
