"""Dashboard query counts stay bounded whatever the number of territories."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import Territory
from portal.dashboard.indicators import UnitLevel, Units
from portal.dashboard.models import IndicatorTarget
from portal.dashboard.periods import Period
from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
)

from .dashboard_support import YEAR, ConsentShare, region_url, url

# --- bounded queries ---------------------------------------------------------


def build_region(municipalities: int):
    region = RegionFactory()
    for _ in range(municipalities):
        mun = MunicipalityFactory(parent=region)
        for _ in range(2):
            org = OrganisationFactory(municipality=mun)
            PersonFactory(organisation=org, public_consent=True)
            PersonFactory(organisation=org)
        IndicatorTarget.objects.create(
            indicator="dummy.consent_share", territory=mun, year=YEAR, value=60
        )
    OrganisationFactory(region=region, municipality=None, kind="cnppm")
    return region


MAX_QUERIES = 20  # 16 today: session, user, profile, units, targets, 6 aggregates, menu


@pytest.mark.parametrize("municipalities", [2, 20])
def test_bounded_queries(
    municipalities, contributed, client, users, django_assert_max_num_queries
):
    region = build_region(municipalities)
    client.force_login(users.superuser)
    client.get(region_url(region, "dummy.consent_share"))  # warm caches
    for target in (
        region_url(region, "dummy.consent_share"),
        url(
            "dashboard:unit_export",
            "region",
            region.pk,
            indicator="dummy.consent_share",
        ),
    ):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(target)
        assert response.status_code == 200


def test_query_count_does_not_grow(contributed, client, users):
    small, large = build_region(2), build_region(20)
    client.force_login(users.superuser)
    client.get(region_url(small, "dummy.consent_share"))
    counts = []
    for region in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            client.get(region_url(region, "dummy.consent_share"))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_compute_is_one_query_per_level(
    contributed, tree, staffed, django_assert_num_queries
):
    share = ConsentShare()
    ids = Territory.objects.filter(parent=tree.region).values_list("pk", flat=True)
    units = Units.of(UnitLevel.MUNICIPALITY, list(ids))
    with django_assert_num_queries(2):  # numerator and denominator
        values = share.compute(units, Period.calendar_year(YEAR))
    assert set(values) == set(ids)
