"""«Мой маршрут»: a teacher's diagnostics and routes with progress, building a route
from a diagnostic (ranked offers, the top one ticked, the tutor), adopting a typical
route, the profile links, and bounded queries."""

import pytest
from django.urls import reverse

from plugins.iom.models import (
    CourseCompletion,
    DiagnosticScore,
    Route,
    RouteCatalogPage,
    RouteStep,
    RouteTemplatePage,
    RouteTemplateStep,
)
from plugins.iom.my_views import profile_links
from portal.core.models import CompetenceArea, PersonRole
from tests.factories.core import PersonFactory

from .conftest import competence, diagnostic, programme, route
from .test_route_page import days, text_of

pytestmark = pytest.mark.django_db

MY = "/iom/my/"


def propose_url(item) -> str:
    return reverse("iom:propose", args=[item.pk])


@pytest.fixture
def teacher(tree, users):
    """The signed-in teacher of school A (``users.teacher``) with a diagnostic."""
    literacy = competence("functional-literacy")
    found = diagnostic(tree.person_a, literacy, competence("assessment"),
                       title="Диагностика дефицитов учителей математики")  # fmt: skip
    DiagnosticScore.objects.create(
        diagnostic=found, area=CompetenceArea.objects.get(code="methodological"),
        score=42, level=DiagnosticScore.Level.DEFICIT,
    )  # fmt: skip
    return {"person": tree.person_a, "user": users.teacher, "diagnostic": found}


def test_login_and_an_account_without_a_person(client, users):
    """Anonymous: the login page; an account without a registry card: why not."""
    assert reverse("iom:my") == MY
    assert client.get(MY)["Location"].startswith(reverse("login"))
    client.force_login(users.organisation_editor)
    response = client.get(MY)
    assert response.status_code == 404
    assert "не связана с карточкой педагога" in response.content.decode()


def test_the_teacher_sees_their_diagnostic_and_the_build_button(client, teacher):
    client.force_login(teacher["user"])
    text = text_of(client.get(MY))
    found = teacher["diagnostic"]
    for expected in (found.date.strftime("%d.%m.%Y"), "ЦНППМ",
                     "Диагностика дефицитов учителей математики", "42,0 %", "Дефицитный",
                     competence("functional-literacy").name, competence("assessment").name,
                     "Построить маршрут", propose_url(found)):  # fmt: skip
        assert expected in text, expected


def test_routes_show_status_progress_and_overdue_steps(client, teacher, tree):
    item = route(
        teacher["person"],
        {"status": "done"}, {"planned_end": days(-3)}, {"status": "skipped"},
        diagnostic=teacher["diagnostic"], status=Route.Status.IN_PROGRESS,
    )  # fmt: skip
    other = route(tree.person_b, {"title": "Чужой шаг"})
    client.force_login(teacher["user"])
    text = text_of(client.get(MY))
    assert reverse("iom:route", args=[item.pk]) in text
    assert reverse("iom:route", args=[other.pk]) not in text
    assert "Выполняется" in text and "Выполнено шагов: 1 из 2" in text
    assert "1 шаг просрочен" in text
    assert propose_url(teacher["diagnostic"]) not in text  # it has its route


def test_a_team_members_route_is_listed_too(client, teacher, tree):
    head = PersonFactory(organisation=tree.school_a, last_name="Директорова")
    item = route(head, {"title": "Шаг команды"}, title="Маршрут управленческой команды")
    item.team.add(teacher["person"])
    client.force_login(teacher["user"])
    text = text_of(client.get(MY))
    assert "Маршрут управленческой команды" in text and "Директорова" in text


def test_a_completed_course_shows_as_progress_on_my_page(client, teacher):
    course = programme(competence("functional-literacy"))
    item = route(teacher["person"], {"kind": "programme", "programme": course,
                                     "source_key": f"iom:programme:{course.pk}"},
                 status=Route.Status.AGREED)  # fmt: skip
    CourseCompletion.objects.create(person=teacher["person"], programme=course,
                                    completed_on=days(-2))  # fmt: skip
    client.force_login(teacher["user"])
    text = text_of(client.get(MY))
    assert "Выполнено шагов: 1 из 1" in text
    assert Route.objects.get(pk=item.pk).status == Route.Status.COMPLETED


# «Построить маршрут» ----------------------------------------------------------------


def test_the_proposal_ranks_offers_and_ticks_the_top_one(client, teacher):
    literacy = competence("functional-literacy")
    regional = programme(literacy, title="Региональный курс", hours=16)
    federal = programme(literacy, title="Курс из реестра", in_federal_registry=True)
    client.force_login(teacher["user"])
    text = text_of(client.get(propose_url(teacher["diagnostic"])))
    assert text.index("Курс из реестра") < text.index("Региональный курс")
    assert "Программа из федерального реестра" in text  # the reasons are shown
    assert f'value="iom:programme:{federal.pk}" checked' in text
    assert f'value="iom:programme:{regional.pk}">' in text  # not ticked
    assert competence("assessment").name in text
    assert "Подходящих предложений в каталогах пока нет" in text  # assessment


def test_building_a_route_from_the_ticked_offers(client, teacher, tree):
    literacy = competence("functional-literacy")
    first = programme(literacy, title="Курс из реестра", in_federal_registry=True)
    second = programme(literacy, title="Региональный курс")
    tutor = PersonFactory(organisation=tree.regional_org, last_name="Методистова")
    tutor.roles.add(PersonRole.objects.get(code="tutor"))
    client.force_login(teacher["user"])
    assert "Методистова" in text_of(client.get(propose_url(teacher["diagnostic"])))
    response = client.post(
        propose_url(teacher["diagnostic"]),
        {"keys": [f"iom:programme:{second.pk}"], "tutor": tutor.pk},
    )
    item = Route.objects.get(owner=teacher["person"])
    assert response.status_code == 302
    assert response["Location"] == reverse("iom:route", args=[item.pk])
    assert (item.status, item.tutor, item.diagnostic) == (
        Route.Status.DRAFT,
        tutor,
        teacher["diagnostic"],
    )
    assert list(item.steps.values_list("programme", flat=True)) == [second.pk]
    assert set(item.deficits.all()) == set(teacher["diagnostic"].deficits.all())
    assert first.pk  # offered, not chosen
    again = client.post(propose_url(teacher["diagnostic"]), {"keys": []})
    assert again["Location"] == reverse("iom:route", args=[item.pk])
    assert Route.objects.filter(owner=teacher["person"]).count() == 1


def test_bad_proposal_input_gets_russian_errors(client, teacher):
    stranger = PersonFactory()  # not a tutor of the teacher's region
    client.force_login(teacher["user"])
    text = text_of(
        client.post(
            propose_url(teacher["diagnostic"]),
            {"keys": ["iom:programme:999999"], "tutor": stranger.pk},
        )
    )
    assert "Одно из предложений больше недоступно" in text
    assert "Выберите тьютора из списка." in text
    assert not Route.objects.exists()


def test_someone_elses_diagnostic_is_404(client, teacher, tree):
    foreign = diagnostic(tree.person_b, competence("assessment"))
    client.force_login(teacher["user"])
    assert client.get(propose_url(foreign)).status_code == 404
    assert client.post(propose_url(foreign), {}).status_code == 404
    assert not Route.objects.exists()


# Typical route adoption -------------------------------------------------------------


@pytest.fixture
def typical(tree):
    catalogue = RouteCatalogPage(title="Типовые маршруты", slug="routes")
    tree.region_page.add_child(instance=catalogue)
    page = RouteTemplatePage(title="Молодой учитель: первые шаги", slug="first-steps",
                             target_group="молодые учителя")  # fmt: skip
    catalogue.add_child(instance=page)
    page.deficits.add(competence("discipline"))
    RouteTemplateStep.objects.create(page=page, title="Вести дневник урока",
                                     kind="self_study", learning_form="informal",
                                     deficit=competence("discipline"), hours=8)  # fmt: skip
    page.save_revision().publish()
    return RouteTemplatePage.objects.get(pk=page.pk)


def test_adopting_a_typical_route(client, teacher, typical):
    adopt = reverse("iom:adopt", args=[typical.pk])
    assert adopt == f"/iom/my/adopt/{typical.pk}/"
    assert client.post(adopt)["Location"].startswith(reverse("login"))
    client.force_login(teacher["user"])
    assert client.get(adopt).status_code == 405
    response = client.post(adopt)
    item = Route.objects.get(owner=teacher["person"])
    assert response["Location"] == reverse("iom:route", args=[item.pk])
    assert item.template_id == typical.pk
    assert list(item.steps.values_list("title", "hours")) == [
        ("Вести дневник урока", 8)
    ]
    assert client.post(adopt)["Location"] == response["Location"]  # not twice
    assert Route.objects.count() == 1
    assert client.post(reverse("iom:adopt", args=[999999])).status_code == 404


# Profile links and queries ----------------------------------------------------------


def test_profile_links(teacher, tree):
    assert [link.url for link in profile_links(tree.person_b)] == []
    assert [link.title for link in profile_links(teacher["person"])] == ["Мой маршрут"]
    tutor = PersonFactory(organisation=tree.school_a)
    route(tree.person_b, tutor=tutor)
    links = profile_links(tutor)
    assert [(link.title, link.url) for link in links] == [
        ("Мой маршрут", MY),
        ("Маршруты моих педагогов", "/iom/caseload/"),
    ]


def test_the_profile_page_links_to_my_route(client, teacher):
    client.force_login(teacher["user"])
    assert f'href="{MY}"' in text_of(client.get(reverse("my_profile")))


def test_my_page_reads_a_bounded_number_of_queries(
    client, teacher, django_assert_max_num_queries
):
    person = teacher["person"]
    client.force_login(teacher["user"])

    def add(start, n):
        for i in range(start, start + n):
            found = diagnostic(person, competence("assessment"), date=days(-100 - i),
                               source="self")  # fmt: skip
            route(
                person, {"planned_end": days(-1)}, {"status": "done"}, diagnostic=found
            )

    add(0, 2)
    client.get(MY)
    with django_assert_max_num_queries(40) as small:
        text_of(client.get(MY))
    add(2, 18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert text_of(client.get(MY)).count("Выполнено шагов: 1 из 2") == 20
    assert RouteStep.objects.count() == 40
