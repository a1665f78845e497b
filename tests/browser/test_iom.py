"""In a real browser (Chromium): a teacher with an imported diagnostic opens «Мой
маршрут», builds the proposed route (a federal-registry programme and a seminar of the
district that closes the same deficit), registers for the seminar from the route; once
the organiser marks attendance the step shows as done. The tutor then finds the route
in their caseload, and the municipal office's dashboard shows the diagnosed share that
a plain count of the records gives."""

import datetime as dt

import pytest
from django.apps import apps

from .conftest import sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

if not apps.is_installed("plugins.iom"):
    pytest.skip("the routes plugin is not enabled", allow_module_level=True)


@pytest.fixture
def district(site_tree):
    """МБОУ СОШ № 1 of Бор: a teacher diagnosed by ЦНППМ (imported), two colleagues
    not diagnosed, a tutor of the region; a federal-registry programme and, when the
    events plugin is on, a seminar of the district, both on functional literacy."""
    import importlib

    from django.apps import apps as django_apps

    from plugins.iom.models import Programme
    from plugins.iom.resources import DiagnosticResource
    from portal.core.models import Competence, EditorRole, Organisation
    from tests.factories.core import PersonFactory, UserFactory, editor

    importlib.import_module("portal.core.migrations.0004_seed_competences").seed(
        django_apps, None
    )
    literacy = Competence.objects.get(code="functional-literacy")
    school = Organisation.objects.get(name="МБОУ СОШ № 1")
    people = {}
    for key, last, first, middle in (
        ("teacher", "Ковалёва", "Дарья", "Олеговна"),
        ("tutor", "Наставникова", "Елена", "Игоревна"),
        ("colleague1", "Лебедев", "Артём", "Олегович"),
        ("colleague2", "Соколова", "Ирина", "Петровна"),
    ):
        person = PersonFactory(
            organisation=school, last_name=last, first_name=first, middle_name=middle,
            position="учитель математики", email=f"{key}@example.org",
        )  # fmt: skip
        people[key] = person
    for key in ("teacher", "tutor"):
        user = UserFactory(username=f"iom-{key}", email=f"{key}@example.org")
        user.save()
        people[key].user = user
        people[key].save()

    programme = Programme.objects.create(
        title="Формирование функциональной грамотности обучающихся", hours=36,
        provider_name="Академия Минпросвещения России", in_federal_registry=True,
        registry_url="https://dppo.apkpro.ru/", distance=True,
    )  # fmt: skip
    programme.deficits.add(literacy)

    imported = import_diagnostics(DiagnosticResource, people["teacher"], school)
    assert imported == 1

    seminar = None
    if apps.is_installed("plugins.events"):
        seminar = seminar_of(site_tree["municipality"], literacy)
    editor(
        EditorRole.Role.MUNICIPAL_EDITOR,
        territory=site_tree["municipality"].territory,
        username="mmc",
    )
    return {"people": people, "programme": programme, "seminar": seminar}


def import_diagnostics(resource, person, school) -> int:
    """The diagnostic arrives the way ЦНППМ sends it: a spreadsheet row through the
    import pipeline, run by the regional centre's superuser."""
    from portal.imports.engine import run_import
    from portal.imports.readers import read_table
    from tests.factories.core import UserFactory
    from tests.imports.files import rows_xlsx

    centre = UserFactory(username="cnppm", is_superuser=True)
    centre.save()
    header = ["ФИО", "Организация", "Дата", "Кто проводил", "Процедура",
              "Методическая, %", "Дефициты"]  # fmt: skip
    row = [person.full_name, school.name, dt.date.today() - dt.timedelta(days=20),
           "ЦНППМ", "Диагностика профессиональных дефицитов", 38,
           "Формирование функциональной грамотности обучающихся"]  # fmt: skip
    table = read_table(rows_xlsx([header, row]), "diagnostics.xlsx")
    report = run_import(resource(), table, centre)
    assert not report.errors, report.errors
    return report.new


def seminar_of(municipality_page, literacy):
    import importlib

    from django.apps import apps as django_apps

    from plugins.events.models import EventCalendarPage, EventPage, EventType

    importlib.import_module("plugins.events.migrations.0002_seed_taxonomies").seed(
        django_apps, None
    )
    calendar = EventCalendarPage(title="Мероприятия", slug="meropriyatiya")
    municipality_page.add_child(instance=calendar)
    calendar.save_revision().publish()
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=5)
    seminar = EventPage(
        title="Семинар «Читательская грамотность на уроках математики»",
        slug="seminar-gramotnost", start=start, end=start + dt.timedelta(hours=3),
        event_format="in_person", event_type=EventType.objects.get(code="seminar"),
        registration_mode="open", capacity=30, venue="МБОУ СОШ № 1",
    )  # fmt: skip
    calendar.add_child(instance=seminar)
    seminar.competences.add(literacy)
    seminar.save_revision().publish()
    return seminar


def test_teacher_builds_a_route_attends_and_the_step_is_done(
    browser_page, district, artifacts_dir, site_tree
):
    from plugins.iom.models import Route, RouteStep

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    sign_in(page, "iom-teacher", "/iom/my/")
    assert "/iom/my/" in page.url
    assert "Формирование функциональной грамотности" in page.inner_text("main")
    page.screenshot(path=artifacts_dir / "iom-my-route.png", full_page=True)
    assert_accessible(page, "«Мой маршрут»")

    with page.expect_navigation():
        page.get_by_role("link", name="Построить маршрут").click()
    offers = page.locator("input[name=keys]")
    keys = [offers.nth(i).get_attribute("value") for i in range(offers.count())]
    programme = district["programme"]
    assert keys[0] == f"iom:programme:{programme.pk}"  # the federal registry first
    assert offers.first.is_checked()
    seminar = district["seminar"]
    if seminar is not None:
        assert f"events:event:{seminar.pk}" in keys
        page.locator(f"input[value='events:event:{seminar.pk}']").check()
    assert_accessible(page, "the proposed route")
    page.screenshot(path=artifacts_dir / "iom-proposal.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Построить маршрут").click()

    route = Route.objects.get(owner=district["people"]["teacher"])
    assert page.url.endswith(f"/iom/routes/{route.pk}/")
    assert route.status == Route.Status.DRAFT
    assert route.diagnostic is not None and route.diagnostic.imported
    if seminar is None:
        return

    step = RouteStep.objects.get(route=route, source_key=f"events:event:{seminar.pk}")
    assert step.status == RouteStep.Status.PLANNED
    with page.expect_navigation():
        page.locator(f"#step-{step.pk} h4 a").click()
    assert seminar.title in page.inner_text("h1")
    consent = page.locator("input[name=consent]")
    if consent.count():
        consent.check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_url("**/registered/**")

    from plugins.events.models import Registration

    registration = Registration.objects.get(event=seminar)
    assert registration.person_id == district["people"]["teacher"].pk
    registration.attended = True  # the organiser marks attendance at the check-in
    registration.save(update_fields=["attended"])

    page.goto(f"/iom/routes/{route.pk}/")
    card = page.locator(f"#step-{step.pk}")
    assert "Выполнен" in card.inner_text()
    step.refresh_from_db()
    assert step.status == RouteStep.Status.DONE
    assert "Посещение" in step.done_source or "посещ" in step.done_source.lower()
    page.screenshot(path=artifacts_dir / "iom-route-step-done.png", full_page=True)
    assert_accessible(page, "the route page")


def test_tutor_sees_the_caseload_and_the_district_sees_the_indicator(
    browser_page, district
):
    from plugins.iom.models import Diagnostic, Route
    from portal.core.models import Person

    teacher = district["people"]["teacher"]
    route = Route.objects.create(
        owner=teacher, tutor=district["people"]["tutor"],
        diagnostic=Diagnostic.objects.get(person=teacher),
        status=Route.Status.SUBMITTED, title="Маршрут Ковалёвой",
    )  # fmt: skip
    page = browser_page
    sign_in(page, "iom-tutor", "/iom/caseload/")
    assert "/iom/caseload/" in page.url
    row = page.get_by_text("Ковалёва Дарья").first
    assert row.is_visible()
    assert f"/iom/routes/{route.pk}/" in page.content()
    assert_accessible(page, "the tutor's caseload")

    # The municipal office's dashboard: diagnosed share of the district, checked
    # against a plain count of the records.
    municipality = district["people"]["teacher"].organisation.municipality
    people = [
        p
        for p in Person.objects.all()
        if p.organisation and p.organisation.municipality_id == municipality.pk
    ]
    diagnosed = {d.person_id for d in Diagnostic.objects.all() if d.source != "self"}
    expected = round(100 * len([p for p in people if p.pk in diagnosed]) / len(people))
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("input[name=username]", "mmc")
    page.fill("input[name=password]", "pass")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    page.goto(
        f"/admin/indicators/municipality/{municipality.pk}/?indicator=iom.diagnosed"
    )
    text = page.inner_text("main")
    assert "Доля" in text or "диагност" in text
    assert f"{expected}" in text.replace("\xa0", " ")
