"""Import jobs: large files through the real database queue and worker, progress,
failures that write nothing, and the retention of uploaded files."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.core.models import Person
from portal.imports import jobs
from portal.imports.engine import CHECK, MATCH, PROGRESS_STEP, run_import
from portal.imports.models import ImportJob
from portal.imports.readers import read_table
from portal.imports.registry import resources

from .test_admin_views import media, upload  # noqa: F401  (fixture)

QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def people_csv(count: int, school: str = "МБОУ СОШ № 1") -> str:
    lines = ["ФИО;Организация;Должность"]
    for number in range(count):
        lines.append(f"Учителева{number} Мария Петровна;{school};учитель")
    return "\n".join(lines) + "\n"


def work_off_queue() -> None:
    # As arguments: the command checks its --backend default ("default", inline) else.
    call_command(
        "db_worker",
        "--backend",
        "imports",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
    )


@pytest.fixture
def queued(settings, media):  # noqa: F811
    settings.TASKS = QUEUE
    settings.PORTAL_IMPORTS = {"BACKGROUND_BYTES": 100}


@pytest.mark.django_db(transaction=True)
def test_large_file_is_checked_and_applied_by_the_worker(client, users, tree, queued):
    client.force_login(users.municipal_editor)
    job, response = upload(client, people_csv(30))
    # Queued, not run: the page shows the progress bar and polls the progress URL.
    assert job.status == ImportJob.Status.QUEUED and not job.apply
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(response.url).content.decode()
    assert "<progress" in page and "Ожидает очереди" in page
    assert reverse("portal_imports:progress", args=[job.pk]) in page
    state = client.get(reverse("portal_imports:progress", args=[job.pk])).json()
    assert state["in_progress"] and state["status"] == "queued"

    work_off_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.report["new"] == 30
    assert job.rows_done == job.rows_total == 30
    assert not Person.objects.filter(last_name__startswith="Учителева").exists()
    state = client.get(reverse("portal_imports:progress", args=[job.pk])).json()
    assert not state["in_progress"] and state["percent"] == 100
    page = client.get(response.url).content.decode()
    assert "<progress" not in page and "Загрузить" in page

    client.post(reverse("portal_imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.apply
    work_off_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and job.applied_at
    assert Person.objects.filter(last_name__startswith="Учителева").count() == 30


@pytest.mark.django_db(transaction=True)
def test_a_crash_in_the_worker_fails_the_job_and_writes_nothing(
    client, users, tree, queued, monkeypatch
):
    client.force_login(users.municipal_editor)
    job, _response = upload(client, people_csv(5))
    work_off_queue()
    client.post(reverse("portal_imports:apply", args=[job.pk]))
    people = resources()["people"]

    def broken(self, rows, context):
        people.write(self, rows, context)
        raise RuntimeError("disk full")

    monkeypatch.setattr(people, "write", broken)
    work_off_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert f"номер загрузки: {job.pk}" in job.message
    assert not Person.objects.filter(last_name__startswith="Учителева").exists()
    page = client.get(reverse("portal_imports:job", args=[job.pk])).content.decode()
    assert "данные не изменены" in page


def test_small_files_run_inline(client, users, tree, media):  # noqa: F811
    client.force_login(users.municipal_editor)
    job, _response = upload(client, people_csv(2))
    assert job.status == ImportJob.Status.PREVIEWED


@pytest.mark.django_db
def test_progress_is_reported_per_stage(tree):
    total = PROGRESS_STEP * 2 + 7
    table = read_table(people_csv(total).encode(), "people.csv")
    seen = []
    run_import(
        resources()["people"](),
        table,
        None,
        dry_run=True,
        progress=lambda stage, done, all_: seen.append((stage, done, all_)),
    )
    assert [s for s in seen if s[0] == CHECK] == [
        (CHECK, PROGRESS_STEP, total),
        (CHECK, PROGRESS_STEP * 2, total),
    ]
    assert [s[1] for s in seen if s[0] == MATCH] == [PROGRESS_STEP, PROGRESS_STEP * 2]


@pytest.mark.django_db(transaction=True)
def test_progress_writes_outside_the_import_transaction(users):
    job = ImportJob.objects.create(user=users.municipal_editor, resource="people")
    progress = jobs.Progress(job.pk)
    with transaction.atomic():
        list(Person.objects.all()[:5])  # reads, as a check does
        progress("check", 10, 40)
        transaction.set_rollback(True)
    # Rolling the import back did not take its progress with it.
    job.refresh_from_db()
    assert (job.stage, job.rows_done, job.rows_total, job.percent) == (
        "check",
        10,
        40,
        25,
    )
    # Throttled: a second report within the interval is not written (unless final).
    progress("check", 20, 40)
    job.refresh_from_db()
    assert job.rows_done == 10
    progress("check", 40, 40)
    job.refresh_from_db()
    assert job.rows_done == 40
    progress.close()


def test_expired_files_are_removed_and_the_history_stays(
    client,
    users,
    tree,
    settings,
    media,  # noqa: F811
):
    settings.PORTAL_IMPORTS = {"KEEP_FILES_DAYS": 30}
    client.force_login(users.municipal_editor)
    old, _response = upload(
        client, people_csv(1) + "Никтова Анна Ивановна;Школа, которой нет;учитель\n"
    )
    fresh, _response = upload(client, people_csv(1))
    assert old.errors_file
    path = old.file.path
    # Spreadsheets of people are personal data: never under MEDIA_ROOT (served to all).
    assert path.startswith(str(settings.PORTAL_PRIVATE_ROOT))
    assert old.errors_file.path.startswith(str(settings.PORTAL_PRIVATE_ROOT))
    ImportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=31)
    )
    assert jobs.remove_expired_files() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.file and fresh.file
    assert not __import__("os").path.exists(path)
    page = client.get(reverse("portal_imports:job", args=[old.pk])).content.decode()
    assert "удалён по истечении срока хранения" in page
    assert old.report["rows"] == 2  # the history keeps the result of the check
    # The error file stays downloadable; the job can no longer be applied.
    assert (
        client.get(reverse("portal_imports:errors", args=[old.pk])).status_code == 200
    )
    response = client.post(reverse("portal_imports:apply", args=[old.pk]))
    old.refresh_from_db()
    assert old.status == ImportJob.Status.REJECTED
    assert "Загрузите его снова" in old.message
    assert response.status_code == 302


def test_prune_command(users, media):  # noqa: F811
    job = ImportJob.objects.create(user=users.municipal_editor, resource="people")
    job.file.save("old.csv", ContentFile(b"x"), save=True)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(days=400)
    )
    call_command("import", "--remove-expired-files")
    job.refresh_from_db()
    assert not job.file
