"""The import history: who loaded which file, when, with what result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("проверен, не загружен")
        APPLIED = "applied", _("загружен")
        REJECTED = "rejected", _("файл не принят")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    resource = models.CharField(_("вид данных"), max_length=64)
    file = models.FileField(_("файл"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("имя файла"), max_length=255)
    sheet = models.CharField(_("лист"), max_length=255, blank=True)
    status = models.CharField(
        _("состояние"), max_length=16, choices=Status.choices, default=Status.PREVIEWED
    )
    valid_only = models.BooleanField(_("только правильные строки"), default=False)
    #: Report.as_dict() of the last run (preview or apply).
    report = models.JSONField(_("отчёт"), default=dict)
    message = models.TextField(_("сообщение"), blank=True)
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    applied_at = models.DateTimeField(_("применён"), null=True, blank=True)

    class Meta:
        verbose_name = _("импорт данных")
        verbose_name_plural = _("история импорта")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%d.%m.%Y %H:%M})"
