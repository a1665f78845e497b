"""Targets of indicators, editable per territory and year (DOMAIN.md "Indicators")."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IndicatorTarget(models.Model):
    """The target of one indicator for one territory (or all territories) and year.

    Edited in the admin under «Показатели → Целевые значения»
    (portal.dashboard.wagtail_hooks). A unit without its own target inherits the
    nearest one above: organisation → municipality → region → all territories →
    the indicator's default.
    """

    indicator = models.CharField(
        _("показатель"),
        max_length=100,
        help_text=_("Код показателя, который объявляет модуль."),
    )
    territory = models.ForeignKey(
        "core.Territory",
        verbose_name=_("территория"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_targets",
        help_text=_(
            "Субъект РФ или муниципалитет. Пусто — для всех территорий, "
            "где не задано своё значение."
        ),
    )
    #: The territory's region, kept in step in clean()/save() so the territory
    #: policy can scope targets of a region and its municipalities together.
    region = models.ForeignKey(
        "core.Territory",
        verbose_name=_("субъект РФ"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("год"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Для учебного года — год его начала (2024 для 2024/2025)."),
    )
    value = models.DecimalField(
        _("целевое значение"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Для долей — в процентах, например 70."),
    )

    class Meta:
        verbose_name = _("целевое значение показателя")
        verbose_name_plural = _("целевые значения показателей")
        ordering = ["indicator", "-year", "territory__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "year"],
                condition=Q(territory__isnull=False),
                name="unique_indicator_target_per_territory",
                violation_error_message=_(
                    "Для этого показателя, территории и года целевое значение уже задано."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(territory__isnull=True),
                name="unique_indicator_target_everywhere",
                violation_error_message=_(
                    "Для этого показателя и года общее целевое значение уже задано."
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.territory or _("все территории")
        return f"{self.indicator_title} — {where}, {self.year}: {self.value}"

    @property
    def indicator_title(self) -> str:
        from .registry import get_indicator

        indicator = get_indicator(self.indicator)
        return str(indicator.title) if indicator else self.indicator

    def clean(self) -> None:
        self._sync_region()

    def save(self, *args, **kwargs):
        self._sync_region()
        super().save(*args, **kwargs)

    def _sync_region(self) -> None:
        territory = self.territory if self.territory_id else None
        self.region_id = territory.region_id_value if territory else None
