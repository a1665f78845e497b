"""Territories: regions (субъекты РФ) and municipalities (муниципальные образования)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..validators import validate_oktmo


class Territory(index.Indexed, models.Model):
    """A region or a municipality. Registered as a snippet in portal.core.wagtail_hooks."""

    class Kind(models.TextChoices):
        REGION = "region", _("Субъект РФ")
        MUNICIPALITY = "municipality", _("Муниципальное образование")

    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("название"), max_length=255)
    short_name = models.CharField(_("краткое название"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("субъект РФ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipalities",
        limit_choices_to={"kind": "region"},
        help_text=_(
            "Для муниципального образования — субъект РФ, в который оно входит."
        ),
    )
    oktmo = models.CharField(
        _("код ОКТМО"), max_length=11, unique=True, validators=[validate_oktmo]
    )
    region_code = models.CharField(
        _("код субъекта"), max_length=3, blank=True, help_text=_("Например, 52.")
    )
    timezone = models.CharField(
        _("часовой пояс"),
        max_length=40,
        default="Europe/Moscow",
        help_text=_("Идентификатор IANA, например Asia/Yekaterinburg."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("parent"),
        FieldPanel("oktmo"),
        FieldPanel("region_code"),
        FieldPanel("timezone"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("parent"),
    ]

    class Meta:
        verbose_name = _("территория")
        verbose_name_plural = _("территории")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.REGION and self.parent_id:
            raise ValidationError(
                {"parent": _("У субъекта РФ не может быть вышестоящего.")}
            )
        if self.kind == self.Kind.MUNICIPALITY and not self.parent_id:
            raise ValidationError(
                {"parent": _("Укажите субъект РФ, в который входит муниципалитет.")}
            )

    @property
    def region(self) -> "Territory":
        return self if self.kind == self.Kind.REGION else self.parent

    @property
    def region_id_value(self) -> int:
        return self.pk if self.kind == self.Kind.REGION else self.parent_id
