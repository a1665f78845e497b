"""The indicator interface plugins implement (docs/dashboard.md).

A plugin lists its indicators in its AppConfig:

    dashboard_indicators = ("plugins.young_teachers.indicators.YoungTeachersCovered",)

Each entry is an `Indicator` subclass. The dashboard asks it for values of many
units at once (`compute(units, period)`), one level at a time, so an indicator
answers with a constant number of grouped queries however many municipalities or
schools there are. `TerritorialIndicator` does that grouping for indicators that
count records of territorial models.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import ClassVar

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.permissions.registry import TerritoryPaths, paths_for

from .periods import Period


class UnitLevel(StrEnum):
    """The three levels a dashboard table shows rows of."""

    REGION = "region"
    MUNICIPALITY = "municipality"
    ORGANISATION = "organisation"


class Kind(StrEnum):
    """How an indicator's value is formed from its numerator and denominator."""

    #: value = numerator (a number of records); no denominator.
    COUNT = "count"
    #: value = numerator / denominator × 100, in per cent.
    SHARE = "share"
    #: value = numerator / denominator (e.g. teachers per methodist).
    RATIO = "ratio"


class Direction(StrEnum):
    """Which side of the target counts as met."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


@dataclass(frozen=True)
class Units:
    """The units to compute values for: ids of one level (Territory or Organisation pks)."""

    level: UnitLevel
    ids: frozenset[int]

    @classmethod
    def of(cls, level: UnitLevel | str, ids) -> "Units":
        return cls(UnitLevel(level), frozenset(ids))


@dataclass(frozen=True)
class IndicatorValue:
    """One unit's value. `value` is None when it cannot be formed (zero denominator)."""

    value: Decimal | int | None
    numerator: Decimal | int
    denominator: Decimal | int | None = None


PLACES = Decimal("0.1")


class Indicator:
    """Base of every dashboard indicator.

    Subclasses set the class attributes and implement `compute`. Values are
    per unit; the dashboard never asks for one unit at a time.
    """

    #: Unique, stable code (also the key of saved targets), e.g. "young_teachers.covered".
    code: ClassVar[str] = ""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: Unit of measurement shown next to values; "%" for shares.
    unit: ClassVar[str] = ""
    kind: ClassVar[Kind] = Kind.COUNT
    direction: ClassVar[Direction] = Direction.AT_LEAST
    #: Target used when no target is saved for the territory and year (None: no target).
    default_target: ClassVar[Decimal | None] = None
    #: Column captions of the numerator and denominator (shares and ratios).
    numerator_label: ClassVar[str] = _("Числитель")
    denominator_label: ClassVar[str] = _("Знаменатель")
    #: Which period the dashboard opens with: Period.CALENDAR or Period.SCHOOL.
    period_kind: ClassVar[str] = Period.CALENDAR
    #: Shown on the public open-data page (region-level aggregates only).
    public: ClassVar[bool] = True
    #: Position in the indicator list.
    order: ClassVar[int] = 100

    def compute(self, units: Units, period: Period) -> dict[int, IndicatorValue]:
        """Values of the given units for the period, keyed by unit id.

        Units missing from the answer have no data. Must run a bounded number of
        queries (aggregate with values()/annotate(), never a query per unit).
        """
        raise NotImplementedError

    # Helpers for subclasses and the dashboard.

    @property
    def has_denominator(self) -> bool:
        return self.kind != Kind.COUNT

    def make_value(self, numerator, denominator=None) -> IndicatorValue:
        """Form an IndicatorValue from a numerator (and denominator) by the kind."""
        numerator = numerator or 0
        if self.kind == Kind.COUNT:
            return IndicatorValue(numerator, numerator, None)
        denominator = denominator or 0
        if not denominator:
            return IndicatorValue(None, numerator, denominator)
        ratio = Decimal(numerator) / Decimal(denominator)
        if self.kind == Kind.SHARE:
            ratio *= 100
        return IndicatorValue(
            ratio.quantize(PLACES, rounding=ROUND_HALF_UP), numerator, denominator
        )

    def combine(self, values) -> IndicatorValue:
        """The value of a group of units from theirs (sums numerators and
        denominators). Override for indicators that are not additive."""
        values = [v for v in values if v is not None]
        numerator = sum((v.numerator for v in values), 0)
        if self.kind == Kind.COUNT:
            return self.make_value(numerator)
        denominator = sum((v.denominator or 0 for v in values), 0)
        return self.make_value(numerator, denominator)

    def is_met(self, value: IndicatorValue | None, target) -> bool | None:
        """True/False against the target; None when either is missing."""
        if value is None or value.value is None or target is None:
            return None
        if self.direction == Direction.AT_MOST:
            return Decimal(value.value) <= Decimal(target)
        return Decimal(value.value) >= Decimal(target)

    @property
    def direction_sign(self) -> str:
        return "≤" if self.direction == Direction.AT_MOST else "≥"

    def __str__(self) -> str:
        return str(self.title)


def count_by_unit(
    queryset: QuerySet,
    units: Units,
    paths: TerritoryPaths | None = None,
    expression=None,
) -> dict[int, int] | None:
    """Aggregate `queryset` per unit in one query: {unit_id: count}.

    `paths` tell how the model reaches region, municipality and organisation
    (default: the paths the model was registered with as territorial). Returns
    None when the model is not bound at the requested level.
    """
    paths = paths or paths_for(queryset.model)
    lookup = getattr(paths, units.level.value, "") if paths else ""
    if not lookup or not units.ids:
        return None if not lookup else {}
    rows = (
        queryset.filter(**{f"{lookup}__in": units.ids})
        .order_by()
        .values(lookup)
        .annotate(n=expression or Count("pk", distinct=True))
        .values_list(lookup, "n")
    )
    return dict(rows)


class TerritorialIndicator(Indicator):
    """An indicator counting records of territorial models.

    Implement `numerator_queryset(period)` and, for shares and ratios,
    `denominator_queryset(period)`. Records are grouped by the model's territory
    paths (portal.permissions.registry) unless `numerator_paths` /
    `denominator_paths` say otherwise. Two queries per level at most.
    """

    numerator_paths: ClassVar[TerritoryPaths | None] = None
    denominator_paths: ClassVar[TerritoryPaths | None] = None
    #: Aggregate expression; default counts distinct records.
    numerator_expression: ClassVar = None
    denominator_expression: ClassVar = None

    def numerator_queryset(self, period: Period) -> QuerySet:
        raise NotImplementedError

    def denominator_queryset(self, period: Period) -> QuerySet | None:
        return None

    def compute(self, units: Units, period: Period) -> dict[int, IndicatorValue]:
        numerators = count_by_unit(
            self.numerator_queryset(period),
            units,
            self.numerator_paths,
            self.numerator_expression,
        )
        if numerators is None:
            return {}
        if not self.has_denominator:
            return {uid: self.make_value(numerators.get(uid, 0)) for uid in units.ids}
        denominators = count_by_unit(
            self.denominator_queryset(period),
            units,
            self.denominator_paths,
            self.denominator_expression,
        )
        if denominators is None:
            return {}
        return {
            uid: self.make_value(numerators.get(uid, 0), denominators.get(uid, 0))
            for uid in units.ids
        }
