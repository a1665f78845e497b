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
        HEAD = "head", _("Ожидает согласования руководителя")
        PENDING = "pending", _("Ожидает подтверждения организатора")
        CONFIRMED = "confirmed", _("Участие подтверждено")
        WAITLIST = "waitlist", _("В листе ожидания")
        REJECTED = "rejected", _("Отклонена")
        CANCELLED = "cancelled", _("Отменена участником")

    #: Statuses that hold a seat.
    SEATED = (Status.HEAD, Status.PENDING, Status.CONFIRMED)
    #: Statuses of a live registration (one per person and event).
    ACTIVE = (Status.HEAD, Status.PENDING, Status.CONFIRMED, Status.WAITLIST)

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
    head_email = models.EmailField(
        _("e-mail руководителя"), blank=True,
        help_text=_("Кому ушёл запрос на согласование участия (режим «с согласованием руководителя»)."),
    )  # fmt: skip
    # The head's link is not the participant's: they must not approve themselves.
    head_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
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
                condition=Q(status__in=["head", "pending", "confirmed", "waitlist"]),
                name="events_registration_one_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.event_id}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEATED

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def attended_label(self) -> str:
        return str(_("да") if self.attended else _("нет"))

    @property
    def number(self) -> str:
        """The registration's number on its ticket and certificate."""
        return f"{self.event_id}-{self.pk:06d}"


class EventAnnouncement(models.Model):
    """What the participants of an event were last told: the watched facts of its live
    version (``changes.WATCHED``), kept apart from the page so that revisions, drafts,
    scheduled publishing and purged revisions never disturb it."""

    event = models.OneToOneField(
        "events.EventPage", primary_key=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    facts = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("объявленные сведения о мероприятии")
        verbose_name_plural = _("объявленные сведения о мероприятиях")
