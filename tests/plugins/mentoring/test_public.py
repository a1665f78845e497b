"""Public mentoring pages: the mentors' registry (territory, consent, filters, counts,
pages, queries), a mentor's card, a programme's page and the section panel. Nothing
personal beyond what the person chose; never a pair or a mentee."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from plugins.mentoring.models import (
    MentoringProgrammePage,
    MentorRegistryPage,
    MentorStatus,
    PairStatus,
)
from portal.core.levels import EducationStage
from portal.core.models import Competence, Subject
from tests.factories.core import OrganisationFactory, PersonFactory

from .conftest import make_mentor, make_pair, mentoring_form, young_teacher

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def names(response) -> list[str]:
    return [h.get_text(strip=True) for h in soup(response).select(".mentor-card h2")]


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def public(mentor, fields=("name", "position", "organisation")):
    person = mentor.person
    person.public_consent = True
    person.public_fields = list(fields)
    person.email, person.phone = "secret-mail@example.org", "+7 900 555-66-77"
    person.save()
    return mentor


def mentor(organisation, last_name, consent=True, **fields):
    made = make_mentor(organisation, **fields)
    made.person.last_name = last_name
    made.person.save()
    return public(made) if consent else made


@pytest.fixture
def registry(tree) -> MentorRegistryPage:
    return publish(
        tree.region_page, MentorRegistryPage(title="Реестр наставников", slug="mentors")
    )


@pytest.fixture
def spread(tree):
    """Mentors in both municipalities; some may not be shown."""
    maths = Subject.objects.get_or_create(name="Математика")[0]
    physics = Subject.objects.get_or_create(name="Физика")[0]
    assessment = Competence.objects.get(code="assessment")
    shown_a = mentor(
        tree.school_a, "Абрамова", subjects=[maths], competences=[assessment],
        education_stages=[EducationStage.BASIC], about="Двадцать лет в профессии",
    )  # fmt: skip
    shown_b = mentor(
        tree.school_b, "Борисова", subjects=[physics],
        education_stages=[EducationStage.SECONDARY],
    )  # fmt: skip
    hidden = mentor(tree.school_a, "Скрытова", consent=False, subjects=[maths])
    paused = mentor(tree.school_a, "Отдыхаева", status=MentorStatus.PAUSED)
    nameless = public(
        make_mentor(tree.school_a), fields=("position", "organisation")
    )  # consent, but no name
    return {
        "a": shown_a, "b": shown_b, "hidden": hidden, "paused": paused,
        "nameless": nameless, "maths": maths, "physics": physics,
        "assessment": assessment,
    }  # fmt: skip


def test_registry_lists_consenting_active_mentors_of_its_territory(
    client, tree, registry, spread
):
    mun_b = publish(
        tree.mun_b_page, MentorRegistryPage(title="Наставники района Б", slug="mentors")
    )
    page = client.get(registry.url)
    assert sorted(names(page)) == sorted(
        [spread["a"].person.full_name, spread["b"].person.full_name]
    )
    assert names(client.get(mun_b.url)) == [spread["b"].person.full_name]
    html = page.content.decode()
    assert "Скрытова" not in html and "Отдыхаева" not in html
    assert spread["nameless"].person.last_name not in html
    assert "secret-mail@example.org" not in html and "555-66-77" not in html
    assert "1975" not in html  # birth dates never


def test_filters_narrow_the_list_and_count_their_options(client, registry, spread):
    maths, physics = spread["maths"], spread["physics"]
    page = soup(client.get(registry.url))
    subject = page.find("select", attrs={"name": "subject"})
    options = {o["value"]: o.get_text() for o in subject.find_all("option")}
    assert str(maths.pk) in options and str(physics.pk) in options
    assert names(client.get(registry.url, {"subject": maths.pk})) == [
        spread["a"].person.full_name
    ]
    assert names(client.get(registry.url, {"competence": spread["assessment"].pk})) == [
        spread["a"].person.full_name
    ]
    assert names(client.get(registry.url, {"stage": EducationStage.SECONDARY})) == [
        spread["b"].person.full_name
    ]
    # Full: no free places, so not «принимает наставляемых».
    full = spread["b"]
    full.capacity = 1
    full.save()
    make_pair(full, young_teacher(full.person.organisation))
    accepting = names(client.get(registry.url, {"accepting": "on"}))
    assert accepting == [spread["a"].person.full_name]
    # A mentee's name never reaches the registry.
    mentee = full.pairs.get().mentees.get()
    assert mentee.last_name not in client.get(registry.url).content.decode()
    # Unknown values filter nothing and break nothing.
    assert len(names(client.get(registry.url, {"subject": "999999"}))) == 2


def test_stage_options_carry_counts(client, registry, spread):
    page = soup(client.get(registry.url))
    stage = page.find("select", attrs={"name": "stage"})
    values = [o["value"] for o in stage.find_all("option")]
    # Only the stages some mentor works at, after «all».
    assert values == ["", EducationStage.BASIC, EducationStage.SECONDARY]


def test_card_shows_public_fields_and_the_request_button(
    client, users, registry, spread
):
    shown = spread["a"]
    url = f"{registry.url}{shown.pk}/"
    page = client.get(url)
    html = page.content.decode()
    assert shown.person.full_name in html
    assert "Математика" in html and "Двадцать лет в профессии" in html
    assert "Основное общее образование" in html
    assert "secret-mail@example.org" not in html and "1975" not in html
    request_url = reverse("mentoring:request", args=[shown.pk])
    assert request_url not in html and "/accounts/login/?next=" in html
    client.force_login(users.teacher)
    html = client.get(url).content.decode()
    assert f'href="{request_url}"' in html and "Попросить стать наставником" in html


def test_card_is_404_for_hidden_paused_or_foreign_mentors(client, tree, spread):
    mun_a = publish(
        tree.mun_a_page, MentorRegistryPage(title="Наставники района А", slug="mentors")
    )
    for key in ("hidden", "paused", "nameless", "b"):
        response = client.get(f"{mun_a.url}{spread[key].pk}/")
        assert response.status_code == 404, key
    assert client.get(f"{mun_a.url}{spread['a'].pk}/").status_code == 200
    assert client.get(f"{mun_a.url}999999/").status_code == 404


def test_registry_queries_do_not_grow_with_mentors(client, tree, registry):
    maths = Subject.objects.get_or_create(name="Математика")[0]
    competences = list(Competence.objects.all()[:3])
    schools = [tree.school_a, tree.school_b]
    made = 0

    def count(total):
        nonlocal made
        while made < total:
            m = mentor(
                schools[made % 2], f"Наставникова{made}", subjects=[maths],
                competences=competences[: 1 + made % 3],
                education_stages=[EducationStage.BASIC],
            )  # fmt: skip
            if made % 3 == 0:
                make_pair(m, young_teacher(m.person.organisation))
            made += 1
        client.get(registry.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                registry.url, {"subject": maths.pk, "accepting": "on"}
            )
        assert response.status_code == 200
        return len(queries)

    with override_settings(PORTAL_MENTORING_PAGE_SIZE=50):
        assert count(3) == count(15)


def test_pages_are_paginated(client, tree, registry):
    for n in range(5):
        mentor(tree.school_a, f"Постраничная{n}")
    with override_settings(PORTAL_MENTORING_PAGE_SIZE=2):
        first = names(client.get(registry.url))
        third = names(client.get(registry.url, {"page": 3}))
    assert len(first) == 2 and len(third) == 1


@pytest.fixture
def programme(tree):
    coordinator = PersonFactory(organisation=tree.school_a, last_name="Кураторова")
    page = MentoringProgrammePage(
        title="Школа молодого педагога",
        slug="programme",
        intro="Программа наставничества школы",
        coordinator=coordinator,
        start_date=datetime.date(2025, 9, 1),
    )
    page = publish(tree.school_a_page, page)
    page.mentoring_forms.set([mentoring_form()])
    page.save_revision().publish()
    return page


def test_programme_page_gives_numbers_not_people(client, tree, registry, programme):
    shown = mentor(tree.school_a, "Открытова")
    hidden = mentor(tree.school_a, "Закрытова", consent=False)
    mentees = [young_teacher(tree.school_a, last_name=f"Молодцова{i}") for i in (1, 2)]
    make_pair(shown, mentees[0], programme=programme)
    make_pair(hidden, mentees[1], programme=programme)
    make_pair(
        mentor(tree.school_a, "Бывшева", consent=False),
        young_teacher(tree.school_a),
        programme=programme,
        status=PairStatus.COMPLETED,
    )
    page = soup(client.get(programme.url))
    html = str(page)
    facts = dict(
        zip(
            [dt.get_text(strip=True) for dt in page.select(".details dt")],
            [dd.get_text(strip=True) for dd in page.select(".details dd")],
            strict=False,
        )
    )
    assert facts["Действующих пар и групп"] == "2"
    assert facts["Наставников в парах"] == "2"
    assert facts["Наставляемых"] == "2"
    assert mentoring_form().name in html
    assert "Кураторова" not in html  # no consent
    assert "Молодцова" not in html and "Закрытова" not in html
    assert "Открытова" in html  # a consenting mentor with free places
    assert f"{registry.url}{shown.pk}/" in html
    coordinator = programme.coordinator
    coordinator.public_consent, coordinator.public_fields = True, ["name"]
    coordinator.save()
    assert "Кураторова" in client.get(programme.url).content.decode()


def test_section_panel_links_the_registry_and_counts_accepting_mentors(
    client, tree, registry, programme
):
    mentor(tree.school_a, "Панельная")
    mentor(tree.school_b, "Другая")
    page = client.get(tree.school_a_page.url).content.decode()
    assert "Наставничество" in page and "Школа молодого педагога" in page
    assert registry.url in page
    assert "Принимает наставляемых 1 наставник" in page
    region = client.get(tree.region_page.url).content.decode()
    assert "Принимают наставляемых наставников: 2" in region


def test_section_panel_queries_do_not_grow(client, tree, registry):
    other = OrganisationFactory(municipality=tree.mun_a)

    def count(n):
        for i in range(n):
            mentor(other, f"Панелева{n}-{i}")
        client.get(tree.region_page.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(tree.region_page.url)
        return len(queries)

    assert count(2) == count(10)
