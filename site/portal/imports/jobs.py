"""Import jobs: the pipeline run on an uploaded file kept with its ImportJob.

A check (dry run) and the real import are both jobs. Small files run inline, within
the request, so the editor sees the preview at once; files above
PORTAL_IMPORTS["BACKGROUND_BYTES"] are queued as a django-tasks task on the "imports"
backend (a database queue) and run by `portal db_worker --backend imports`, while the
admin shows a progress bar the editor may leave and come back to (docs/imports.md).

Progress is written through a second database connection: the import itself runs in
one transaction, whose own writes other sessions cannot see until it commits.
"""

import datetime as dt
import logging
import time

from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .engine import run_import
from .limits import UnusableFile, setting
from .models import ImportJob
from .readers import read_table
from .registry import resources
from .workbooks import error_report

logger = logging.getLogger(__name__)

#: How much of a report a job keeps for the admin page (the error file has them all).
SHOWN_CHANGES, SHOWN_ERRORS = 500, 2000


def start(job: ImportJob, *, apply: bool, valid_only: bool = False) -> None:
    """Run `job` now, or queue it when its file is large; `job` must be saved."""
    job.apply, job.valid_only = apply, valid_only
    job.stage, job.rows_done, job.rows_total, job.message = "", 0, 0, ""
    if not job.file or job.file.size <= setting("BACKGROUND_BYTES"):
        job.save()
        execute(job)
        return
    job.status = ImportJob.Status.QUEUED
    job.save()
    run_job.enqueue(job.pk)


@task(backend="imports")
def run_job(job_id: int) -> None:
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.QUEUED:
        return  # deleted meanwhile, or already done by another worker
    execute(job)


def execute(job: ImportJob) -> None:
    """Check or apply `job`'s file; the job ends PREVIEWED, APPLIED, REJECTED or FAILED."""
    progress = Progress(job.pk)
    job.status = ImportJob.Status.RUNNING
    job.stage = ImportJob.Stage.READ
    job.save(update_fields=["status", "stage"])
    try:
        if not job.file:
            raise UnusableFile(
                _("Файл удалён по истечении срока хранения. Загрузите его снова.")
            )
        with job.file.open("rb") as handle:
            table = read_table(handle.read(), job.filename, sheet=job.sheet or None)
        job.rows_total = len(table.rows)
        progress(ImportJob.Stage.CHECK, 0, job.rows_total)
        report = run_import(
            resources()[job.resource](),
            table,
            job.user,
            dry_run=not job.apply,
            valid_only=job.valid_only,
            progress=progress,
        )
    except UnusableFile as exc:
        job.status, job.message = ImportJob.Status.REJECTED, str(exc)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.message = _(
            "Загрузка прервалась из-за внутренней ошибки портала; данные не изменены. "
            "Сообщите администратору портала номер загрузки: %(number)s."
        ) % {"number": job.pk}
    else:
        _keep(job, table, report)
        job.status = ImportJob.Status.PREVIEWED
        if report.applied:
            job.status, job.applied_at = ImportJob.Status.APPLIED, timezone.now()
    finally:
        progress.close()
    job.stage, job.rows_done = "", job.rows_total
    job.save()


def _keep(job: ImportJob, table, report) -> None:
    """The report as the job page shows it, and the error file with every error."""
    data = report.as_dict()
    data["changes_total"] = len(data["changes"])
    data["changes"] = [c for c in data["changes"] if c["action"] != "unchanged"][
        :SHOWN_CHANGES
    ]
    data["errors_total"] = len(data["errors"])
    data["errors"] = data["errors"][:SHOWN_ERRORS]
    job.report = data
    if job.errors_file:
        job.errors_file.delete(save=False)
    if report.errors:
        job.errors_file.save(
            f"errors-{job.pk}.xlsx",
            ContentFile(error_report(table, report)),
            save=False,
        )


def territory_of(user) -> str:
    """«Район А», «МБОУ СОШ № 1, Район Б» or «все территории», for the history."""
    from portal.core.models import EditorRole

    if user.is_superuser:
        return _("все территории")
    roles = EditorRole.objects.filter(user=user).select_related(
        "territory", "organisation"
    )
    return ", ".join(sorted(str(r.organisation or r.territory) for r in roles))[:255]


def remove_expired_files(now: dt.datetime | None = None) -> int:
    """Delete uploaded files older than KEEP_FILES_DAYS; the history rows stay."""
    limit = (now or timezone.now()) - dt.timedelta(days=setting("KEEP_FILES_DAYS"))
    removed = 0
    expired = ImportJob.objects.filter(created_at__lt=limit).exclude(file="")
    for job in expired.exclude(
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ):
        job.file.delete(save=False)
        job.save(update_fields=["file"])
        removed += 1
    return removed


class Progress:
    """`progress(stage, done, total)` for run_import, saved at most twice a second.

    It writes on its own connection so that the admin sees it during the import's
    transaction. On SQLite that transaction may hold the database lock: the update is
    then skipped (a short busy timeout), and the bar moves at the next stage.
    """

    INTERVAL = 0.5

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0
        self.side = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < self.INTERVAL and done < total:
            return
        self.last = now
        table = ImportJob._meta.db_table
        try:
            with self._connection().cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET stage = %s, rows_done = %s, rows_total = %s "
                    "WHERE id = %s",
                    [stage, done, total, self.job_id],
                )
        except DatabaseError:
            logger.debug("Progress of import job %s not saved", self.job_id)

    def _connection(self):
        if not connection.in_atomic_block:
            return connection
        if self.side is None:
            settings_dict = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
            if settings_dict["ENGINE"].endswith("sqlite3"):
                options = dict(settings_dict.get("OPTIONS") or {})
                options["timeout"] = 0.05
                settings_dict["OPTIONS"] = options
            backend = load_backend(settings_dict["ENGINE"])
            self.side = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
        return self.side

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
