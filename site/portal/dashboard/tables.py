"""The table of one indicator for one node: rows, targets, the total.

One table feeds the admin page, its chart and the XLSX export, so what an
office downloads is exactly what it saw.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .indicators import Indicator, IndicatorValue, Units
from .periods import Period
from .targets import TargetResolver
from .units import Unit


@dataclass
class Row:
    unit: Unit | None
    label: str
    value: IndicatorValue | None
    target: Decimal | None
    met: bool | None
    #: True when the target is saved for this very territory (not inherited).
    own_target: bool = False
    url: str = ""

    @property
    def has_value(self) -> bool:
        return self.value is not None and self.value.value is not None


@dataclass
class IndicatorTable:
    indicator: Indicator
    period: Period
    #: What the table is about: a territory's name or "all available territories".
    scope_label: str
    rows: list[Row]
    total: Row | None
    created: object = field(default_factory=timezone.localtime)

    @property
    def targets_shown(self) -> bool:
        return any(r.target is not None for r in [*self.rows, self.total] if r)


def build_table(
    indicator: Indicator,
    period: Period,
    groups: list[list[Unit]],
    node: Unit | None,
    scope_label: str,
    total_label: str,
) -> IndicatorTable:
    """Compute the rows of `groups` (one compute per level group) and the total.

    The total is computed for the node itself, so records bound to the node but
    to none of its rows still count; without a node (a user's several roots) it
    is combined from the rows.
    """
    resolver = TargetResolver(indicator, period.year)
    rows = []
    for group in groups:
        if not group:
            continue
        values = indicator.compute(
            Units.of(group[0].level, (u.id for u in group)), period
        )
        for unit in group:
            value = values.get(unit.id)
            target = resolver.for_territories(*unit.territory_chain)
            rows.append(
                Row(
                    unit=unit,
                    label=unit.name,
                    value=value,
                    target=target,
                    met=indicator.is_met(value, target),
                    own_target=resolver.own(unit.id) is not None
                    and unit.level != "organisation",
                )
            )
    if node is not None:
        value = indicator.compute(Units.of(node.level, [node.id]), period).get(node.id)
        target = resolver.for_territories(*node.territory_chain)
    else:
        value = indicator.combine(r.value for r in rows) if rows else None
        targets = {r.target for r in rows}
        target = targets.pop() if len(targets) == 1 else None
    total = Row(
        unit=node,
        label=total_label,
        value=value,
        target=target,
        met=indicator.is_met(value, target),
    )
    return IndicatorTable(indicator, period, scope_label, rows, total)
