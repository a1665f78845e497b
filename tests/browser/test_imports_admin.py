"""A municipal editor loads a spreadsheet through «Импорт данных» in a real browser."""

import pytest

pytestmark = pytest.mark.browser


def check_people_file(page, path) -> None:
    """Upload a teachers' file on «Импорт данных» and wait for its job page."""
    page.get_by_label("Что загружаем").select_option(label="Педагогические работники")
    page.get_by_label("Файл XLSX или CSV").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/admin/imports/*/")


def log_in_as_municipal_editor(page, site_tree):
    from portal.core.models import EditorRole
    from tests.factories.core import editor

    municipality = site_tree["municipality"].territory
    editor(
        EditorRole.Role.MUNICIPAL_EDITOR, territory=municipality, username="mo_editor"
    )
    page.goto("/admin/login/")
    page.fill("input[name=username]", "mo_editor")
    page.fill("input[name=password]", "pass")
    page.locator("form button[type=submit]").click()
    return page


def test_editor_uploads_previews_and_applies(
    browser_page, site_tree, artifacts_dir, tmp_path
):
    from portal.core.models import Person

    page = log_in_as_municipal_editor(browser_page, site_tree)
    page.get_by_role("link", name="Импорт данных").first.click()
    page.wait_for_url("**/admin/imports/")
    people = tmp_path / "педагоги.csv"
    people.write_text(
        "ФИО;Организация;Должность;Согласие на публикацию\n"
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель математики;да\n"
        "Петров Иван Сергеевич;Школа-призрак;учитель;да\n",
        encoding="cp1251",
    )
    check_people_file(page, people)
    assert page.get_by_text("Школа-призрак").first.is_visible()
    page.screenshot(path=artifacts_dir / "import-preview.png", full_page=True)
    page.get_by_role("button", name="Загрузить только правильные строки").click()
    page.wait_for_load_state()
    assert page.get_by_text("загружен", exact=True).is_visible()
    assert Person.objects.filter(last_name="Иванова").exists()
    assert not Person.objects.filter(last_name="Петров").exists()
    # The public sees her (she consented) on her school's page and in search.
    from portal.sections.models import OrganisationPage
    from search.outbox import apply_all_pending

    apply_all_pending()
    school = OrganisationPage.objects.get(organisation__name="МБОУ СОШ № 1")
    page.goto(school.url)
    card = page.locator(".person", has_text="Иванова Мария Петровна")
    assert card.is_visible() and "учитель математики" in card.inner_text()
    page.goto("/search/?q=Иванова")
    page.get_by_role("link", name="Иванова Мария Петровна").click()
    page.wait_for_url(f"**{school.url}#person-*")
    page.screenshot(path=artifacts_dir / "import-public-card.png", full_page=True)


def test_large_file_shows_progress_and_the_preview_when_the_worker_is_done(
    browser_page, site_tree, artifacts_dir, tmp_path, settings
):
    """Above BACKGROUND_BYTES the check is queued: the page shows the bar, polls, and
    turns into the preview by itself once the worker has run the job."""
    from portal.imports.models import ImportJob
    from tests.imports.test_jobs import QUEUE, work_off_queue

    settings.TASKS = QUEUE
    settings.PORTAL_IMPORTS = {"BACKGROUND_BYTES": 10}
    page = log_in_as_municipal_editor(browser_page, site_tree)
    page.goto("/admin/imports/")
    people = tmp_path / "педагоги.csv"
    people.write_text(
        "ФИО;Организация;Должность\nИванова Мария Петровна;МБОУ СОШ № 1;учитель\n",
        encoding="utf-8",
    )
    check_people_file(page, people)
    assert page.locator("progress").is_visible()
    assert page.get_by_text("Ожидает очереди").is_visible()
    page.screenshot(path=artifacts_dir / "import-queued.png", full_page=True)
    assert ImportJob.objects.get().status == ImportJob.Status.QUEUED
    work_off_queue()
    # The page's script notices the end and reloads into the preview.
    page.get_by_role("button", name="Загрузить").wait_for(timeout=10_000)
    assert page.locator("progress").count() == 0
    assert page.get_by_text("Иванова Мария Петровна").first.is_visible()
