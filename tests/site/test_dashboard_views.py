"""Dashboard pages: drill-down, scoping by role, the admin menu and the chart."""

import pytest
from django.urls import reverse

from portal.dashboard.models import IndicatorTarget
from tests.factories.core import MunicipalityFactory, RegionFactory

from .dashboard_support import (
    PERIOD,
    YEAR,
    municipality_url,
    people_share,
    region_url,
    url,
)

# --- drill-down and scoping --------------------------------------------------


def test_drill_down_region_municipality_school(client, users, tree, staffed):
    client.force_login(users.superuser)
    response = client.get(reverse("dashboard:index") + PERIOD)
    assert response.status_code == 302  # one region: straight to it
    assert response.url.startswith(
        reverse("dashboard:unit", args=["region", tree.region.pk])
    )

    response = client.get(region_url(tree.region))
    assert [r.label for r in response.context["table"].rows] == [
        tree.mun_a.name,
        tree.mun_b.name,
        "ЦНППМ",
    ]
    assert (
        reverse("dashboard:unit", args=["municipality", tree.mun_a.pk]) in response.text
    )

    response = client.get(municipality_url(tree.mun_a))
    assert {r.label for r in response.context["table"].rows} == {
        tree.school_a.name,
        staffed.name,
    }
    assert all(not r.url for r in response.context["table"].rows)  # schools are leaves
    crumbs = [item["label"] for item in response.context["breadcrumbs_items"]]
    assert crumbs[-2:] == [tree.region.name, tree.mun_a.name]


def test_several_regions_list_at_the_root(client, users, tree):
    other = RegionFactory(name="Другая область")
    client.force_login(users.superuser)
    response = client.get(reverse("dashboard:index") + PERIOD)
    assert response.status_code == 200
    labels = [r.label for r in response.context["table"].rows]
    assert labels == sorted([tree.region.name, other.name])


def test_municipal_editor_sees_only_their_municipality(client, users, tree):
    client.force_login(users.municipal_editor)
    response = client.get(reverse("dashboard:index") + PERIOD)
    assert response.status_code == 302
    assert response.url.startswith(
        reverse("dashboard:unit", args=["municipality", tree.mun_a.pk])
    )
    response = client.get(municipality_url(tree.mun_a))
    assert response.status_code == 200
    crumbs = [item["label"] for item in response.context["breadcrumbs_items"]]
    assert tree.region.name not in crumbs
    for forbidden in (
        municipality_url(tree.mun_b),
        region_url(tree.region),
        url("dashboard:unit_export", "municipality", tree.mun_b.pk),
        url("dashboard:unit_export", "region", tree.region.pk),
    ):
        assert client.get(forbidden).status_code == 404, forbidden


def test_organisation_editor_sees_only_their_organisation(client, users, tree):
    client.force_login(users.organisation_editor)
    response = client.get(reverse("dashboard:index") + PERIOD)
    assert response.status_code == 200
    assert [r.label for r in response.context["table"].rows] == [tree.school_a.name]
    assert client.get(municipality_url(tree.mun_a)).status_code == 404


def test_regional_admin_does_not_see_another_region(client, users, tree):
    other = MunicipalityFactory(parent=RegionFactory())
    client.force_login(users.regional_admin)
    assert client.get(region_url(tree.region)).status_code == 200
    assert client.get(region_url(other.parent)).status_code == 404
    assert client.get(municipality_url(other)).status_code == 404


def test_unknown_units_are_not_found(client, users, tree):
    client.force_login(users.superuser)
    assert client.get(region_url(tree.mun_a)).status_code == 404  # not a region
    assert (
        client.get(url("dashboard:unit", "organisation", tree.school_a.pk)).status_code
        == 404
    )
    assert client.get(url("dashboard:unit", "region", 999999)).status_code == 404


@pytest.mark.parametrize(
    "role", ["superuser", "regional_admin", "municipal_editor", "organisation_editor"]
)
def test_dashboard_renders_for_each_editor(
    role, contributed, client, users, tree, staffed
):
    client.force_login(getattr(users, role))
    for code in ("core.people", "dummy.consent_share"):
        response = client.get(
            reverse("dashboard:index") + PERIOD + f"&indicator={code}", follow=True
        )
        assert response.status_code == 200
        assert response.context["table"].rows
        assert "<table" in response.text


def test_teacher_and_anonymous_have_no_dashboard(client, users, tree):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and "login" in response.url
    client.force_login(users.teacher)
    for target in (reverse("dashboard:index"), url("dashboard:export")):
        response = client.get(target)
        assert response.status_code == 302 and "login" in response.url


def test_admin_menu_shows_indicators(client, users, tree):
    client.force_login(users.municipal_editor)
    response = client.get(reverse("wagtailadmin_home"))
    # The sidebar is rendered from JSON props (labels are \u-escaped).
    assert '"name": "indicators-dashboard"' in response.text
    assert f'"url": "{reverse("dashboard:index")}"' in response.text


# --- chart -------------------------------------------------------------------


def test_chart_is_accessible_inline_svg(contributed, client, users, tree, staffed):
    IndicatorTarget.objects.create(
        indicator="dummy.consent_share", territory=tree.region, year=YEAR, value=50
    )
    client.force_login(users.superuser)
    response = client.get(region_url(tree.region, "dummy.consent_share"))
    html = response.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert 'aria-labelledby="indicator-chart-title indicator-chart-desc"' in html
    assert '<title id="indicator-chart-title">' in html
    assert '<desc id="indicator-chart-desc">' in html
    chart = response.context["chart"]
    assert len(chart.bars) == len(response.context["table"].rows) == 3
    assert html.count('class="dashboard-chart__target"') == 3
    # Coordinates are dot-decimal whatever the locale.
    assert all("," not in bar.bar_width for bar in chart.bars)
    share_a = people_share(organisation__municipality=tree.mun_a)[0]
    assert f"{share_a}".replace(".", ",") in html
