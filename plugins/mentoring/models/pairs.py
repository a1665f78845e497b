"""Mentoring pairs and groups, requests for a pair, and who still needs a mentor.

A *pair* has one lead mentor (from the registry; their capacity counts the mentees of
their live pairs), one or several mentees, optional co-mentors, and for the
team-to-team form («менторство») the mentoring organisation's team. Its territory is
the organisation that runs it (the mentees' school). Periods, not flags (RECT): start,
planned end, actual end; status with a reason when terminated early.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .taxonomy import LIVE_PAIR_STATUSES, MentoringForm, PairStatus


class PairQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=LIVE_PAIR_STATUSES)


class Pair(models.Model):
    form = models.ForeignKey(
        MentoringForm, verbose_name=_("форма наставничества"), on_delete=models.PROTECT,
        related_name="pairs",
    )  # fmt: skip
    programme = models.ForeignKey(
        "mentoring.MentoringProgrammePage", verbose_name=_("программа"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="pairs",
    )  # fmt: skip
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("организация"), on_delete=models.PROTECT,
        related_name="mentoring_pairs",
        help_text=_("Организация, в которой работает пара (школа наставляемых)."),
    )  # fmt: skip
    mentor = models.ForeignKey(
        "mentoring.Mentor", verbose_name=_("наставник"), on_delete=models.PROTECT,
        related_name="pairs",
    )  # fmt: skip
    co_mentors = models.ManyToManyField(
        "core.Person", verbose_name=_("другие наставники (команда)"), blank=True,
        related_name="mentoring_pairs_as_co_mentor",
    )  # fmt: skip
    mentor_organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("организация-наставник"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Для формы «команда — команде»: школа, чья команда наставляет."),
    )  # fmt: skip
    mentees = models.ManyToManyField(
        "core.Person", verbose_name=_("наставляемые"),
        related_name="mentoring_pairs_as_mentee",
    )  # fmt: skip
    start_date = models.DateField(_("начало"), default=datetime.date.today)
    planned_end_date = models.DateField(_("плановое окончание"), null=True, blank=True)
    actual_end_date = models.DateField(
        _("фактическое окончание"), null=True, blank=True
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=PairStatus.choices,
        default=PairStatus.ACTIVE,
    )  # fmt: skip
    termination_reason = models.TextField(
        _("причина досрочного прекращения"), blank=True
    )
    target_competences = models.ManyToManyField(
        "core.Competence", verbose_name=_("целевые компетенции (дефициты)"),
        blank=True, related_name="+",
    )  # fmt: skip
    goal = models.TextField(_("запрос наставляемого / цель"), blank=True)
    outcome = models.TextField(_("результат"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем создано"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("наставническая пара (группа)")
        verbose_name_plural = _("наставнические пары и группы")
        ordering = ["-start_date", "pk"]
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        names = ", ".join(p.short_name for p in self.mentees.all()) if self.pk else ""
        return f"{self.mentor} → {names}" if names else str(self.mentor)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_PAIR_STATUSES


class PairRequest(models.Model):
    """A mentee asks a mentor for a pair (or a mentor offers one); the other side
    accepts or declines before the deadline, after which the request expires."""

    class Side(models.TextChoices):
        MENTEE = "mentee", _("Наставляемый")
        MENTOR = "mentor", _("Наставник")

    class Status(models.TextChoices):
        PENDING = "pending", _("Ожидает ответа")
        ACCEPTED = "accepted", _("Принят")
        DECLINED = "declined", _("Отклонён")
        EXPIRED = "expired", _("Истёк срок ответа")
        WITHDRAWN = "withdrawn", _("Отозван")

    mentor = models.ForeignKey(
        "mentoring.Mentor", verbose_name=_("наставник"), on_delete=models.CASCADE,
        related_name="requests",
    )  # fmt: skip
    mentee = models.ForeignKey(
        "core.Person", verbose_name=_("наставляемый"), on_delete=models.CASCADE,
        related_name="mentoring_requests",
    )  # fmt: skip
    initiated_by = models.CharField(
        _("кто предложил"), max_length=8, choices=Side.choices, default=Side.MENTEE
    )
    form = models.ForeignKey(
        MentoringForm, verbose_name=_("форма наставничества"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    message = models.TextField(_("сообщение"), blank=True)
    deadline = models.DateField(_("ответить до"))
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("ответ"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    pair = models.ForeignKey(
        Pair, verbose_name=_("пара"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("запрос на наставничество")
        verbose_name_plural = _("запросы на наставничество")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status="pending"),
                name="mentoring_one_pending_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee} ↔ {self.mentor}: {self.get_status_display()}"


class MentoringNeed(models.Model):
    """A teacher recorded as needing a mentor (besides young teachers, who need one by
    rule): new in the school, preparing for attestation, a diagnosed deficit… Closed
    when a pair is registered for them."""

    class Reason(models.TextChoices):
        NEW_STAFF = "new_staff", _("Новый сотрудник")
        CHANGE = "change", _("Смена должности или предмета")
        DEFICIT = "deficit", _("Выявленные профессиональные дефициты")
        ATTESTATION = "attestation", _("Подготовка к аттестации")
        REQUEST = "request", _("Собственный запрос педагога")
        OTHER = "other", _("Другое")

    person = models.ForeignKey(
        "core.Person", verbose_name=_("педагог"), on_delete=models.CASCADE,
        related_name="mentoring_needs",
    )  # fmt: skip
    reason = models.CharField(
        _("причина"), max_length=16, choices=Reason.choices, default=Reason.OTHER
    )
    competences = models.ManyToManyField(
        "core.Competence", verbose_name=_("дефициты"), blank=True, related_name="+"
    )
    note = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    closed_at = models.DateTimeField(_("закрыто"), null=True, blank=True)
    pair = models.ForeignKey(
        Pair, verbose_name=_("пара"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("потребность в наставнике")
        verbose_name_plural = _("потребности в наставнике")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["closed_at"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_reason_display()}"
