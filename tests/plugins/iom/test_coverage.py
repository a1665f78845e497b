"""«Охват: диагностика и маршруты», the coordinator's drill-down of the route
indicators: the same figures as the dashboard for the chosen unit, the people the
indicators miss one filter away, only units of the user's scope, paginated and
bounded."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from plugins.iom.indicators import Diagnosed, WithRoute
from portal.dashboard.indicators import UnitLevel, Units
from portal.dashboard.periods import Period
from tests.factories.core import MunicipalityFactory, OrganisationFactory, PersonFactory

from .conftest import diagnostic, route

pytestmark = pytest.mark.django_db

COVERAGE = "iom_coverage:index"


def test_the_coverage_list_counts_as_the_dashboard_and_filters(client, users, tree):
    lyceum = OrganisationFactory(name="Лицей", municipality=tree.mun_a)
    diagnosed = PersonFactory(organisation=tree.school_a, last_name="Диагностова")
    diagnostic(diagnosed, date=dt.date(2026, 3, 1))
    routed = PersonFactory(organisation=lyceum, last_name="Маршрутова")
    route(
        routed, diagnostic=diagnostic(routed, date=dt.date(2026, 3, 1)),
        status="agreed", agreed_at=timezone.make_aware(dt.datetime(2026, 3, 2, 12)),
    )  # fmt: skip
    nobody = PersonFactory(organisation=lyceum, last_name="Никакова")
    PersonFactory(organisation=tree.school_b, last_name="Чужакова")
    period = Period.school_year(2025)
    client.force_login(users.municipal_editor)
    url = reverse(COVERAGE)
    response = client.get(url, {"period": period.key})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Диагностова" in html and "Никакова" in html and "Чужакова" not in html
    shown = {f.indicator.code: f.value for f in response.context["figures"]}
    expected = Diagnosed().compute(
        Units.of(UnitLevel.MUNICIPALITY, [tree.mun_a.pk]), period
    )
    assert shown["iom.diagnosed"] == expected[tree.mun_a.pk]
    assert (shown["iom.diagnosed"].numerator, shown["iom.diagnosed"].denominator) == (
        2,
        4,
    )
    expected = WithRoute().compute(
        Units.of(UnitLevel.MUNICIPALITY, [tree.mun_a.pk]), period
    )
    assert shown["iom.with_route"] == expected[tree.mun_a.pk]

    response = client.get(
        url,
        {"period": period.key, "unit": f"organisation:{lyceum.pk}", "show": "no_route"},
    )
    html = response.content.decode()
    assert "Никакова" in html and "Маршрутова" not in html and "Диагностова" not in html
    assert response.context["figures"][0].value.denominator == 2
    assert f"?person={nobody.pk}" in html

    response = client.get(url, {"unit": f"municipality:{tree.mun_b.pk}"})
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert "Чужакова" not in response.content.decode()


@override_settings(PORTAL_IOM_PAGE_SIZE=2)
def test_the_coverage_list_is_paginated(client, users, tree):
    for n in range(4):
        PersonFactory(organisation=tree.school_a, last_name=f"Листова{n}")
    client.force_login(users.organisation_editor)
    response = client.get(reverse(COVERAGE), {"show": "no_diagnostic", "p": 2})
    assert response.status_code == 200
    assert response.context["total"] == 5  # with the tree's person A
    assert len(response.context["rows"]) == 2
    html = response.content.decode()
    assert "show=no_diagnostic&amp;p=3" in html
    assert client.get(reverse(COVERAGE), {"p": "много"}).status_code == 200


def test_the_coverage_list_is_for_coordinators(client, users):
    client.force_login(users.teacher)
    assert client.get(reverse(COVERAGE)).status_code in (302, 403)
    client.logout()
    assert client.get(reverse(COVERAGE)).status_code == 302


def test_the_coverage_list_is_bounded_with_many_units(
    client, users, tree, django_assert_max_num_queries
):
    for _n in range(15):
        school = OrganisationFactory(
            municipality=MunicipalityFactory(parent=tree.region)
        )
        diagnostic(PersonFactory(organisation=school))
    client.force_login(users.regional_admin)
    client.get(reverse(COVERAGE))
    with django_assert_max_num_queries(30):
        assert client.get(reverse(COVERAGE)).status_code == 200
