"""The import history: who loaded which file, when, with what result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.documents.storage import private_storage


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("выполняется")
        PREVIEWED = "previewed", _("проверен, не загружен")
        APPLIED = "applied", _("загружен")
        REJECTED = "rejected", _("файл не принят")
        FAILED = "failed", _("прервался, ничего не записано")

    class Stage(models.TextChoices):
        READ = "read", _("чтение файла")
        CHECK = "check", _("проверка строк")
        MATCH = "match", _("поиск записей на портале")
        WRITE = "write", _("запись")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    resource = models.CharField(_("вид данных"), max_length=64)
    #: Where the user could write when they uploaded (their roles' territories).
    territory = models.CharField(_("территория"), max_length=255, blank=True)
    #: Emptied when the file's retention period ends (limits.setting KEEP_FILES_DAYS).
    file = models.FileField(
        _("файл"), upload_to="imports/%Y/%m/", storage=private_storage, blank=True
    )
    #: The rows with errors and their messages, kept from the last check.
    errors_file = models.FileField(
        _("файл ошибок"),
        upload_to="imports/%Y/%m/",
        storage=private_storage,
        blank=True,
    )
    filename = models.CharField(_("имя файла"), max_length=255)
    sheet = models.CharField(_("лист"), max_length=255, blank=True)
    status = models.CharField(
        _("состояние"), max_length=16, choices=Status.choices, default=Status.PREVIEWED
    )
    valid_only = models.BooleanField(_("только правильные строки"), default=False)
    #: What a queued or running job does: a check (dry run) or the real import.
    apply = models.BooleanField(_("запись"), default=False)
    stage = models.CharField(
        _("этап"), max_length=16, choices=Stage.choices, blank=True
    )
    rows_done = models.PositiveIntegerField(_("строк обработано"), default=0)
    rows_total = models.PositiveIntegerField(_("строк всего"), default=0)
    #: Report.as_dict() of the last run (preview or apply).
    report = models.JSONField(_("отчёт"), default=dict)
    message = models.TextField(_("сообщение"), blank=True)
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    applied_at = models.DateTimeField(_("применён"), null=True, blank=True)

    class Meta:
        verbose_name = _("импорт данных")
        verbose_name_plural = _("история импорта")
        ordering = ["-created_at"]

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return (
            min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
        )

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%d.%m.%Y %H:%M})"
