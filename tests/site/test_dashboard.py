"""The indicators dashboard: values, targets, drill-down, scoping, export, open data."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse
from openpyxl import load_workbook

import portal.urls
from portal.core.models import Organisation, Person, Territory
from portal.dashboard.export import neutralise
from portal.dashboard.indicators import (
    Direction,
    Indicator,
    Kind,
    TerritorialIndicator,
    UnitLevel,
    Units,
)
from portal.dashboard.models import IndicatorTarget
from portal.dashboard.periods import Period
from portal.dashboard.registry import all_indicators
from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
)

# The public pages are mounted by the project's urlconf; this one adds them for
# the tests whatever portal.urls currently includes.
urlpatterns = [
    path("opendata/", include("portal.dashboard.urls")),
    *portal.urls.urlpatterns,
]
OPENDATA_URLS = override_settings(ROOT_URLCONF=__name__)

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


@pytest.fixture
def contributed(monkeypatch):
    """The dummy plugin contributes two indicators through the contract."""
    config = apps.get_app_config("dummy")
    monkeypatch.setitem(
        config.contributions, "dashboard_indicators", [ConsentShare, CareerStarts]
    )


def url(name, *args, query=PERIOD, indicator=None):
    result = reverse(name, args=args) + query
    return result + (f"&indicator={indicator}" if indicator else "")


def region_url(region, indicator=None):
    return url("dashboard:unit", "region", region.pk, indicator=indicator)


def municipality_url(municipality, indicator=None):
    return url("dashboard:unit", "municipality", municipality.pk, indicator=indicator)


def rows_by_label(response):
    return {row.label: row for row in response.context["table"].rows}


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


@pytest.fixture
def staffed(tree):
    """People with and without consent, and career starts in and out of 2025."""
    school_a2 = OrganisationFactory(name="МБОУ Лицей № 3", municipality=tree.mun_a)
    for org, consenting, others in (
        (tree.school_a, 3, 1),  # with tree.person_a: 3 of 5
        (school_a2, 0, 2),
        (tree.school_b, 1, 0),  # with tree.person_b: 1 of 2
        (tree.regional_org, 2, 2),
    ):
        for _ in range(consenting):
            PersonFactory(organisation=org, public_consent=True)
        for _ in range(others):
            PersonFactory(organisation=org)
    PersonFactory(organisation=tree.school_a, career_start_date=dt.date(2025, 2, 1))
    PersonFactory(organisation=school_a2, career_start_date=dt.date(2024, 12, 31))
    PersonFactory(organisation=tree.school_b, career_start_date=dt.date(2025, 9, 1))
    return school_a2


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


# --- export ------------------------------------------------------------------


def load_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content)).active


def find_header(ws):
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == "№ п/п":
            return row
    return None


def test_xlsx_export_in_the_upward_form(contributed, client, users, tree, staffed):
    IndicatorTarget.objects.create(
        indicator="dummy.consent_share", territory=tree.region, year=YEAR, value=50
    )
    client.force_login(users.superuser)
    ws = load_xlsx(
        client.get(
            url(
                "dashboard:unit_export",
                "region",
                tree.region.pk,
                indicator="dummy.consent_share",
            )
        )
    )
    rows = list(ws.iter_rows(values_only=True))
    titles = "\n".join(str(r[0]) for r in rows[:6])
    assert "Доля работников, давших согласие на публикацию" in titles
    assert tree.region.name in titles
    assert "2025 год" in titles
    assert f"Дата формирования: {dt.date.today():%d.%m.%Y}" in titles
    assert find_header(ws) == (
        "№ п/п",
        "Территория / организация",
        "Значение",
        "Числитель",
        "Знаменатель",
        "Целевое значение",
        "Выполнено",
    )
    start = next(i for i, r in enumerate(rows) if r[0] == "№ п/п") + 1
    data = rows[start:]
    assert [r[1] for r in data] == [
        tree.mun_a.name,
        tree.mun_b.name,
        "ЦНППМ",
        f"Итого по территории «{tree.region.name}»",
    ]
    value, numerator, denominator = people_share(organisation__municipality=tree.mun_a)
    assert data[0][:6] == (1, tree.mun_a.name, float(value), numerator, denominator, 50)
    assert data[0][6] in ("да", "нет")
    total = people_share(organisation__region=tree.region)
    assert data[-1][2:5] == (float(total[0]), total[1], total[2])


def test_xlsx_export_neutralises_formulas(client, users, tree):
    OrganisationFactory(name='=HYPERLINK("http://evil")', municipality=tree.mun_a)
    OrganisationFactory(name="@SUM(1)", municipality=tree.mun_a)
    client.force_login(users.municipal_editor)
    ws = load_xlsx(
        client.get(url("dashboard:unit_export", "municipality", tree.mun_a.pk))
    )
    names = [row[1] for row in ws.iter_rows(values_only=True) if row[1]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert "'@SUM(1)" in names
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert neutralise("-1") == "'-1" and neutralise("+7") == "'+7"
    assert neutralise(-1) == -1 and neutralise("Район") == "Район"


def test_export_of_the_root_table(client, users, tree):
    client.force_login(users.organisation_editor)
    ws = load_xlsx(client.get(url("dashboard:export", indicator="core.people")))
    names = [row[1] for row in ws.iter_rows(values_only=True)]
    assert tree.school_a.name in names and tree.school_b.name not in names


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


# --- open data -----------------------------------------------------------------


@OPENDATA_URLS
def test_opendata_page_shows_region_aggregates_only(contributed, client, tree, staffed):
    response = client.get("/opendata/" + PERIOD)
    assert response.status_code == 200
    html = response.text
    assert tree.region.name in html
    assert "Доля работников, давших согласие на публикацию" in html
    assert "Начали педагогическую деятельность" not in html  # not public
    assert tree.mun_a.name not in html and tree.school_a.name not in html
    for person in Person.objects.all():
        assert person.last_name not in html
    block = next(
        b
        for b in response.context["blocks"]
        if b.indicator.code == "dummy.consent_share"
    )
    value = block.values[0].value
    assert (value.value, value.numerator, value.denominator) == people_share(
        organisation__region=tree.region
    )


@OPENDATA_URLS
def test_opendata_downloads(contributed, client, tree, staffed):
    response = client.get("/opendata/indicators.csv" + PERIOD)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:4] == [
        "Код показателя",
        "Показатель",
        "Единица измерения",
        "Субъект РФ",
    ]
    people = next(r for r in rows if r[0] == "core.people")
    assert people[3] == tree.region.name
    assert (
        int(people[8])
        == Person.objects.filter(organisation__region=tree.region).count()
    )
    assert {r[0] for r in rows[1:]} == {
        "core.organisations",
        "core.people",
        "dummy.consent_share",
    }
    text = response.content.decode("utf-8")
    for person in Person.objects.all():
        assert person.last_name not in text

    response = client.get("/opendata/indicators.xlsx" + PERIOD)
    ws = load_xlsx(response)
    assert ws["A2"].value == "Код показателя"
    assert ws.max_row == 2 + 3  # one region, three public indicators
