"""Shared helpers for the dashboard tests: dummy indicators, URLs, ORM expectations."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from portal.core.models import Person
from portal.dashboard.indicators import Direction, Kind, TerritorialIndicator

YEAR = 2025
PERIOD = f"?period={YEAR}"


class ConsentShare(TerritorialIndicator):
    """A share indicator a plugin could contribute: people who agreed to publication."""

    code = "dummy.consent_share"
    title = "Доля работников, давших согласие на публикацию"
    unit = "%"
    kind = Kind.SHARE
    default_target = Decimal("70")
    numerator_label = "Дали согласие"
    denominator_label = "Всего работников"

    def numerator_queryset(self, period):
        return Person.objects.filter(public_consent=True)

    def denominator_queryset(self, period):
        return Person.objects.all()


class CareerStarts(TerritorialIndicator):
    """A period-bound count: people who started teaching within the period."""

    code = "dummy.career_starts"
    title = "Начали педагогическую деятельность"
    unit = "чел."
    direction = Direction.AT_MOST
    public = False

    def numerator_queryset(self, period):
        return Person.objects.filter(
            career_start_date__range=(period.start, period.end)
        )


class NotAnIndicator:
    code = "dummy.broken"


def url(name, *args, query=PERIOD, indicator=None):
    result = reverse(name, args=args) + query
    return result + (f"&indicator={indicator}" if indicator else "")


def region_url(region, indicator=None):
    return url("dashboard:unit", "region", region.pk, indicator=indicator)


def municipality_url(municipality, indicator=None):
    return url("dashboard:unit", "municipality", municipality.pk, indicator=indicator)


def rows_by_label(response):
    return {row.label: row for row in response.context["table"].rows}


def people_share(**lookup):
    people = Person.objects.filter(**lookup)
    numerator = people.filter(public_consent=True).count()
    denominator = people.count()
    value = (
        (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))
        if denominator
        else None
    )
    return value, numerator, denominator


def load_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content)).active
