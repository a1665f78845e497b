"""«Маршруты (ИОМ)» in the admin: the menu with the coverage list first, diagnostics
with their per-area results in one form, routes agreed by a coordinator with a tutor
from the region's methodists, steps and completed courses taking any programme of
the catalogue, the catalogue itself, Russian errors with nothing written, listings
narrowed to a person, and bounded listings and exports."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from plugins.iom.models import (
    CourseCompletion,
    Diagnostic,
    DiagnosticScore,
    Programme,
    Route,
    RouteStep,
)
from portal.core.models import CompetenceArea, PersonRole
from tests.factories.core import (
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
)

from .conftest import TODAY, competence, diagnostic, programme, route

pytestmark = pytest.mark.django_db

DIAGNOSTICS = "wagtailsnippets_iom_diagnostic"
ROUTES = "wagtailsnippets_iom_route"
STEPS = "wagtailsnippets_iom_routestep"
COMPLETIONS = "wagtailsnippets_iom_coursecompletion"
PROGRAMMES = "wagtailsnippets_iom_programme"
COVERAGE = "iom_coverage:index"


def menu(user) -> list[str]:
    """Labels of the «Маршруты (ИОМ)» submenu the user is shown, in order."""
    request = RequestFactory().get("/admin/")
    request.user = user
    group = next(
        item
        for item in admin_menu.menu_items_for_request(request)
        if item.name == "iom"
    )
    return [str(item.label) for item in group.menu.menu_items_for_request(request)]


def errors(response, field=None) -> str:
    form = response.context["form"]
    found = form.errors.get(field, []) if field else form.non_field_errors()
    return " ".join(str(e) for e in found)


def methodist(organisation, **fields):
    person = PersonFactory(organisation=organisation, **fields)
    role = PersonRole.objects.get_or_create(code="methodist", defaults={"name": "М"})
    person.roles.add(role[0])
    return person


def test_menu_has_the_coverage_list_first(client, users):
    assert menu(users.municipal_editor) == [
        "Охват: диагностика и маршруты",
        "Маршруты",
        "Шаги маршрутов",
        "Диагностика",
        "Пройденное обучение",
        "Программы ДПП",
    ]


# --- Diagnostics ---------------------------------------------------------------------


def diagnostic_data(person, **fields):
    data = {
        "person": person.pk,
        "date": "2026-10-05",
        "source": "cnppm",
        "title": "Диагностика учителей математики",
        "deficits": [competence("assessment").pk],
        "note": "",
    }
    data.update(fields)
    return data


def area(code):
    return CompetenceArea.objects.get(code=code)


def test_a_diagnostic_is_entered_with_its_results_per_area(client, users, tree):
    methodological, subject = area("methodological"), area("subject")
    client.force_login(users.municipal_editor)
    form = client.get(reverse(f"{DIAGNOSTICS}:add")).content.decode()
    assert f'name="scores-{subject.pk}-score"' in form
    data = diagnostic_data(
        tree.person_a,
        **{
            f"scores-{methodological.pk}-score": "45,55",
            f"scores-{methodological.pk}-level": "deficit",
            f"scores-{subject.pk}-level": "advanced",
        },
    )
    response = client.post(reverse(f"{DIAGNOSTICS}:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    found = Diagnostic.objects.get()
    assert (found.person, found.date, found.created_by) == (
        tree.person_a, dt.date(2026, 10, 5), users.municipal_editor,
    )  # fmt: skip
    assert [c.code for c in found.deficits.all()] == ["assessment"]
    scores = {s.area.code: (s.score, s.level) for s in found.scores.all()}
    assert scores == {
        "methodological": (Decimal("45.6"), "deficit"),
        "subject": (None, "advanced"),
    }

    # Editing shows the results and saves changes; an emptied row is removed.
    edit = reverse(f"{DIAGNOSTICS}:edit", args=[found.pk])
    assert 'value="45.6"' in client.get(edit).content.decode()
    data.update(
        {
            f"scores-{methodological.pk}-score": "70",
            f"scores-{methodological.pk}-level": "basic",
            f"scores-{subject.pk}-level": "",
        }
    )
    assert client.post(edit, data).status_code == 302
    scores = {s.area.code: (s.score, s.level) for s in found.scores.all()}
    assert scores == {"methodological": (Decimal("70.0"), "basic")}


@pytest.mark.parametrize("score", ["150", "abc", "NaN", "-1"])
def test_a_wrong_result_is_a_russian_error_and_nothing_is_written(
    client, users, tree, score
):
    methodological = area("methodological")
    client.force_login(users.organisation_editor)
    response = client.post(
        reverse(f"{DIAGNOSTICS}:add"),
        diagnostic_data(tree.person_a, **{f"scores-{methodological.pk}-score": score}),
    )
    assert response.status_code == 200
    assert "результат — число от 0 до 100 %" in errors(response, "scores")
    assert not Diagnostic.objects.exists() and not DiagnosticScore.objects.exists()


def test_a_second_diagnostic_of_the_same_day_and_source_is_refused(client, users, tree):
    diagnostic(tree.person_a, date=dt.date(2026, 10, 5))
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse(f"{DIAGNOSTICS}:add"), diagnostic_data(tree.person_a)
    )
    assert response.status_code == 200
    assert "уже существует" in str(response.context["form"].errors)
    assert Diagnostic.objects.count() == 1


def test_only_people_of_the_territory_are_diagnosed(client, users, tree):
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse(f"{DIAGNOSTICS}:add"), diagnostic_data(tree.person_b)
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Diagnostic.objects.exists()
    # ?person= preselects a person of the territory only.
    add = reverse(f"{DIAGNOSTICS}:add")
    form = client.get(f"{add}?person={tree.person_a.pk}").context["form"]
    assert form.initial["person"] == tree.person_a.pk
    form = client.get(f"{add}?person={tree.person_b.pk}").context["form"]
    assert "person" not in form.initial
    assert client.get(f"{add}?person=99999999999999999999").status_code == 200


# --- Routes and steps ----------------------------------------------------------------


def route_data(owner, **fields):
    data = {
        "owner": owner.pk,
        "title": "Мой маршрут",
        "diagnostic": "",
        "template": "",
        "deficits": [competence("assessment").pk],
        "goals": "Научиться оценивать",
        "tutor": "",
        "pace": "standard",
        "start_date": "2026-09-01",
        "end_date": "2027-05-31",
        "personal_resources": "",
        "school_context": "",
        "status": "draft",
        "completed_on": "",
    }
    data.update(fields)
    return data


def test_a_coordinator_agrees_a_route_with_a_regional_methodist(client, users, tree):
    regional = methodist(tree.regional_org, last_name="Методистова")
    elsewhere = methodist(
        OrganisationFactory(
            region=RegionFactory(name="Другая область"), municipality=None
        ),
        last_name="Чужеземцева",
    )
    colleague = PersonFactory(organisation=tree.school_a, last_name="Коллегова")
    found = diagnostic(tree.person_a)
    client.force_login(users.municipal_editor)
    form = client.get(reverse(f"{ROUTES}:add")).context["form"]
    tutors = form.fields["tutor"].queryset
    assert regional in tutors and elsewhere not in tutors
    assert "team" not in form.fields  # chosen among colleagues once saved

    data = route_data(
        tree.person_a, diagnostic=found.pk, tutor=regional.pk, status="agreed"
    )
    response = client.post(reverse(f"{ROUTES}:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    saved = Route.objects.get()
    assert (saved.tutor, saved.diagnostic, saved.status) == (regional, found, "agreed")
    assert saved.agreed_by == users.municipal_editor and saved.agreed_at is not None

    edit = reverse(f"{ROUTES}:edit", args=[saved.pk])
    team = client.get(edit).context["form"].fields["team"].queryset
    assert colleague in team and tree.person_b not in team
    assert tree.person_a not in team
    data.update(team=[colleague.pk], status="completed")
    assert client.post(edit, data).status_code == 302
    saved.refresh_from_db()
    assert list(saved.team.all()) == [colleague]
    assert saved.completed_on == dt.date.today()


def test_route_rules_are_russian_errors(client, users, tree):
    strangers = diagnostic(PersonFactory(organisation=tree.school_a))
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse(f"{ROUTES}:add"),
        route_data(tree.person_a, diagnostic=strangers.pk, end_date="2026-08-01"),
    )
    assert response.status_code == 200
    assert "диагностику владельца маршрута" in errors(response, "diagnostic")
    assert "Плановое окончание раньше начала." in errors(response, "end_date")
    tutor = methodist(tree.school_a)
    response = client.post(reverse(f"{ROUTES}:add"), route_data(tutor, tutor=tutor.pk))
    assert "собственный маршрут" in errors(response, "tutor")
    assert not Route.objects.exists()


def step_data(route_, **fields):
    data = {
        "route": route_.pk,
        "order": 0,
        "kind": "programme",
        "learning_form": "formal",
        "title": "Курс",
        "deficit": "",
        "programme": "",
        "hours": "",
        "url": "",
        "planned_start": "",
        "planned_end": "",
        "status": "planned",
        "done_on": "",
        "evidence": "",
        "recognised": "",
    }
    data.update(fields)
    return data


def test_a_step_takes_any_programme_and_records_done_and_recognition(
    client, users, tree
):
    federal = programme(title="Федеральная программа", in_federal_registry=True)
    own = route(tree.person_a, title="Маршрут")
    client.force_login(users.organisation_editor)
    add = reverse(f"{STEPS}:add")
    assert (
        client.get(f"{add}?route={own.pk}").context["form"].initial["route"] == own.pk
    )
    data = step_data(own, programme=federal.pk, status="done", recognised="on")
    response = client.post(add, data)
    assert response.status_code == 302, response.context["form"].errors
    step = RouteStep.objects.get()
    assert step.programme == federal
    assert step.done_on == dt.date.today()
    assert step.recognised_by == users.organisation_editor

    response = client.post(
        add,
        step_data(own, planned_start="2026-10-01", planned_end="2026-09-01",
                  done_on="2099-01-01"),
    )  # fmt: skip
    assert "Плановый срок раньше начала." in errors(response, "planned_end")
    assert "ещё не наступила" in errors(response, "done_on")
    other = route(tree.person_b)
    response = client.post(add, step_data(other))
    assert "route" in response.context["form"].errors
    assert RouteStep.objects.count() == 1


def test_a_completed_course_needs_a_programme_or_a_title(client, users, tree):
    federal = programme(hours=72, in_federal_registry=True)
    client.force_login(users.municipal_editor)
    data = {
        "person": tree.person_a.pk,
        "programme": "",
        "programme_title": "",
        "hours": "",
        "completed_on": "2026-06-01",
        "document_number": "",
    }
    response = client.post(reverse(f"{COMPLETIONS}:add"), data)
    assert response.status_code == 200
    assert "Выберите программу из каталога" in errors(response, "programme")
    data["programme"] = federal.pk
    assert client.post(reverse(f"{COMPLETIONS}:add"), data).status_code == 302
    saved = CourseCompletion.objects.get()
    assert (saved.programme, saved.hours, saved.source) == (federal, 72, "manual")


# --- Programmes ----------------------------------------------------------------------


def programme_data(**fields):
    data = {
        "title": "Оценивание образовательных результатов",
        "kind": "upskilling",
        "hours": 36,
        "provider": "",
        "provider_name": "",
        "region": "",
        "platform": "",
        "registry_url": "",
        "deficits": [competence("assessment").pk],
        "description": "",
        "enrolment_url": "",
        "published": "on",
        "cohorts": inline_formset(
            [
                {
                    "start_date": "2026-12-01",
                    "end_date": "",
                    "enrolment_closes": "",
                    "note": "Поток 1",
                }
            ]
        ),  # fmt: skip
    }
    data.update(fields)
    return nested_form_data(data)


def test_the_catalogue_takes_cohorts_and_keeps_federal_programmes_to_superusers(
    client, users, tree
):
    client.force_login(users.superuser)
    response = client.post(reverse(f"{PROGRAMMES}:add"), programme_data())
    assert response.status_code == 302, response.context["form"].errors
    federal = Programme.objects.get()
    assert federal.region is None
    assert [c.note for c in federal.cohorts.all()] == ["Поток 1"]

    client.force_login(users.regional_admin)
    response = client.post(reverse(f"{PROGRAMMES}:add"), programme_data())
    assert "федеральные программы вносит администратор" in errors(response, "region")
    response = client.post(
        reverse(f"{PROGRAMMES}:add"), programme_data(provider=tree.regional_org.pk)
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Programme.objects.get(provider=tree.regional_org).region == tree.region

    client.force_login(users.superuser)
    other = RegionFactory(name="Соседняя область")
    response = client.post(
        reverse(f"{PROGRAMMES}:add"),
        programme_data(region=other.pk, provider=tree.school_a.pk),
    )
    assert "из другого региона" in errors(response, "provider")
    assert Programme.objects.count() == 2


# --- Listings ------------------------------------------------------------------------


def test_listings_are_narrowed_to_a_person_or_a_route(client, users, tree):
    mine = route(tree.person_a, {"title": "Шаг А"})
    other_person = PersonFactory(organisation=tree.school_a)
    route(other_person, {"title": "Шаг Б"})
    diagnostic(tree.person_a)
    diagnostic(other_person)
    client.force_login(users.organisation_editor)
    for name, param, pk, count in (
        (ROUTES, "person", tree.person_a.pk, 1),
        (DIAGNOSTICS, "person", tree.person_a.pk, 1),
        (STEPS, "route", mine.pk, 1),
        (STEPS, "person", other_person.pk, 1),
        (ROUTES, "person", 99999999999999999999, 2),  # ignored, never a 500
    ):
        response = client.get(reverse(f"{name}:list"), {param: pk})
        assert response.status_code == 200
        assert len(response.context["object_list"]) == count, (name, param)
    html = client.get(reverse(f"{ROUTES}:list")).content.decode()
    assert f"{reverse(f'{STEPS}:list')}?route={mine.pk}" in html


def fill(school, n):
    person = PersonFactory(organisation=school)
    found = diagnostic(person, competence("assessment"))
    DiagnosticScore.objects.create(
        diagnostic=found, area=area("methodological"), score=50, level="basic"
    )
    owner_route = route(
        person, {"title": "Курс", "programme": programme(title=f"П{n}")},
        diagnostic=found, status="agreed", tutor=methodist(school),
    )  # fmt: skip
    owner_route.deficits.add(competence("assessment"))
    CourseCompletion.objects.create(
        person=person, programme_title="Курс", completed_on=TODAY
    )


@pytest.mark.parametrize("size", [2, 20])
def test_listings_and_exports_are_bounded(
    size, client, users, tree, django_assert_max_num_queries
):
    for n in range(size):
        fill(OrganisationFactory(municipality=tree.mun_a), n)
    client.force_login(users.municipal_editor)
    for name in (DIAGNOSTICS, ROUTES, STEPS, COMPLETIONS, PROGRAMMES):
        for query in ("", "?export=csv", "?export=xlsx"):
            client.get(reverse(f"{name}:list") + query)
            with django_assert_max_num_queries(30):
                response = client.get(reverse(f"{name}:list") + query)
            assert response.status_code == 200, (name, query)
    with django_assert_max_num_queries(30):
        assert client.get(reverse(COVERAGE)).status_code == 200


def test_the_diagnostic_export_lists_deficits_and_results(client, users, tree):
    fill(tree.school_a, 0)
    client.force_login(users.organisation_editor)
    response = client.get(reverse(f"{DIAGNOSTICS}:list") + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "Выявленные дефициты" in body and "Результаты по областям" in body
    assert competence("assessment").name in body
    assert f"{area('methodological').name}: 50.0 Базовый" in body
