"""The public open-data page: region-level aggregates of public indicators only.

No unit below the region and no personal data ever reaches this page or its
downloads. Mounted at /opendata/ through portal.dashboard.urls.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.core.models import Territory

from .export import XLSX_CONTENT_TYPE, csv_text, met_text, xlsx_sheet_bytes
from .indicators import Indicator, IndicatorValue, UnitLevel, Units
from .periods import Period
from .registry import public_indicators
from .targets import TargetResolver


@dataclass
class RegionValue:
    region: Territory
    value: IndicatorValue | None
    target: object
    met: bool | None


@dataclass
class IndicatorBlock:
    indicator: Indicator
    values: list[RegionValue]


def _period(request) -> Period:
    return Period.parse(request.GET.get("period", "")) or Period.current()


def blocks(period: Period) -> list[IndicatorBlock]:
    """Every public indicator for every region: one compute and one target query
    per indicator, whatever the number of regions."""
    regions = list(
        Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name")
    )
    units = Units.of(UnitLevel.REGION, (r.pk for r in regions))
    result = []
    for indicator in public_indicators():
        values = indicator.compute(units, period) if regions else {}
        resolver = TargetResolver(indicator, period.year)
        rows = []
        for region in regions:
            value = values.get(region.pk)
            target = resolver.for_territories(region.pk)
            rows.append(
                RegionValue(region, value, target, indicator.is_met(value, target))
            )
        result.append(IndicatorBlock(indicator, rows))
    return result


def header() -> list[str]:
    return [
        _("Код показателя"),
        _("Показатель"),
        _("Единица измерения"),
        _("Субъект РФ"),
        _("ОКТМО"),
        _("Период"),
        _("Начало периода"),
        _("Окончание периода"),
        _("Значение"),
        _("Числитель"),
        _("Знаменатель"),
        _("Целевое значение"),
        _("Выполнено"),
    ]


def flat_rows(period: Period) -> list[list]:
    rows = []
    for block in blocks(period):
        for item in block.values:
            value = item.value
            rows.append(
                [
                    block.indicator.code,
                    str(block.indicator.title),
                    str(block.indicator.unit),
                    item.region.name,
                    item.region.oktmo,
                    period.label,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    value.value if value else None,
                    value.numerator if value else None,
                    value.denominator if value else None,
                    item.target,
                    met_text(item.met),
                ]
            )
    return rows


def index(request):
    period = _period(request)
    periods = Period.choices()
    if period not in periods:
        periods.insert(0, period)
    return render(
        request,
        "dashboard/opendata.html",
        {
            "period": period,
            "periods": periods,
            "blocks": blocks(period),
        },
    )


def download_csv(request):
    period = _period(request)
    response = HttpResponse(
        csv_text(header(), flat_rows(period)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="indicators-{period.key}.csv"'
    )
    return response


def download_xlsx(request):
    period = _period(request)
    title = _("Показатели научно-методического сопровождения: %(period)s") % {
        "period": period.label
    }
    response = HttpResponse(
        xlsx_sheet_bytes(title, header(), flat_rows(period)),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="indicators-{period.key}.xlsx"'
    )
    return response
