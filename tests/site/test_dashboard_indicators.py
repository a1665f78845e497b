"""The dashboard's indicator API and the values it computes against the ORM."""

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.core import checks

from portal.core.models import Organisation, Person
from portal.dashboard.indicators import Direction, Indicator, Kind
from portal.dashboard.periods import Period
from portal.dashboard.registry import all_indicators

from .dashboard_support import (
    ConsentShare,
    NotAnIndicator,
    municipality_url,
    people_share,
    region_url,
    rows_by_label,
    url,
)

# --- the indicator API -------------------------------------------------------


def test_periods():
    school = Period.parse("2024-2025")
    assert (school.start, school.end) == (dt.date(2024, 9, 1), dt.date(2025, 8, 31))
    assert school.year == 2024 and school.key == "2024-2025"
    assert "2024/2025" in school.label
    calendar = Period.parse("2025")
    assert (calendar.start, calendar.end) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    custom = Period.parse("2025-01-01_2025-03-31")
    assert custom.end == dt.date(2025, 3, 31) and Period.parse(custom.key) == custom
    assert Period.parse("2024-2026") is None
    assert Period.parse("junk") is None
    assert Period.current(Period.SCHOOL, dt.date(2025, 3, 1)).key == "2024-2025"
    assert Period.current(Period.SCHOOL, dt.date(2025, 9, 1)).key == "2025-2026"


def test_values_and_targets_by_kind_and_direction():
    share = ConsentShare()
    assert share.make_value(1, 3).value == Decimal("33.3")
    assert share.make_value(0, 0).value is None
    assert share.is_met(share.make_value(7, 10), Decimal(70)) is True
    assert share.is_met(share.make_value(6, 10), Decimal(70)) is False
    assert share.is_met(share.make_value(6, 10), None) is None
    combined = share.combine([share.make_value(1, 2), share.make_value(2, 2)])
    assert (combined.numerator, combined.denominator, combined.value) == (
        3,
        4,
        Decimal("75.0"),
    )

    class PerMethodist(Indicator):
        kind = Kind.RATIO
        direction = Direction.AT_MOST

    ratio = PerMethodist()
    assert ratio.make_value(500, 2).value == Decimal("250.0")
    assert ratio.is_met(ratio.make_value(500, 2), Decimal(250)) is True
    assert ratio.is_met(ratio.make_value(501, 2), Decimal(250)) is False


def test_core_indicators_come_through_the_contract():
    codes = [i.code for i in all_indicators()]
    assert codes[:2] == ["core.organisations", "core.people"]


def test_plugin_indicator_appears(contributed, client, users, tree):
    codes = [i.code for i in all_indicators()]
    assert {"dummy.consent_share", "dummy.career_starts"} <= set(codes)
    client.force_login(users.superuser)
    response = client.get(region_url(tree.region, "dummy.consent_share"))
    assert response.status_code == 200
    assert response.context["indicator"].code == "dummy.consent_share"
    assert "Доля работников, давших согласие на публикацию" in response.text
    assert "Дали согласие" in response.text  # the numerator column


def test_checks_report_bad_declarations(monkeypatch):
    from portal.dashboard.checks import check_dashboard_indicators

    assert check_dashboard_indicators() == []
    config = apps.get_app_config("dummy")

    class Duplicate(ConsentShare):
        code = "core.people"

    monkeypatch.setitem(
        config.contributions, "dashboard_indicators", [NotAnIndicator, Duplicate]
    )
    ids = {e.id for e in check_dashboard_indicators()}
    assert ids == {"dashboard.E001", "dashboard.E003"}
    assert all(isinstance(e, checks.Error) for e in check_dashboard_indicators())


# --- values ----------------------------------------------------------------


def test_region_values_match_the_orm(client, users, tree, staffed):
    client.force_login(users.superuser)
    response = client.get(region_url(tree.region, "core.people"))
    rows = rows_by_label(response)
    for mun in (tree.mun_a, tree.mun_b):
        expected = Person.objects.filter(organisation__municipality=mun).count()
        assert rows[mun.name].value.value == expected
    # Regional organisations (no municipality) are rows of the region too.
    assert (
        rows["ЦНППМ"].value.value
        == Person.objects.filter(organisation=tree.regional_org).count()
    )
    total = response.context["table"].total
    assert (
        total.value.value
        == Person.objects.filter(organisation__region=tree.region).count()
    )

    response = client.get(region_url(tree.region, "core.organisations"))
    rows = rows_by_label(response)
    assert (
        rows[tree.mun_a.name].value.value
        == Organisation.objects.filter(municipality=tree.mun_a).count()
    )


def test_share_values_match_the_orm(contributed, client, users, tree, staffed):
    client.force_login(users.superuser)
    rows = rows_by_label(client.get(region_url(tree.region, "dummy.consent_share")))
    for mun in (tree.mun_a, tree.mun_b):
        value = rows[mun.name].value
        assert (value.value, value.numerator, value.denominator) == people_share(
            organisation__municipality=mun
        )
    response = client.get(municipality_url(tree.mun_a, "dummy.consent_share"))
    rows = rows_by_label(response)
    for org in (tree.school_a, staffed):
        value = rows[org.name].value
        assert (value.value, value.numerator, value.denominator) == people_share(
            organisation=org
        )
    total = response.context["table"].total.value
    assert (total.value, total.numerator, total.denominator) == people_share(
        organisation__municipality=tree.mun_a
    )


def test_values_follow_the_period(contributed, client, users, tree, staffed):
    client.force_login(users.superuser)

    def starts(period):
        response = client.get(
            url(
                "dashboard:unit",
                "region",
                tree.region.pk,
                query=f"?period={period}",
                indicator="dummy.career_starts",
            )
        )
        return {
            label: row.value.value for label, row in rows_by_label(response).items()
        }

    assert starts("2025")[tree.mun_a.name] == 1
    assert starts("2025")[tree.mun_b.name] == 1
    assert starts("2024-2025")[tree.mun_a.name] == 2  # 31.12.2024 and 01.02.2025
    assert starts("2024-2025")[tree.mun_b.name] == 0
