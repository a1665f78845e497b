"""Wagtail admin views of «Импорт данных»: upload → preview → apply, templates, history.

A file is checked on upload (a dry run: nothing is written) and kept with its job; the
preview shows the counts, every error and the changes; «Загрузить» runs the import again
on the kept file, for real, in one transaction. Any editor may import, always with their
own territorial rights (docs/imports.md).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.permissions.policy import scope_for

from . import jobs
from .models import ImportJob
from .registry import resources
from .workbooks import template

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
        # No default: a file loaded as the wrong kind of data is a confusing preview.
        self.fields["resource"].choices = [("", _("— выберите —"))] + sorted(
            ((name, str(cls.title)) for name, cls in resources().items()),
            key=lambda choice: choice[1],
        )


def _editor_only(request) -> None:
    if not scope_for(request.user).is_editor:
        raise PermissionDenied


def _jobs(request):
    jobs = ImportJob.objects.select_related("user")
    return jobs if request.user.is_superuser else jobs.filter(user=request.user)


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
            territory=jobs.territory_of(request.user),
        )
        job.file.save(upload.name, ContentFile(upload.read()), save=True)
        jobs.start(job, apply=False)
        jobs.remove_expired_files()
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
        and bool(job.file)
        and (report.get("new") or report.get("updated")),
        "page_title": _("Импорт данных"),
        "header_icon": "upload",
    }
    return TemplateResponse(request, "portal_imports/job.html", context)


@require_POST
def apply(request, pk: int):
    _editor_only(request)
    job = get_object_or_404(_jobs(request), pk=pk, status=ImportJob.Status.PREVIEWED)
    # The rows are checked again, with the rights of whoever presses the button.
    job.user = request.user
    jobs.start(job, apply=True, valid_only=request.POST.get("valid_only") == "1")
    return redirect("portal_imports:job", job.pk)


def progress(request, pk: int):
    """The job's state for the progress bar's script (the page also refreshes itself)."""
    _editor_only(request)
    job = get_object_or_404(_jobs(request), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "in_progress": job.in_progress,
            "stage": job.get_stage_display() if job.stage else "",
            "done": job.rows_done,
            "total": job.rows_total,
            "percent": job.percent,
        }
    )


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
    if not job.errors_file:
        raise Http404
    with job.errors_file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="errors-{job.pk}.xlsx"'
    return response
