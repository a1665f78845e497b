"""Resolving the target that applies to a unit: the nearest saved one above it."""

from decimal import Decimal

from .indicators import Indicator
from .models import IndicatorTarget

EVERYWHERE = None


class TargetResolver:
    """Loads an indicator's targets for a year in one query and resolves them.

    Lookup order for a unit: its own territory (municipality or region), then
    its municipality, its region, the target for all territories, and finally
    the indicator's default_target.
    """

    def __init__(self, indicator: Indicator, year: int):
        self.indicator = indicator
        self.year = year
        self._targets: dict[int | None, Decimal] = dict(
            IndicatorTarget.objects.filter(
                indicator=indicator.code, year=year
            ).values_list("territory_id", "value")
        )

    def for_territories(self, *territory_ids: int | None) -> Decimal | None:
        """The first saved target along the given territory ids (most specific
        first), else the all-territories target, else the default."""
        for territory_id in territory_ids:
            if territory_id is not None and territory_id in self._targets:
                return self._targets[territory_id]
        if EVERYWHERE in self._targets:
            return self._targets[EVERYWHERE]
        return self.indicator.default_target

    def own(self, territory_id: int | None) -> Decimal | None:
        """The target saved for exactly this territory (None: inherited)."""
        return self._targets.get(territory_id)
