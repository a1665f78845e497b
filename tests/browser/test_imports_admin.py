"""A municipal editor loads a spreadsheet through «Импорт данных» in a real browser."""

import pytest

pytestmark = pytest.mark.browser


def test_editor_uploads_previews_and_applies(
    browser_page, site_tree, artifacts_dir, tmp_path
):
    from portal.core.models import EditorRole, Person
    from tests.factories.core import editor

    municipality = site_tree["municipality"].territory
    editor(
        EditorRole.Role.MUNICIPAL_EDITOR, territory=municipality, username="mo_editor"
    )
    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", "mo_editor")
    page.fill("input[name=password]", "pass")
    page.locator("form button[type=submit]").click()
    page.get_by_role("link", name="Импорт данных").first.click()
    page.wait_for_url("**/admin/imports/")
    people = tmp_path / "педагоги.csv"
    people.write_text(
        "ФИО;Организация;Должность\n"
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель математики\n"
        "Петров Иван Сергеевич;Школа-призрак;учитель\n",
        encoding="cp1251",
    )
    page.get_by_label("Файл XLSX или CSV").set_input_files(str(people))
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/admin/imports/*/")
    assert page.get_by_text("Школа-призрак").first.is_visible()
    page.screenshot(path=artifacts_dir / "import-preview.png", full_page=True)
    page.get_by_role("button", name="Загрузить только правильные строки").click()
    page.wait_for_load_state()
    assert page.get_by_text("загружен", exact=True).is_visible()
    assert Person.objects.filter(last_name="Иванова").exists()
    assert not Person.objects.filter(last_name="Петров").exists()
