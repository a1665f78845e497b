"""Personal, private records: diagnostics of a teacher's competences, their routes and
the steps of a route, and completed courses. Never public, never in the search index,
never in public exports (DOMAIN.md "Personal data").

Progress of a step updates itself from other records where they exist (an attended
event, a completed course, a completed mentoring pair, a community membership: see
``plugins.iom.progress``); the rest the teacher or the tutor marks with evidence.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.documents.storage import private_storage

from .catalogue import Programme
from .steps import LearningForm, StepKind


class Diagnostic(models.Model):
    """Results of one diagnostic procedure for one person."""

    class Source(models.TextChoices):
        CNPPM = "cnppm", _("ЦНППМ")
        COPMKP = "copmkp", _("ЦОПМКП")
        SCHOOL = "school", _("Образовательная организация")
        SELF = "self", _("Самодиагностика")

    person = models.ForeignKey(
        "core.Person", verbose_name=_("педагог"), on_delete=models.CASCADE,
        related_name="iom_diagnostics",
    )  # fmt: skip
    date = models.DateField(_("дата диагностики"))
    source = models.CharField(_("кто проводил"), max_length=16, choices=Source.choices)
    title = models.CharField(
        _("процедура"), max_length=500, blank=True,
        help_text=_("Например: «Диагностика профессиональных дефицитов учителей математики»."),
    )  # fmt: skip
    deficits = models.ManyToManyField(
        "core.Competence", verbose_name=_("выявленные дефициты"), blank=True,
        related_name="+",
    )  # fmt: skip
    note = models.TextField(_("заключение"), blank=True)
    imported = models.BooleanField(_("загружено из таблицы"), default=False)
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем внесено"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("результат диагностики")
        verbose_name_plural = _("результаты диагностики")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date", "source"], name="iom_one_diagnostic_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_source_display()}, {self.date:%d.%m.%Y}"


class DiagnosticScore(models.Model):
    """The result in one competence area."""

    class Level(models.TextChoices):
        DEFICIT = "deficit", _("Дефицитный")
        BASIC = "basic", _("Базовый")
        ADVANCED = "advanced", _("Продвинутый")

    diagnostic = models.ForeignKey(
        Diagnostic, related_name="scores", on_delete=models.CASCADE
    )
    area = models.ForeignKey(
        "core.CompetenceArea", verbose_name=_("область компетенций"),
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    score = models.DecimalField(
        _("результат, %"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(
        _("уровень"), max_length=16, choices=Level.choices, blank=True
    )

    class Meta:
        verbose_name = _("результат по области")
        verbose_name_plural = _("результаты по областям")
        ordering = ["area__order", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "area"], name="iom_one_score_per_area"
            )
        ]

    def clean(self):
        if self.score is not None and not 0 <= self.score <= 100:
            raise ValidationError({"score": _("Результат — от 0 до 100 %.")})


class Route(models.Model):
    """An individual educational route (ИОМ)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Черновик")
        SUBMITTED = "submitted", _("На согласовании")
        AGREED = "agreed", _("Согласован")
        IN_PROGRESS = "in_progress", _("Выполняется")
        COMPLETED = "completed", _("Завершён")

    class Pace(models.TextChoices):
        STANDARD = "standard", _("Обычный")
        INTENSIVE = "intensive", _("Интенсивный")
        GENTLE = "gentle", _("Щадящий")

    owner = models.ForeignKey(
        "core.Person", verbose_name=_("владелец маршрута"), on_delete=models.CASCADE,
        related_name="iom_routes",
        help_text=_("Педагог или руководитель; для маршрута команды — её руководитель."),
    )  # fmt: skip
    team = models.ManyToManyField(
        "core.Person", verbose_name=_("команда"), blank=True, related_name="iom_team_routes",
        help_text=_("Для маршрута управленческой команды школы: остальные её члены."),
    )  # fmt: skip
    title = models.CharField(_("название"), max_length=500, blank=True)
    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name=_("по результатам диагностики"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="routes",
    )  # fmt: skip
    template = models.ForeignKey(
        "iom.RouteTemplatePage", verbose_name=_("по типовому маршруту"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    deficits = models.ManyToManyField(
        "core.Competence", verbose_name=_("дефициты"), blank=True, related_name="+"
    )
    goals = models.TextField(_("цели"), blank=True)
    tutor = models.ForeignKey(
        "core.Person", verbose_name=_("тьютор (методист)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="iom_tutored_routes",
    )  # fmt: skip
    pace = models.CharField(
        _("темп"), max_length=16, choices=Pace.choices, default=Pace.STANDARD
    )
    start_date = models.DateField(_("начало"), null=True, blank=True)
    end_date = models.DateField(_("плановое окончание"), null=True, blank=True)
    personal_resources = models.TextField(_("личные ресурсы"), blank=True)
    school_context = models.TextField(
        _("контекст образовательной организации"), blank=True
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT,
        db_index=True,
    )  # fmt: skip
    agreed_at = models.DateTimeField(_("согласован"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем согласован"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    completed_on = models.DateField(_("завершён"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    #: Statuses of a route that counts as built (the indicators).
    BUILT = (Status.AGREED, Status.IN_PROGRESS, Status.COMPLETED)

    class Meta:
        verbose_name = _("индивидуальный образовательный маршрут")
        verbose_name_plural = _("индивидуальные образовательные маршруты")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or _("ИОМ: %(owner)s") % {"owner": self.owner}

    @property
    def planned_hours(self) -> int:
        return sum(step.hours or 0 for step in self.steps.all())


class RouteStep(models.Model):
    """One activity of a route, tied to a deficit."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Запланирован")
        IN_PROGRESS = "in_progress", _("Выполняется")
        DONE = "done", _("Выполнен")
        SKIPPED = "skipped", _("Отменён")

    route = models.ForeignKey(Route, related_name="steps", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    deficit = models.ForeignKey(
        "core.Competence", verbose_name=_("дефицит"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("вид"), max_length=16, choices=StepKind.choices)
    learning_form = models.CharField(
        _("форма обучения"), max_length=16, choices=LearningForm.choices,
        default=LearningForm.FORMAL,
    )  # fmt: skip
    title = models.CharField(_("что сделать"), max_length=500)
    url = models.CharField(_("ссылка"), max_length=1000, blank=True)
    source_key = models.CharField(
        _("источник"), max_length=100, blank=True, db_index=True,
        help_text=_("Что в портале отмечает шаг выполненным: «events:event:12»…"),
    )  # fmt: skip
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа ДПП"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="route_steps",
    )  # fmt: skip
    hours = models.PositiveSmallIntegerField(_("часов"), null=True, blank=True)
    planned_start = models.DateField(_("план: начало"), null=True, blank=True)
    planned_end = models.DateField(_("план: срок"), null=True, blank=True)
    done_on = models.DateField(_("выполнен"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.PLANNED,
        db_index=True,
    )  # fmt: skip
    done_source = models.CharField(
        _("чем подтверждён"), max_length=255, blank=True,
        help_text=_("Заполняется порталом сам: «посещение мероприятия», «удостоверение»…"),
    )  # fmt: skip
    evidence = models.TextField(_("результат, подтверждение"), blank=True)
    evidence_file = models.FileField(
        _("файл подтверждения"), upload_to="iom/evidence/%Y/%m/", storage=private_storage,
        blank=True,
    )  # fmt: skip
    recognised = models.BooleanField(
        _("результаты неформального обучения признаны"), default=False,
        help_text=_("Отмечает тьютор: результат засчитан как часть маршрута."),
    )  # fmt: skip
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем признаны"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("шаг маршрута")
        verbose_name_plural = _("шаги маршрута")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class CourseCompletion(models.Model):
    """A completed programme (удостоверение о повышении квалификации): imported from
    providers' lists or entered; marks route steps with that programme done."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Внесено вручную")
        IMPORT = "import", _("Загружено из таблицы")

    person = models.ForeignKey(
        "core.Person", verbose_name=_("педагог"), on_delete=models.CASCADE,
        related_name="iom_completions",
    )  # fmt: skip
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа ДПП"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="completions",
    )  # fmt: skip
    programme_title = models.CharField(
        _("программа (если её нет в каталоге)"), max_length=500, blank=True
    )
    hours = models.PositiveSmallIntegerField(_("часов"), null=True, blank=True)
    completed_on = models.DateField(_("дата окончания"))
    document_number = models.CharField(
        _("номер удостоверения"), max_length=100, blank=True
    )
    source = models.CharField(
        _("источник"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("пройденное обучение")
        verbose_name_plural = _("пройденное обучение")
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        title = self.programme.title if self.programme_id else self.programme_title
        return f"{self.person}: {title}"

    def clean(self):
        if not self.programme_id and not self.programme_title:
            raise ValidationError(
                {
                    "programme": _(
                        "Выберите программу из каталога или укажите её название."
                    )
                }
            )
