"""«Доля молодых педагогов, имеющих наставника» through the dashboard's own machinery:
the contract, values per region / municipality / organisation, bounded queries."""

import datetime as dt
from decimal import Decimal

import pytest

from plugins.mentoring.indicators import YoungTeachersWithMentor
from plugins.mentoring.models import PairStatus
from plugins.mentoring.pairing import close_pair
from portal.dashboard.indicators import Kind, UnitLevel, Units
from portal.dashboard.periods import Period
from portal.dashboard.registry import all_indicators
from tests.factories.core import MunicipalityFactory, OrganisationFactory
from tests.site.dashboard_support import load_xlsx, rows_by_label, url

from .conftest import make_mentor, make_pair, mentoring_form, young_teacher

pytestmark = pytest.mark.django_db

CODE = "mentoring.young_with_mentor"
SCHOOL_YEAR = Period.school_year(2025)
END = SCHOOL_YEAR.end  # 31 August 2026: the day the stock is counted on
QUERY = f"?period={SCHOOL_YEAR.key}"


def unit_url(level, pk, export=False):
    name = "dashboard:unit_export" if export else "dashboard:unit"
    return url(name, level, pk, query=QUERY, indicator=CODE)


@pytest.fixture
def coverage(tree):
    """Young teachers on END and who has a mentor then.

    School A: 3 young — one in a live pair, one whose pair ended in May, one without;
    Лицей (district A): 1 young in a live group, and an older mentee (not counted);
    School B: 2 young without; ЦНППМ: 1 young in a live pair.
    """
    lyceum = OrganisationFactory(name="МБОУ Лицей № 3", municipality=tree.mun_a)
    start = dt.date(2025, 9, 1)
    a1, a2, _a3 = (young_teacher(tree.school_a, on=END) for _ in range(3))
    make_pair(make_mentor(tree.school_a), a1, start_date=start)
    ended = make_pair(make_mentor(tree.school_a), a2, start_date=start)
    close_pair(ended, PairStatus.COMPLETED, on=dt.date(2026, 5, 1))
    older = young_teacher(lyceum, on=dt.date(2015, 1, 1))
    make_pair(
        make_mentor(lyceum, capacity=3), young_teacher(lyceum, on=END), older,
        form=mentoring_form("group", kind="group"), start_date=start,
    )  # fmt: skip
    young_teacher(tree.school_b, on=END)
    young_teacher(tree.school_b, on=END)
    make_pair(
        make_mentor(tree.regional_org),
        young_teacher(tree.regional_org, on=END),
        start_date=start,
    )
    return lyceum


def test_the_indicator_comes_through_the_contract():
    indicator = next(i for i in all_indicators() if i.code == CODE)
    assert isinstance(indicator, YoungTeachersWithMentor)
    assert str(indicator.title) == "Доля молодых педагогов, имеющих наставника"
    assert indicator.kind == Kind.SHARE and indicator.unit == "%"
    assert str(indicator.numerator_label) == "Имеют наставника"
    assert str(indicator.denominator_label) == "Молодых педагогов"
    assert indicator.period_kind == Period.SCHOOL


def test_region_table_drills_down_to_schools(client, users, tree, coverage):
    client.force_login(users.superuser)
    response = client.get(unit_url("region", tree.region.pk))
    assert response.status_code == 200
    assert "Доля молодых педагогов, имеющих наставника" in response.text
    rows = rows_by_label(response)
    values = {
        label: (row.value.value, row.value.numerator, row.value.denominator)
        for label, row in rows.items()
    }
    assert values == {
        "Район А": (Decimal("50.0"), 2, 4),
        "Район Б": (Decimal("0.0"), 0, 2),
        "ЦНППМ": (Decimal("100.0"), 1, 1),
    }
    total = response.context["table"].total.value
    assert (total.value, total.numerator, total.denominator) == (Decimal("42.9"), 3, 7)

    response = client.get(unit_url("municipality", tree.mun_a.pk))
    rows = rows_by_label(response)
    assert rows["МБОУ СОШ № 1"].value.value == Decimal("33.3")
    assert rows["МБОУ Лицей № 3"].value.value == Decimal("100.0")


def test_the_date_matters(tree, coverage):
    """On 1 March 2026 the May-ended pair still covered its mentee."""
    indicator = YoungTeachersWithMentor()
    units = Units.of(UnitLevel.ORGANISATION, [tree.school_a.pk])
    march = Period(dt.date(2025, 9, 1), dt.date(2026, 3, 1))
    value = indicator.compute(units, march)[tree.school_a.pk]
    assert (value.numerator, value.denominator) == (2, 3)
    # Before anyone started working there was nobody to count.
    before = Period.school_year(2010)
    assert indicator.compute(units, before)[tree.school_a.pk].value is None


def test_the_municipal_office_sees_its_district_and_exports_it(
    client, users, tree, coverage
):
    client.force_login(users.municipal_editor)
    assert client.get(unit_url("region", tree.region.pk)).status_code == 404
    assert client.get(unit_url("municipality", tree.mun_b.pk)).status_code == 404
    sheet = load_xlsx(client.get(unit_url("municipality", tree.mun_a.pk, export=True)))
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0][0] == "Показатель: Доля молодых педагогов, имеющих наставника"
    assert [1, "МБОУ Лицей № 3", 100.0, 1, 1] == list(cells[8][:5])
    assert [2, "МБОУ СОШ № 1", 33.3, 1, 3] == list(cells[9][:5])


@pytest.mark.parametrize("size", [2, 12])
def test_compute_is_two_grouped_queries_per_level(
    size, tree, django_assert_num_queries
):
    region = tree.region
    for _ in range(size):
        municipality = MunicipalityFactory(parent=region)
        school = OrganisationFactory(municipality=municipality)
        make_pair(make_mentor(school), young_teacher(school, on=END))
        young_teacher(school, on=END)
    indicator = YoungTeachersWithMentor()
    ids = list(region.municipalities.values_list("pk", flat=True))
    with django_assert_num_queries(2):  # numerator and denominator
        values = indicator.compute(Units.of(UnitLevel.MUNICIPALITY, ids), SCHOOL_YEAR)
    assert len(values) == size + 2
    assert sum(v.denominator for v in values.values()) == 2 * size
