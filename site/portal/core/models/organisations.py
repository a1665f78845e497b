"""Organisations: schools, the regional centres, municipal services (DOMAIN.md)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..levels import Level
from ..validators import validate_inn, validate_ogrn


class OrganisationStatus(models.Model):
    """Editable taxonomy of statuses a school may hold (003 §6.13)."""

    name = models.CharField(_("название"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("статус организации")
        verbose_name_plural = _("статусы организаций")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(index.Indexed, models.Model):
    """An organisation in the region; natural keys are ИНН and ОГРН.

    Territorial record: scoped by region, municipality and itself
    (portal.permissions.registry).
    """

    class Kind(models.TextChoices):
        SCHOOL = "school", _("Общеобразовательная организация")
        KINDERGARTEN = "kindergarten", _("Дошкольная образовательная организация")
        ADDITIONAL = "additional", _("Организация дополнительного образования")
        COLLEGE = "college", _("Профессиональная образовательная организация")
        UNIVERSITY = "university", _("Образовательная организация высшего образования")
        DPO = "dpo", _("Организация ДПО (ИРО, ИПК)")
        CNPPM = "cnppm", _("ЦНППМ")
        COPMKP = "copmkp", _("ЦОПМКП")
        MMS = "mms", _("Муниципальная методическая служба")
        MUNICIPAL_AUTHORITY = (
            "municipal_authority",
            _("Муниципальный орган управления образованием"),
        )
        REGIONAL_AUTHORITY = (
            "regional_authority",
            _("Региональный орган управления образованием"),
        )
        OTHER = "other", _("Иная организация")

    REGIONAL_KINDS = {Kind.DPO, Kind.CNPPM, Kind.COPMKP, Kind.REGIONAL_AUTHORITY}
    MUNICIPAL_KINDS = {Kind.MMS, Kind.MUNICIPAL_AUTHORITY}

    name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=255, blank=True)
    kind = models.CharField(
        _("тип"), max_length=32, choices=Kind.choices, default=Kind.SCHOOL
    )
    level = models.CharField(
        _("уровень"), max_length=16, choices=Level.choices, blank=True
    )
    region = models.ForeignKey(
        "core.Territory",
        verbose_name=_("субъект РФ"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "region"},
    )
    municipality = models.ForeignKey(
        "core.Territory",
        verbose_name=_("муниципалитет"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        limit_choices_to={"kind": "municipality"},
    )
    number = models.CharField(
        _("номер"),
        max_length=20,
        blank=True,
        help_text=_("Номер школы, например 5 для «СОШ № 5»."),
    )
    inn = models.CharField(
        _("ИНН"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_inn],
    )
    ogrn = models.CharField(
        _("ОГРН"),
        max_length=15,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ogrn],
    )
    aliases = models.TextField(
        _("другие названия"),
        blank=True,
        help_text=_("По одному на строку: как организацию называют в таблицах."),
    )
    statuses = models.ManyToManyField(
        OrganisationStatus,
        verbose_name=_("статусы"),
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("официальный сайт"), blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    phone = models.CharField(_("телефон организации"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail организации"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("region"), FieldPanel("municipality")]),
        FieldRowPanel([FieldPanel("inn"), FieldPanel("ogrn"), FieldPanel("number")]),
        FieldPanel("aliases"),
        FieldPanel("statuses"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Контакты"),
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("short_name", boost=2),
        index.SearchField("aliases"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("region"),
        index.FilterField("municipality"),
    ]

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.municipality_id and self.region_id:
            if self.municipality.parent_id != self.region_id:
                raise ValidationError(
                    {
                        "municipality": _(
                            "Муниципалитет не входит в выбранный субъект РФ."
                        )
                    }
                )
        if not self.level:
            self.level = self.default_level()

    def save(self, *args, **kwargs):
        if not self.level:
            self.level = self.default_level()
        if self.municipality_id and not self.region_id:
            self.region_id = self.municipality.parent_id
        super().save(*args, **kwargs)

    def default_level(self) -> str:
        if self.kind in self.REGIONAL_KINDS:
            return Level.REGIONAL
        if self.kind in self.MUNICIPAL_KINDS:
            return Level.MUNICIPAL
        return Level.INSTITUTIONAL

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    @staticmethod
    def number_from_name(name: str) -> str:
        """'МБОУ СОШ № 5' → '5'; names without a number give ''."""
        match = re.search(r"№\s*(\d+[А-Яа-я]?)", name) or re.fullmatch(
            r"\s*(\d+)\s*", name
        )
        return match.group(1) if match else ""
