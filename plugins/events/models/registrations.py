"""Registrations for events: who asked for a seat, with which status, how to cancel.

Personal data (152-ФЗ): a registration holds the participant's name, e-mail, organisation
and position, given with their consent for this event; only the event's organisers see
it (admin, later slices). It never reaches the search index or a public page.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Ожидает подтверждения организатора")
        CONFIRMED = "confirmed", _("Участие подтверждено")
        WAITLIST = "waitlist", _("В листе ожидания")
        REJECTED = "rejected", _("Отклонена")
        CANCELLED = "cancelled", _("Отменена участником")

    #: Statuses that hold a seat.
    SEATED = (Status.PENDING, Status.CONFIRMED)
    #: Statuses of a live registration (one per person and event).
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLIST)

    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("мероприятие"), on_delete=models.CASCADE,
        related_name="registrations",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("пользователь"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    person = models.ForeignKey(
        "core.Person", verbose_name=_("педагог"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    name = models.CharField(_("ФИО"), max_length=255)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("организация"), max_length=500, blank=True)
    position = models.CharField(_("должность"), max_length=255, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consent_at = models.DateTimeField(_("согласие на обработку данных"))
    created_at = models.DateTimeField(_("подана"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    reminded_at = models.DateTimeField(
        _("напоминание отправлено"), null=True, blank=True
    )
    attended = models.BooleanField(
        _("присутствовал(а)"), default=False,
        help_text=_("Отмечается организатором; засчитывается в индивидуальный маршрут."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("регистрация")
        verbose_name_plural = _("регистрации")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["pending", "confirmed", "waitlist"]),
                name="events_registration_one_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.event_id}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEATED
