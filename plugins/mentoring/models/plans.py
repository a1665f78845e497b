"""The individual mentoring plan of a pair, its tasks, meetings and self-assessments,
and the plan templates coordinators reuse.

Private: only the pair's mentors and mentees, and coordinators whose scope covers the
pair's organisation, see a plan (plugins.mentoring.access).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    IN_PROGRESS = "in_progress", _("Выполняется")
    DONE = "done", _("Выполнено")
    CANCELLED = "cancelled", _("Отменено")


class Plan(models.Model):
    pair = models.OneToOneField(
        "mentoring.Pair", verbose_name=_("пара"), on_delete=models.CASCADE,
        related_name="plan",
    )  # fmt: skip
    goals = models.TextField(_("цели"), blank=True)
    expected_results = models.TextField(_("ожидаемые результаты"), blank=True)
    template = models.ForeignKey(
        "mentoring.PlanTemplate", verbose_name=_("заполнен по шаблону"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    agreed_on = models.DateField(_("утверждён"), null=True, blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("индивидуальный план наставничества")
        verbose_name_plural = _("индивидуальные планы наставничества")

    def __str__(self) -> str:
        return str(_("План: %(pair)s") % {"pair": self.pair})


class PlanTask(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("план"), on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("задача"), max_length=500)
    description = models.TextField(_("содержание"), blank=True)
    competence = models.ForeignKey(
        "core.Competence", verbose_name=_("компетенция"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    deadline = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=TaskStatus.choices,
        default=TaskStatus.PLANNED,
    )  # fmt: skip
    done_on = models.DateField(_("выполнено"), null=True, blank=True)
    result = models.TextField(_("результат"), blank=True)

    class Meta:
        verbose_name = _("задача плана")
        verbose_name_plural = _("задачи плана")
        ordering = ["plan", "order", "deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("Очно")
        ONLINE = "online", _("Дистанционно")
        LESSON = "lesson", _("Посещение урока")

    plan = models.ForeignKey(
        Plan, verbose_name=_("план"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("дата"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("продолжительность, мин"), default=45
    )
    format = models.CharField(
        _("формат"), max_length=16, choices=Format.choices, default=Format.IN_PERSON
    )
    topic = models.CharField(_("тема"), max_length=500)
    notes = models.TextField(_("содержание и договорённости"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто записал"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("журнал встреч")
        ordering = ["plan", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.topic}"


class SelfAssessment(models.Model):
    """A mentee's own score of a competence at the start or at the end of the plan."""

    class Moment(models.TextChoices):
        START = "start", _("В начале")
        END = "end", _("В конце")

    plan = models.ForeignKey(
        Plan, verbose_name=_("план"), on_delete=models.CASCADE,
        related_name="self_assessments",
    )  # fmt: skip
    mentee = models.ForeignKey(
        "core.Person", verbose_name=_("наставляемый"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    moment = models.CharField(_("когда"), max_length=8, choices=Moment.choices)
    competence = models.ForeignKey(
        "core.Competence", verbose_name=_("компетенция"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    score = models.PositiveSmallIntegerField(
        _("оценка (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("комментарий"), blank=True)
    recorded_at = models.DateTimeField(_("записано"), auto_now=True)

    class Meta:
        verbose_name = _("самооценка")
        verbose_name_plural = _("самооценки")
        ordering = ["plan", "mentee", "competence", "moment"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "mentee", "moment", "competence"],
                name="mentoring_one_self_assessment",
            )
        ]


class PlanTemplate(ClusterableModel):
    """A reusable plan: goals and tasks with deadlines counted from the pair's start.

    Territorial: a region's templates are offered to every school of the region, a
    municipality's to its schools, a school's to itself (plugins.mentoring.templates).
    """

    title = models.CharField(_("название"), max_length=255)
    form = models.ForeignKey(
        "mentoring.MentoringForm", verbose_name=_("для формы"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    description = models.TextField(_("описание"), blank=True)
    goals = models.TextField(_("цели"), blank=True)
    expected_results = models.TextField(_("ожидаемые результаты"), blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("продолжительность, мес."), default=9
    )
    region = models.ForeignKey(
        "core.Territory", verbose_name=_("регион"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )  # fmt: skip
    municipality = models.ForeignKey(
        "core.Territory", verbose_name=_("муниципалитет"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )  # fmt: skip
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("организация"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("шаблон плана наставничества")
        verbose_name_plural = _("шаблоны планов наставничества")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PlanTemplateTask(models.Model):
    template = ParentalKey(
        PlanTemplate, verbose_name=_("шаблон"), on_delete=models.CASCADE,
        related_name="tasks",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("задача"), max_length=500)
    description = models.TextField(_("содержание"), blank=True)
    competence = models.ForeignKey(
        "core.Competence", verbose_name=_("компетенция"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    offset_days = models.PositiveSmallIntegerField(
        _("срок: дней от начала"), default=30
    )

    class Meta:
        verbose_name = _("задача шаблона")
        verbose_name_plural = _("задачи шаблона")
        ordering = ["template", "order", "offset_days", "pk"]

    def __str__(self) -> str:
        return self.title
