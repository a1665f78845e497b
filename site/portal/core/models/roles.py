"""Editor roles: who edits which territory. Read by portal.permissions.policy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class EditorRole(models.Model):
    """Grants a user a role over a region, a municipality or an organisation.

    Saving one re-syncs the user's Wagtail groups (portal.permissions.groups),
    so the page tree and the registries agree with the policy.
    """

    class Role(models.TextChoices):
        REGIONAL_ADMIN = "regional_admin", _("Региональный администратор")
        MUNICIPAL_EDITOR = "municipal_editor", _("Муниципальный редактор")
        ORGANISATION_EDITOR = "organisation_editor", _("Редактор организации")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        related_name="editor_roles",
    )
    role = models.CharField(_("роль"), max_length=32, choices=Role.choices)
    territory = models.ForeignKey(
        "core.Territory",
        verbose_name=_("территория"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="editor_roles",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="editor_roles",
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("role"),
        FieldPanel("territory"),
        FieldPanel("organisation"),
    ]

    class Meta:
        verbose_name = _("роль редактора")
        verbose_name_plural = _("роли редакторов")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "territory", "organisation"],
                name="unique_editor_role",
            )
        ]

    def __str__(self) -> str:
        target = self.organisation or self.territory
        return f"{self.user} — {self.get_role_display()}: {target}"

    def clean(self) -> None:
        kind = self.territory.kind if self.territory_id else None
        if self.role == self.Role.REGIONAL_ADMIN and kind != "region":
            raise ValidationError({"territory": _("Укажите субъект РФ.")})
        if self.role == self.Role.MUNICIPAL_EDITOR and kind != "municipality":
            raise ValidationError(
                {"territory": _("Укажите муниципальное образование.")}
            )
        if self.role == self.Role.ORGANISATION_EDITOR and not self.organisation_id:
            raise ValidationError({"organisation": _("Укажите организацию.")})
