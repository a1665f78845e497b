"""Who belongs to a community, in which role, and how they came (request, invitation).

One row per person and community: a request, an invitation, active membership and
leaving are states of the same row, so a person who left and comes back keeps one
history line. Members are personal data: the public sees a count, and names only of
people who consented (``Person.public_data``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """A person's membership of a community; territorial through the community."""

    class Role(models.TextChoices):
        HEAD = "head", _("Руководитель")
        DEPUTY = "deputy", _("Заместитель руководителя")
        SECRETARY = "secretary", _("Секретарь")
        MEMBER = "member", _("Участник")
        EXPERT = "expert", _("Эксперт")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Заявка на вступление")
        INVITED = "invited", _("Приглашён(а)")
        ACTIVE = "active", _("Участник")
        DECLINED = "declined", _("Отклонено")
        LEFT = "left", _("Вышел(а) из сообщества")

    #: Roles whose holders manage the community's plan, members and materials.
    LEADERS = (Role.HEAD, Role.DEPUTY)

    community = models.ForeignKey(
        "communities.CommunityPage", verbose_name=_("сообщество"),
        on_delete=models.CASCADE, related_name="memberships",
    )  # fmt: skip
    person = models.ForeignKey(
        "core.Person", verbose_name=_("участник"), on_delete=models.CASCADE,
        related_name="community_memberships",
    )  # fmt: skip
    role = models.CharField(
        _("роль"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    message = models.TextField(_("сообщение"), blank=True)
    joined_on = models.DateField(_("вступил(а)"), null=True, blank=True)
    left_on = models.DateField(_("вышел(а)"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем принято решение"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто пригласил"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("участие в сообществе")
        verbose_name_plural = _("участие в сообществах")
        ordering = ["community", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"], name="communities_one_membership"
            )
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.community}: {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_leader(self) -> bool:
        return self.is_active and self.role in self.LEADERS
