"""Support records entered by schools and municipal offices (or imported), and the
young teacher's card: when they joined the school and whether they left.

Who is a young teacher is never stored: ``portal.core.young`` computes it from the
birth date and the career start. Support that other plugins' records already show
(a mentoring pair, attendance at events for young teachers, membership of an
association) is not copied here either: it comes through ``portal_support_sources``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .taxonomy import SupportForm


class SupportRecord(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Внесено вручную")
        IMPORT = "import", _("Загружено из таблицы")

    person = models.ForeignKey(
        "core.Person", verbose_name=_("молодой педагог"), on_delete=models.CASCADE,
        related_name="support_records",
    )  # fmt: skip
    form = models.ForeignKey(
        SupportForm, verbose_name=_("форма поддержки"), on_delete=models.PROTECT,
        related_name="records",
    )  # fmt: skip
    title = models.CharField(
        _("что именно"), max_length=500, blank=True,
        help_text=_("«Школа молодого педагога», «Клуб „Педагогический старт“»…"),
    )  # fmt: skip
    start_date = models.DateField(_("с"), default=datetime.date.today)
    end_date = models.DateField(_("по"), null=True, blank=True)
    organiser = models.ForeignKey(
        "core.Organisation", verbose_name=_("кто организует"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    source = models.CharField(
        _("источник"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    note = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем внесено"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("поддержка молодого педагога")
        verbose_name_plural = _("поддержка молодых педагогов")
        ordering = ["-start_date", "pk"]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.title or self.form}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Окончание раньше начала.")})


class YoungTeacherCard(models.Model):
    """Entry and departure: the date of joining the school, and leaving the profession
    or the region within the first years (retention is what the support is for)."""

    class Departure(models.TextChoices):
        PROFESSION = "profession", _("Ушёл (ушла) из профессии")
        REGION = "region", _("Уехал (уехала) из региона")
        OTHER = "other", _("Другое")

    person = models.OneToOneField(
        "core.Person", verbose_name=_("педагог"), on_delete=models.CASCADE,
        related_name="young_teacher_card",
    )  # fmt: skip
    joined_school_on = models.DateField(
        _("принят(а) в организацию"), null=True, blank=True
    )
    left_on = models.DateField(_("выбыл(а)"), null=True, blank=True)
    left_reason = models.CharField(
        _("причина выбытия"), max_length=16, choices=Departure.choices, blank=True
    )
    note = models.TextField(_("комментарий"), blank=True)

    class Meta:
        verbose_name = _("карточка молодого педагога")
        verbose_name_plural = _("карточки молодых педагогов")

    def __str__(self) -> str:
        return str(self.person)

    def clean(self):
        if self.left_on and not self.left_reason:
            raise ValidationError({"left_reason": _("Укажите причину выбытия.")})
