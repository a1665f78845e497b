"""Wagtail admin views of «Импорт данных»: upload → preview → apply, templates, history.

A file is checked on upload (a dry run: nothing is written) and kept with its job; the
preview shows the counts, every error and the changes; «Загрузить» runs the import again
on the kept file, for real, in one transaction. Any editor may import, always with their
own territorial rights (docs/imports.md).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.permissions.policy import scope_for

from .engine import run_import
from .limits import UnusableFile
from .models import ImportJob
from .readers import read_table
from .registry import resources
from .workbooks import error_report, template

SHOWN_CHANGES, SHOWN_ERRORS = 500, 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    resource = forms.ChoiceField(label=gettext_lazy("Что загружаем"))
    file = forms.FileField(label=gettext_lazy("Файл XLSX или CSV"))
    sheet = forms.CharField(
        label=gettext_lazy("Лист книги (если не первый)"),
        required=False,
        max_length=255,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = [
            (name, str(cls.title)) for name, cls in sorted(resources().items())
        ]


def _editor_only(request) -> None:
    if not scope_for(request.user).is_editor:
        raise PermissionDenied


def _jobs(request):
    jobs = ImportJob.objects.select_related("user")
    return jobs if request.user.is_superuser else jobs.filter(user=request.user)


def _run(job: ImportJob, user, *, dry_run: bool, valid_only: bool = False):
    resource = resources()[job.resource]()
    with job.file.open("rb") as handle:
        table = read_table(handle.read(), job.filename, sheet=job.sheet or None)
    return table, run_import(
        resource, table, user, dry_run=dry_run, valid_only=valid_only
    )


def _store(job: ImportJob, report) -> None:
    data = report.as_dict()
    data["changes_total"] = len(data["changes"])
    data["changes"] = [c for c in data["changes"] if c["action"] != "unchanged"][
        :SHOWN_CHANGES
    ]
    data["errors_total"] = len(data["errors"])
    data["errors"] = data["errors"][:SHOWN_ERRORS]
    job.report = data


def index(request):
    _editor_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(
            user=request.user,
            resource=form.cleaned_data["resource"],
            filename=upload.name[:255],
            sheet=form.cleaned_data["sheet"],
        )
        job.file.save(upload.name, ContentFile(upload.read()), save=False)
        try:
            _table, report = _run(job, request.user, dry_run=True)
            _store(job, report)
        except UnusableFile as exc:
            job.status = ImportJob.Status.REJECTED
            job.message = str(exc)
        job.save()
        return redirect("portal_imports:job", job.pk)
    context = {
        "form": form,
        "resources": sorted(resources().items()),
        "jobs": _jobs(request)[:20],
        "page_title": _("Импорт данных"),
        "header_icon": "upload",
    }
    return TemplateResponse(request, "portal_imports/index.html", context)


def job_view(request, pk: int):
    _editor_only(request)
    job = get_object_or_404(_jobs(request), pk=pk)
    report = job.report
    context = {
        "job": job,
        "report": report,
        "resource": resources().get(job.resource),
        "can_apply": job.status == ImportJob.Status.PREVIEWED
        and (report.get("new") or report.get("updated")),
        "page_title": _("Импорт данных"),
        "header_icon": "upload",
    }
    return TemplateResponse(request, "portal_imports/job.html", context)


@require_POST
def apply(request, pk: int):
    _editor_only(request)
    job = get_object_or_404(_jobs(request), pk=pk, status=ImportJob.Status.PREVIEWED)
    valid_only = request.POST.get("valid_only") == "1"
    try:
        _table, report = _run(job, request.user, dry_run=False, valid_only=valid_only)
    except UnusableFile as exc:
        job.status, job.message = ImportJob.Status.REJECTED, str(exc)
        job.save()
        return redirect("portal_imports:job", job.pk)
    _store(job, report)
    job.valid_only = valid_only
    if report.applied:
        job.status, job.applied_at = ImportJob.Status.APPLIED, timezone.now()
    job.save()
    return redirect("portal_imports:job", job.pk)


def download_template(request, name: str):
    _editor_only(request)
    resource = resources().get(name)
    if resource is None:
        raise PermissionDenied
    response = HttpResponse(template(resource()), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-template.xlsx"'
    return response


def download_errors(request, pk: int):
    _editor_only(request)
    job = get_object_or_404(_jobs(request), pk=pk)
    table, report = _run(job, request.user, dry_run=True)
    response = HttpResponse(error_report(table, report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="errors-{job.pk}.xlsx"'
    return response
