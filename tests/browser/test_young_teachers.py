"""In a real browser (Chromium): a municipal coordinator opens «Молодые педагоги и
поддержка», finds the young teachers without any support form, and assigns one of them
to a mentor through the mentoring plugin's action; the list then shows the mentoring
pair as that teacher's support, and the district's share rises."""

import datetime as dt

import pytest
from django.apps import apps

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

if not apps.is_installed("plugins.young_teachers"):
    pytest.skip("the young-teacher plugin is not enabled", allow_module_level=True)


@pytest.fixture
def district(site_tree):
    """Бор: three young teachers of МБОУ СОШ № 1 — one in the school of the young
    teacher, two with nothing — and a mentor of the school (when mentoring is on)."""
    import importlib

    from django.apps import apps as django_apps

    from plugins.young_teachers.models import SupportForm, SupportRecord
    from portal.core.models import EditorRole, Organisation, Subject
    from tests.factories.core import PersonFactory, editor

    importlib.import_module(
        "plugins.young_teachers.migrations.0002_seed_support_forms"
    ).seed(django_apps, None)
    school = Organisation.objects.get(name="МБОУ СОШ № 1")
    maths = Subject.objects.get_or_create(name="Математика")[0]
    today = dt.date.today()
    young = {
        "birth_date": today.replace(year=today.year - 24),
        "career_start_date": today - dt.timedelta(days=200),
    }
    people = {}
    for last, first in (
        ("Ковалёва", "Дарья"),
        ("Лебедев", "Артём"),
        ("Соколова", "Ирина"),
    ):
        person = PersonFactory(
            organisation=school, last_name=last, first_name=first,
            middle_name="Олеговна" if first != "Артём" else "Олегович",
            position="учитель математики", **young,
        )  # fmt: skip
        person.subjects.add(maths)
        people[last] = person
    SupportRecord.objects.create(
        person=people["Ковалёва"],
        form=SupportForm.objects.get(code="network-support"),
        title="Школа молодого педагога",
        start_date=today - dt.timedelta(days=30),
    )
    if apps.is_installed("plugins.mentoring"):
        importlib.import_module("plugins.mentoring.migrations.0002_seed_forms").seed(
            django_apps, None
        )
        from plugins.mentoring.models import Mentor

        mentor = PersonFactory(
            organisation=school, last_name="Опытная", first_name="Галина",
            middle_name="Фёдоровна", position="учитель математики",
            birth_date=dt.date(1969, 5, 5), career_start_date=dt.date(1991, 9, 1),
        )  # fmt: skip
        mentor.subjects.add(maths)
        Mentor.objects.create(person=mentor, capacity=3).subjects.add(maths)
    editor(
        EditorRole.Role.MUNICIPAL_EDITOR,
        territory=site_tree["municipality"].territory,
        username="mmc",
    )
    return people


def test_coordinator_finds_teachers_without_support_and_assigns_a_mentor(
    browser_page, district, artifacts_dir
):
    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", "mmc")
    page.fill("input[name=password]", "pass")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()

    page.goto("/admin/young-teachers/")
    covered = page.locator("tr", has_text="Ковалёва Дарья")
    assert "Школа молодого педагога" in covered.inner_text()
    bare = page.locator("tr.yt-none")
    assert bare.count() == 2
    assert "Лебедев Артём" in page.locator("tr.yt-none").first.inner_text() or (
        "Лебедев Артём" in page.locator("tr.yt-none").nth(1).inner_text()
    )
    page.screenshot(
        path=artifacts_dir / "young-teachers-coordinator.png", full_page=True
    )
    assert_accessible(page, "young teachers coordinator")

    if not apps.is_installed("plugins.mentoring"):
        return
    from plugins.mentoring.models import Pair

    row = page.locator("tr", has_text="Лебедев Артём")
    with page.expect_navigation():
        row.get_by_role("link", name="Подобрать наставника").click()
    suggestion = page.locator("tr", has_text="Опытная Галина Фёдоровна").first
    with page.expect_navigation():
        suggestion.get_by_role("button", name="Назначить").click()
    assert Pair.objects.filter(mentees=district["Лебедев"]).exists()

    page.goto("/admin/young-teachers/")
    row = page.locator("tr", has_text="Лебедев Артём")
    assert "Наставничество" in row.inner_text()
    assert page.locator("tr.yt-none").count() == 1
    page.screenshot(path=artifacts_dir / "young-teachers-after.png", full_page=True)
