"""In a real browser (Chromium): a school coordinator sees the young teachers without a
mentor, accepts the suggested mentor, fills the pair's plan from a template and
downloads the generated programme; the municipal office sees the coverage report; a
spreadsheet of 500 pairs is checked with clear errors for its bad rows and loaded."""

import datetime as dt
import io

import pytest
from django.apps import apps

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

if not apps.is_installed("plugins.mentoring"):
    pytest.skip("the mentoring plugin is not enabled", allow_module_level=True)


def sign_in_admin(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert "/admin/login/" not in page.url, "sign-in failed"


def _seed_lists():
    """Live-server tests flush the database: the seeded lists come back first."""
    import importlib

    from django.apps import apps as django_apps

    for module in (
        "portal.core.migrations.0004_seed_competences",
        "plugins.mentoring.migrations.0002_seed_forms",
    ):
        importlib.import_module(module).seed(django_apps, None)


@pytest.fixture
def school(site_tree):
    """МБОУ СОШ № 1 of Бор: two young teachers (maths, history), a maths mentor of the
    school and a history mentor of another; a region's plan template; the school's
    coordinator and the municipal officer."""
    from plugins.mentoring.models import Mentor, PlanTemplate, PlanTemplateTask
    from portal.core.models import EditorRole, Organisation, Subject
    from tests.factories.core import PersonFactory, editor

    _seed_lists()
    municipality = site_tree["municipality"].territory
    school = Organisation.objects.get(name="МБОУ СОШ № 1")
    other = Organisation.objects.get(name="МБОУ СОШ № 2")
    maths, history = (
        Subject.objects.get_or_create(name=n)[0] for n in ("Математика", "История")
    )
    today = dt.date.today()
    young = {
        "birth_date": today.replace(year=today.year - 25),
        "career_start_date": today - dt.timedelta(days=400),
    }
    anna = PersonFactory(
        organisation=school, last_name="Молодцова", first_name="Анна",
        middle_name="Сергеевна", position="учитель математики", **young,
    )  # fmt: skip
    anna.subjects.add(maths)
    timur = PersonFactory(
        organisation=school, last_name="Юнусов", first_name="Тимур",
        middle_name="Ильич", position="учитель истории", **young,
    )  # fmt: skip
    timur.subjects.add(history)
    senior = {
        "birth_date": dt.date(1972, 4, 2),
        "career_start_date": dt.date(1995, 9, 1),
    }
    olga = PersonFactory(
        organisation=school, last_name="Наставникова", first_name="Ольга",
        middle_name="Петровна", position="учитель математики",
        qualification_category="highest", **senior,
    )  # fmt: skip
    olga.subjects.add(maths)
    elena = PersonFactory(
        organisation=other, last_name="Историкова", first_name="Елена",
        middle_name="Викторовна", position="учитель истории", **senior,
    )  # fmt: skip
    elena.subjects.add(history)
    Mentor.objects.create(person=olga, capacity=2).subjects.add(maths)
    Mentor.objects.create(person=elena, capacity=1)
    template = PlanTemplate.objects.create(
        title="Адаптация молодого педагога",
        goals="Освоить планирование уроков и работу с классом.",
        region=municipality.parent,
    )
    for order, (title, days) in enumerate(
        [
            ("Посетить пять уроков наставника", 30),
            ("Разработать технологические карты трёх уроков", 60),
            ("Провести открытый урок", 120),
        ]
    ):
        PlanTemplateTask.objects.create(
            template=template, title=title, offset_days=days, order=order
        )
    editor(EditorRole.Role.ORGANISATION_EDITOR, organisation=school, username="coord")
    editor(EditorRole.Role.MUNICIPAL_EDITOR, territory=municipality, username="mmc")
    return {"school": school, "anna": anna, "timur": timur, "olga": olga}


def test_coordinator_assigns_a_suggested_mentor_and_gets_the_programme(
    browser_page, school, chromium, live_server, artifacts_dir, tmp_path
):
    import docx

    from plugins.mentoring.models import Pair

    page = browser_page
    sign_in_admin(page, "coord")
    page.goto("/admin/mentoring-needs/")
    row = page.locator("tr", has_text="Молодцова Анна Сергеевна")
    assert row.count() == 1
    assert "тот же предмет: Математика" in row.inner_text()
    assert "та же школа" in row.inner_text()
    assert page.locator("tr", has_text="Юнусов Тимур Ильич").count() == 1
    page.screenshot(path=artifacts_dir / "mentoring-needs.png", full_page=True)

    # The first suggestion is the school's maths mentor: one click registers the pair.
    first = row.locator(".mentoring-suggestion").first
    assert "Наставникова Ольга Петровна" in first.inner_text()
    with page.expect_navigation():
        first.get_by_role("button", name="Назначить").click()
    assert page.get_by_text("Назначен наставник").first.is_visible()
    pair = Pair.objects.get(mentees=school["anna"])
    assert pair.mentor.person == school["olga"]
    assert page.locator("tr", has_text="Молодцова Анна Сергеевна").count() == 0

    # The plan, filled from the region's template, then the generated programme.
    page.goto(f"/mentoring/pairs/{pair.pk}/")
    page.locator("#template select").select_option(label="Адаптация молодого педагога")
    with page.expect_navigation():
        page.locator("#template").get_by_role(
            "button", name="Заполнить по шаблону"
        ).click()
    assert page.get_by_text("Провести открытый урок").first.is_visible()
    assert pair.plan.tasks.count() == 3
    page.screenshot(path=artifacts_dir / "mentoring-plan.png", full_page=True)
    assert_accessible(page, "mentoring plan")

    with page.expect_download() as download:
        page.locator("#documents a", has_text="DOCX").first.click()
    path = tmp_path / "programme.docx"
    download.value.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for r in table.rows for cell in r.cells
    )
    assert "наставничества" in text
    assert "Молодцова" in text and "Наставникова" in text
    assert "Разработать технологические карты трёх уроков" in text

    # The municipal office: one of two young teachers of the district has a mentor.
    context = chromium.new_context(base_url=live_server.url, locale="ru-RU")
    office = context.new_page()
    try:
        sign_in_admin(office, "mmc")
        office.goto("/admin/mentoring-reports/")
        office.wait_for_load_state()
        coverage = office.locator("#report-coverage").locator("xpath=..")
        assert "Молодые педагоги, имеющие наставника" in coverage.inner_text()
        assert "50" in coverage.inner_text()
        office.screenshot(path=artifacts_dir / "mentoring-report.png", full_page=True)
    finally:
        context.close()


def test_a_spreadsheet_of_500_pairs_shows_its_bad_rows_then_loads(
    browser_page, school, artifacts_dir, tmp_path
):
    from plugins.mentoring.models import Mentor, Pair
    from portal.core.models import Person
    from tests.imports.files import rows_xlsx

    org = school["school"]
    people = Person.objects.bulk_create(
        [
            Person(organisation=org, last_name=f"Наставница{i:03d}", first_name="Ольга",
                   middle_name="Сергеевна", birth_date=dt.date(1975, 1, 1),
                   career_start_date=dt.date(1998, 9, 1))
            for i in range(500)
        ]
        + [
            Person(organisation=org, last_name=f"Молодой{i:03d}", first_name="Илья",
                   middle_name="Андреевич", birth_date=dt.date(2001, 1, 1),
                   career_start_date=dt.date(2025, 9, 1))
            for i in range(500)
        ]
    )  # fmt: skip
    Mentor.objects.bulk_create([Mentor(person=p, capacity=1) for p in people[:500]])
    header = ["Наставник (ФИО)", "Организация наставника",
              "Наставляемые (ФИО через «;»)", "Организация", "Форма наставничества",
              "Начало", "Плановое окончание", "Статус", "Целевые компетенции",
              "Результат"]  # fmt: skip
    rows = [
        [people[i].full_name, None, people[500 + i].full_name, "МБОУ СОШ № 1",
         "молодой специалист", "1 сентября 2026 г.", "31.05.2027", "действует",
         None, None]
        for i in range(500)
    ]  # fmt: skip
    rows[9][2] = "Несуществующая Вера Павловна"  # row 11: nobody of that name
    rows[99][2] = rows[99][0]  # row 101: the mentor as their own mentee
    rows[199][0] = rows[198][0]  # row 201: the mentor's one place is taken on row 200
    path = tmp_path / "пары.xlsx"
    path.write_bytes(rows_xlsx([header, *rows]))

    page = browser_page
    sign_in_admin(page, "mmc")
    page.goto("/admin/imports/")
    page.get_by_label("Что загружаем").select_option(label="Наставнические пары")
    page.get_by_label("Файл XLSX или CSV").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/admin/imports/*/")
    page.get_by_role("button", name="Загрузить только правильные строки").wait_for()
    body = page.locator("main").inner_text()
    assert "Несуществующая Вера Павловна" in body
    assert "собственным" in body
    assert "нет свободных мест" in body
    page.screenshot(path=artifacts_dir / "mentoring-import-preview.png", full_page=True)
    assert Pair.objects.count() == 0  # the check writes nothing

    page.get_by_role("button", name="Загрузить только правильные строки").click()
    page.wait_for_load_state()
    assert page.get_by_text("загружен", exact=True).is_visible()
    assert Pair.objects.count() == 497
