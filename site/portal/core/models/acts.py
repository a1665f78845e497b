"""The library of normative acts (DOMAIN.md "Portal core"; 004 cites 17 acts)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..dates import parse_russian_date
from ..levels import Level

_NUMBER_PREFIX = re.compile(r"^\s*(№|N|No\.?|#)\s*", re.IGNORECASE)
_DATE_NUMBER = re.compile(r"^(?P<date>.+?)\s*(№|N)\s*(?P<number>\S.*)$")


def normalise_act_number(number: str) -> str:
    """'№ 3273-р' and '№3273-Р' → '3273-р': the key used to match variants."""
    value = _NUMBER_PREFIX.sub("", number or "").strip()
    value = re.sub(r"\s*-\s*", "-", value)
    # Latin look-alikes typed into Cyrillic suffixes: 'p' → 'р', 'P' → 'р'.
    value = value.translate(
        str.maketrans("pPcCoOaAeExXkKmMtTbBhH", "ррссооааееххккммттввнн")
    )
    return value.lower()


def parse_act_reference(text: str) -> tuple["object | None", str]:
    """'10.12.2020№1013' → (date(2020, 12, 10), '1013'); unknown parts are None/''."""
    match = _DATE_NUMBER.match((text or "").strip())
    if not match:
        return parse_russian_date(text), ""
    return parse_russian_date(match["date"]), normalise_act_number(match["number"])


class NormativeAct(index.Indexed, models.Model):
    """A federal, regional, municipal or school act, shown by ActsPage in any section."""

    class Kind(models.TextChoices):
        LAW = "law", _("Федеральный закон")
        DECREE = "decree", _("Указ")
        RESOLUTION = "resolution", _("Постановление")
        ORDER = "order", _("Приказ")
        INSTRUCTION = "instruction", _("Распоряжение")
        LETTER = "letter", _("Письмо")
        REGULATION = "regulation", _("Положение")
        CONCEPT = "concept", _("Концепция")
        ROADMAP = "roadmap", _("Дорожная карта")
        OTHER = "other", _("Иной документ")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Действует")
        REPEALED = "repealed", _("Утратил силу")

    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    issuer = models.CharField(_("кем принят"), max_length=255)
    number = models.CharField(_("номер"), max_length=64, blank=True)
    number_key = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )
    date = models.DateField(_("дата"), null=True, blank=True)
    title = models.CharField(_("заголовок"), max_length=1000)
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    level = models.CharField(_("уровень"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        "core.Territory", verbose_name=_("субъект РФ"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "region"},
    )  # fmt: skip
    municipality = models.ForeignKey(
        "core.Territory", verbose_name=_("муниципалитет"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "municipality"},
    )  # fmt: skip
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("организация"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="acts",
    )  # fmt: skip
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("файл"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    url = models.URLField(_("ссылка"), blank=True, max_length=1000)
    implements = models.ForeignKey(
        "self", verbose_name=_("во исполнение"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="implementing_acts",
    )  # fmt: skip

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("issuer"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("region"),
                FieldPanel("municipality"),
                FieldPanel("organisation"),
            ],
            heading=_("Уровень и территория"),
        ),
        FieldRowPanel([FieldPanel("document"), FieldPanel("url")]),
        FieldPanel("implements"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("issuer"),
        index.SearchField("number"),
        index.AutocompleteField("title"),
        index.FilterField("level"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("region"),
        index.FilterField("municipality"),
    ]

    class Meta:
        verbose_name = _("нормативный акт")
        verbose_name_plural = _("нормативные акты")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.reference or self.title

    @property
    def reference(self) -> str:
        """'Приказ от 12.03.2024 № 45-р (Министерство образования области)'."""
        parts = [self.get_kind_display()]
        if self.date:
            parts.append(self.date.strftime("от %d.%m.%Y"))
        if self.number:
            parts.append(f"№ {self.number}")
        text = " ".join(parts)
        return f"{text} ({self.issuer})" if self.issuer else text

    @property
    def link(self) -> str:
        return self.document.url if self.document_id else self.url

    def clean(self) -> None:
        self.number = _NUMBER_PREFIX.sub("", self.number or "").strip()
        if self.level == Level.FEDERAL and (self.region_id or self.municipality_id):
            raise ValidationError(
                {"region": _("Федеральный акт не привязывается к территории.")}
            )
        if self.level == Level.REGIONAL and not self.region_id:
            raise ValidationError(
                {"region": _("Укажите субъект РФ для регионального акта.")}
            )
        if self.level == Level.MUNICIPAL and not self.municipality_id:
            raise ValidationError(
                {"municipality": _("Укажите муниципалитет для муниципального акта.")}
            )
        if self.level == Level.INSTITUTIONAL and not self.organisation_id:
            raise ValidationError({"organisation": _("Укажите организацию.")})

    def save(self, *args, **kwargs):
        self.number_key = normalise_act_number(self.number)
        if self.municipality_id and not self.region_id:
            self.region_id = self.municipality.parent_id
        if self.organisation_id:
            self.municipality_id = (
                self.municipality_id or self.organisation.municipality_id
            )
            self.region_id = self.region_id or self.organisation.region_id
        super().save(*args, **kwargs)
