"""«Импорт данных» in the Wagtail admin: template, upload → preview → apply, history."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.core.models import Person
from portal.imports.models import ImportJob


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"


def upload(client, text: str, name: str = "people.csv", **extra):
    data = {
        "resource": "people",
        "file": SimpleUploadedFile(name, text.encode()),
        **extra,
    }
    response = client.post(reverse("portal_imports:index"), data)
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.latest("pk"), response


def test_menu_and_index_for_editors_only(client, users):
    client.force_login(users.municipal_editor)
    page = client.get(reverse("portal_imports:index"))
    assert page.status_code == 200
    assert "Импорт данных" in page.content.decode()
    assert reverse("portal_imports:template", args=["people"]) in page.content.decode()
    client.force_login(users.teacher)
    assert client.get(reverse("portal_imports:index")).status_code in (302, 403)


def test_template_download(client, users):
    client.force_login(users.municipal_editor)
    response = client.get(reverse("portal_imports:template", args=["people"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Данные"]
    assert sheet.cell(row=1, column=1).value == "ФИО"


def test_upload_previews_then_apply_writes(client, users, tree, media):
    client.force_login(users.municipal_editor)
    job, response = upload(
        client,
        "ФИО;Организация;Должность\nИванова Мария Петровна;МБОУ СОШ № 1;учитель\n",
    )
    assert job.status == ImportJob.Status.PREVIEWED and job.report["new"] == 1
    assert job.territory == tree.mun_a.name
    assert not Person.objects.filter(last_name="Иванова").exists()
    page = client.get(response.url).content.decode()
    assert (
        "Иванова Мария Петровна" in page
        and "новая запись" in page
        and "Загрузить" in page
    )
    applied = client.post(reverse("portal_imports:apply", args=[job.pk]))
    assert applied.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and job.applied_at
    assert Person.objects.get(last_name="Иванова").organisation == tree.school_a


def test_errors_are_shown_and_downloadable_and_valid_only_applies_the_rest(
    client, users, tree, media
):
    client.force_login(users.municipal_editor)
    text = (
        "ФИО;Организация;Должность\n"
        "Иванова Мария Петровна;МБОУ СОШ № 1;учитель\n"
        f"Сидорова Анна Олеговна;{tree.school_b.inn};учитель\n"
    )
    job, response = upload(client, text)
    page = client.get(response.url).content.decode()
    assert (
        "не относится к вашей территории" in page and "Сидорова Анна Олеговна" in page
    )
    assert "Загрузить только правильные строки" in page
    errors = client.get(reverse("portal_imports:errors", args=[job.pk]))
    rows = list(
        load_workbook(io.BytesIO(errors.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == 3 and rows[1][2] == "Сидорова Анна Олеговна"
    client.post(reverse("portal_imports:apply", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and job.valid_only
    assert Person.objects.filter(last_name="Иванова").exists()
    assert not Person.objects.filter(last_name="Сидорова").exists()


def test_an_unusable_file_is_a_message_not_a_500(client, users, media):
    client.force_login(users.municipal_editor)
    job, response = upload(client, "%PDF-1.4 not a table", name="list.xlsx")
    assert job.status == ImportJob.Status.REJECTED and job.message
    page = client.get(response.url)
    assert page.status_code == 200 and job.message in page.content.decode()


def test_jobs_are_private_to_their_user(client, users, tree, media):
    client.force_login(users.municipal_editor)
    job, _response = upload(
        client, "ФИО;Организация\nИванова Мария Петровна;МБОУ СОШ № 1\n"
    )
    client.force_login(users.organisation_editor)
    assert client.get(reverse("portal_imports:job", args=[job.pk])).status_code == 404
    client.force_login(users.superuser)
    assert client.get(reverse("portal_imports:job", args=[job.pk])).status_code == 200


def test_the_kind_of_data_must_be_chosen(client, users, media):
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse("portal_imports:index"),
        {"file": SimpleUploadedFile("people.csv", b"x;y\n1;2\n")},
    )
    assert response.status_code == 200
    assert "Требуется заполнить это поле" in response.content.decode()
    assert not ImportJob.objects.exists()
