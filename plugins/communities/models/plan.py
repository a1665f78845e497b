"""A community's plan of work per year: items that may link to events.

An item links to a page (``event``) rather than to the events plugin's model, so the
plan works whether or not that plugin is installed; when it is, the link is limited to
event pages and the annual report counts their attendance through the typed hook
``portal_event_attendance``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkPlan(models.Model):
    """The plan of a community for one calendar year; public once published."""

    community = models.ForeignKey(
        "communities.CommunityPage", verbose_name=_("сообщество"),
        on_delete=models.CASCADE, related_name="plans",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("год"))
    published = models.BooleanField(_("опубликован"), default=False)
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    note = models.TextField(_("пояснение"), blank=True)

    class Meta:
        verbose_name = _("план работы")
        verbose_name_plural = _("планы работы")
        ordering = ["community", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"], name="communities_one_plan_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} — {self.year}"


class PlanItem(models.Model):
    """One line of a plan: topic, form, date, responsible, and whether it was done."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("план"), on_delete=models.CASCADE, related_name="items"
    )
    topic = models.CharField(_("тема"), max_length=500)
    form = models.CharField(
        _("форма"), max_length=200, blank=True,
        help_text=_("Заседание, семинар, открытый урок, мастер-класс…"),
    )  # fmt: skip
    date = models.DateField(_("дата"), null=True, blank=True)
    period = models.CharField(
        _("срок"), max_length=100, blank=True,
        help_text=_("Если точной даты нет: «октябрь», «в течение года»."),
    )  # fmt: skip
    responsible = models.ForeignKey(
        "core.Person", verbose_name=_("ответственный"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("На сайте показывается только с согласия на публикацию."),
    )  # fmt: skip
    responsible_note = models.CharField(
        _("ответственный (должность)"), max_length=255, blank=True,
        help_text=_("Например, «руководитель РМО»."),
    )  # fmt: skip
    event = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("мероприятие"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    done = models.BooleanField(_("выполнено"), default=False)
    result = models.TextField(_("результат"), blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("пункт плана")
        verbose_name_plural = _("пункты плана")
        ordering = ["plan", "date", "order", "pk"]

    def __str__(self) -> str:
        return self.topic
