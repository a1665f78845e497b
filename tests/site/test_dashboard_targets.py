"""Indicator targets: per territory and year, inheritance, editing in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.dashboard.models import IndicatorTarget
from tests.factories.core import MunicipalityFactory, RegionFactory

from .dashboard_support import (
    YEAR,
    municipality_url,
    people_share,
    region_url,
    rows_by_label,
)

# --- targets ---------------------------------------------------------------


def test_targets_per_territory_and_year(contributed, client, users, tree, staffed):
    IndicatorTarget.objects.create(
        indicator="dummy.consent_share", territory=tree.region, year=YEAR, value=50
    )
    IndicatorTarget.objects.create(
        indicator="dummy.consent_share", territory=tree.mun_a, year=YEAR, value=30
    )
    IndicatorTarget.objects.create(
        indicator="dummy.consent_share", territory=tree.mun_b, year=YEAR - 1, value=10
    )
    client.force_login(users.superuser)
    response = client.get(region_url(tree.region, "dummy.consent_share"))
    rows = rows_by_label(response)
    assert rows[tree.mun_a.name].target == 30  # its own
    share_a = people_share(organisation__municipality=tree.mun_a)[0]
    assert rows[tree.mun_a.name].met is (share_a >= 30) is True  # 3 of 9
    assert rows[tree.mun_b.name].target == 50  # the region's; 2024's is ignored
    share_b = people_share(organisation__municipality=tree.mun_b)[0]
    assert rows[tree.mun_b.name].met is (share_b >= 50)
    assert response.context["table"].total.target == 50
    assert "унаследовано" in response.text

    mun_a = rows_by_label(
        client.get(municipality_url(tree.mun_a, "dummy.consent_share"))
    )
    assert mun_a[tree.school_a.name].target == 30  # schools inherit the municipality's
    assert mun_a[tree.school_a.name].met is True  # 3 of 6 = 50 % ≥ 30
    assert mun_a[staffed.name].met is False  # 0 of 2

    # Without saved targets the indicator's default applies.
    IndicatorTarget.objects.all().delete()
    rows = rows_by_label(client.get(region_url(tree.region, "dummy.consent_share")))
    assert rows[tree.mun_a.name].target == Decimal(70)


def test_target_all_territories_and_uniqueness(tree):
    from django.core.exceptions import ValidationError

    IndicatorTarget.objects.create(indicator="core.people", year=YEAR, value=1)
    duplicate = IndicatorTarget(indicator="core.people", year=YEAR, value=2)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    IndicatorTarget.objects.create(
        indicator="core.people", territory=tree.mun_a, year=YEAR, value=3
    )
    with pytest.raises(ValidationError):
        IndicatorTarget(
            indicator="core.people", territory=tree.mun_a, year=YEAR, value=4
        ).full_clean()
    target = IndicatorTarget.objects.get(territory=tree.mun_a)
    assert target.region_id == tree.region.pk


def target_form(indicator, territory, year, value):
    return {
        "indicator": indicator,
        "territory": territory.pk if territory else "",
        "year": year,
        "value": value,
    }


def test_regional_admin_edits_targets_in_the_admin(client, users, tree):
    add_url = reverse(IndicatorTarget.snippet_viewset.get_url_name("add"))
    client.force_login(users.regional_admin)
    response = client.post(add_url, target_form("core.people", tree.mun_a, YEAR, 12))
    assert response.status_code == 302, response.context["form"].errors
    target = IndicatorTarget.objects.get()
    assert (target.territory, target.year, target.value) == (tree.mun_a, YEAR, 12)

    edit_url = reverse(
        IndicatorTarget.snippet_viewset.get_url_name("edit"), args=[target.pk]
    )
    response = client.post(edit_url, target_form("core.people", tree.mun_a, YEAR, 15))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 15

    rows = rows_by_label(client.get(region_url(tree.region, "core.people")))
    assert rows[tree.mun_a.name].target == 15

    # Another region's municipality is refused.
    other = MunicipalityFactory(parent=RegionFactory())
    response = client.post(add_url, target_form("core.people", other, YEAR, 1))
    assert response.status_code == 200
    assert IndicatorTarget.objects.count() == 1


def test_target_form_offers_indicators_and_own_territories(client, users, tree):
    other = MunicipalityFactory(parent=RegionFactory())
    client.force_login(users.regional_admin)
    response = client.get(reverse(IndicatorTarget.snippet_viewset.get_url_name("add")))
    form = response.context["form"]
    assert ("core.people", "Педагогические и руководящие работники в реестре") in [
        (code, str(label)) for code, label in form.fields["indicator"].choices
    ]
    territories = set(form.fields["territory"].queryset)
    assert territories == {tree.region, tree.mun_a, tree.mun_b}
    assert other not in territories and other.parent not in territories
    assert '<select name="territory"' in response.text


def test_municipal_editor_cannot_set_targets(client, users, tree):
    target = IndicatorTarget.objects.create(
        indicator="core.people", territory=tree.mun_a, year=YEAR, value=5
    )
    viewset = IndicatorTarget.snippet_viewset
    client.force_login(users.municipal_editor)
    response = client.post(
        reverse(viewset.get_url_name("add")),
        target_form("core.people", tree.mun_a, YEAR + 1, 1),
    )
    assert response.status_code in (302, 403)
    response = client.post(
        reverse(viewset.get_url_name("edit"), args=[target.pk]),
        target_form("core.people", tree.mun_a, YEAR, 1),
    )
    assert response.status_code in (302, 403)
    target.refresh_from_db()
    assert target.value == 5 and IndicatorTarget.objects.count() == 1
    # …but sees the targets that apply to the municipality.
    response = client.get(reverse(viewset.get_url_name("list")))
    assert response.status_code == 200
    assert "Педагогические и руководящие работники в реестре" in response.text
