"""The coverage and retention indicators through the dashboard's own machinery: the
coverage figure of the region, its municipalities and their schools recomputed
independently from the records, other plugins' support counted, retention cohorts,
and two grouped queries per level whatever the data size."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Exists, OuterRef

from plugins.young_teachers.indicators import (
    YoungTeachersCovered,
    YoungTeachersRetention,
)
from plugins.young_teachers.models import SupportRecord, YoungTeacherCard
from portal.core.models import Organisation, Person
from portal.core.young import years_before
from portal.dashboard.indicators import Kind, UnitLevel, Units
from portal.dashboard.periods import Period
from portal.dashboard.registry import all_indicators
from portal.extensions.hooks import SupportSource, pm
from portal.extensions.hookspecs import hookimpl
from tests.factories.core import MunicipalityFactory, OrganisationFactory
from tests.site.dashboard_support import rows_by_label, url

from .conftest import support, veteran, young_teacher

pytestmark = pytest.mark.django_db

COVERED, RETENTION = "young_teachers.covered", "young_teachers.retention"
SCHOOL_YEAR = Period.school_year(2025)
END = SCHOOL_YEAR.end  # 31 August 2026: the counting day (already past)
QUERY = f"?period={SCHOOL_YEAR.key}"


def unit_url(level, pk):
    return url("dashboard:unit", level, pk, query=QUERY, indicator=COVERED)


@pytest.fixture
def records(tree):
    """A mixture the rule must sort out: running, ended and future records, veterans
    with records, a young teacher who left, young teachers without support."""
    lyceum = OrganisationFactory(name="МБОУ Лицей № 3", municipality=tree.mun_a)
    for organisation, plan in (
        (tree.school_a, ["running", "ended", "none", "future", "open"]),
        (lyceum, ["running", "none"]),
        (tree.school_b, ["none", "none", "running"]),
        (tree.regional_org, ["open"]),
    ):
        for kind in plan:
            person = young_teacher(organisation, on=END)
            if kind == "running":
                support(
                    person, start=dt.date(2026, 3, 1), end_date=dt.date(2026, 9, 30)
                )
            elif kind == "ended":
                support(
                    person, start=dt.date(2025, 9, 1), end_date=dt.date(2026, 5, 31)
                )
            elif kind == "future":
                support(person, start=dt.date(2026, 9, 1))
            elif kind == "open":
                support(person, code="contests", start=dt.date(2025, 10, 1))
        support(veteran(organisation), start=dt.date(2025, 9, 1))
    left = young_teacher(tree.school_a, on=END)
    support(left, start=dt.date(2025, 9, 1))
    YoungTeacherCard.objects.create(
        person=left, left_on=dt.date(2026, 6, 1), left_reason="profession"
    )
    # Left after the counting day: still counted.
    later = young_teacher(tree.school_b, on=END)
    YoungTeacherCard.objects.create(
        person=later, left_on=dt.date(2026, 10, 1), left_reason="region"
    )
    return lyceum


def recompute(on: dt.date) -> dict[int, tuple[int, int]]:
    """{organisation id: (covered, young)} from the records, in Python."""
    left = {
        card.person_id: card.left_on
        for card in YoungTeacherCard.objects.exclude(left_on=None)
    }
    records: dict[int, list[SupportRecord]] = {}
    for record in SupportRecord.objects.all():
        records.setdefault(record.person_id, []).append(record)
    found: dict[int, list[int]] = {}
    for person in Person.objects.all():
        if not person.is_young_teacher(on):
            continue
        if person.pk in left and left[person.pk] <= on:
            continue
        covered = any(
            r.start_date <= on and (r.end_date is None or r.end_date >= on)
            for r in records.get(person.pk, [])
        )
        counts = found.setdefault(person.organisation_id, [0, 0])
        counts[0] += covered
        counts[1] += 1
    return {pk: tuple(v) for pk, v in found.items()}


def share(covered: int, young: int):
    if not young:
        return None
    return (Decimal(covered) * 100 / Decimal(young)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def summed(by_organisation, organisations) -> tuple[int, int]:
    pairs = [by_organisation.get(o.pk, (0, 0)) for o in organisations]
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


def triple(value):
    return (value.value, value.numerator, value.denominator)


def test_the_indicators_come_through_the_contract():
    found = {i.code: i for i in all_indicators()}
    covered = found[COVERED]
    assert isinstance(covered, YoungTeachersCovered)
    assert str(covered.title) == "Доля молодых педагогов, охваченных формами поддержки"
    assert covered.kind == Kind.SHARE and covered.unit == "%"
    assert covered.default_target == Decimal("70")
    assert covered.period_kind == Period.SCHOOL
    retention = found[RETENTION]
    assert isinstance(retention, YoungTeachersRetention)
    assert str(retention.title) == "Закрепление молодых педагогов в профессии"
    assert "1, 2 или 3 года назад" in str(retention.description)


def test_the_dashboard_figure_is_recomputed_independently(client, users, tree, records):
    lyceum = records
    expected = recompute(END)
    # The fixture is not trivial: some covered, some not, in every unit.
    assert expected[tree.school_a.pk] == (2, 5)
    client.force_login(users.superuser)

    region = client.get(unit_url("region", tree.region.pk))
    assert region.status_code == 200
    rows = rows_by_label(region)
    mun_a_orgs = Organisation.objects.filter(municipality=tree.mun_a)
    mun_b_orgs = Organisation.objects.filter(municipality=tree.mun_b)
    for label, organisations in (
        ("Район А", mun_a_orgs),
        ("Район Б", mun_b_orgs),
        ("ЦНППМ", [tree.regional_org]),
    ):
        covered, young = summed(expected, organisations)
        assert triple(rows[label].value) == (share(covered, young), covered, young)
    covered, young = summed(expected, Organisation.objects.all())
    assert triple(region.context["table"].total.value) == (
        share(covered, young), covered, young,
    )  # fmt: skip
    assert region.context["table"].total.target == Decimal("70")

    municipality = client.get(unit_url("municipality", tree.mun_a.pk))
    rows = rows_by_label(municipality)
    for organisation in (tree.school_a, lyceum):
        covered, young = expected[organisation.pk]
        assert triple(rows[organisation.name].value) == (
            share(covered, young), covered, young,
        )  # fmt: skip

    # A school on its own, through the indicator the dashboard calls.
    school = YoungTeachersCovered().compute(
        Units.of(UnitLevel.ORGANISATION, [tree.school_b.pk]), SCHOOL_YEAR
    )[tree.school_b.pk]
    covered, young = expected[tree.school_b.pk]
    assert triple(school) == (share(covered, young), covered, young)


def test_another_date_gives_another_figure(tree, records):
    """On 28 February 2026 the May-ended record covered its teacher, the March one
    did not yet, and the teacher who left in June was still there."""
    indicator = YoungTeachersCovered()
    units = Units.of(UnitLevel.ORGANISATION, [tree.school_a.pk])
    march = Period(dt.date(2025, 9, 1), dt.date(2026, 2, 28))
    expected = recompute(dt.date(2026, 2, 28))[tree.school_a.pk]
    value = indicator.compute(units, march)[tree.school_a.pk]
    assert (value.numerator, value.denominator) == expected == (3, 6)


class StubSource:
    @hookimpl
    def portal_support_sources(self):
        return [
            SupportSource(
                code="stub.club",
                form="leisure",
                title="Клуб",
                condition=lambda on: Exists(
                    YoungTeacherCard.objects.filter(person=OuterRef("pk"), note="клуб")
                ),
            )
        ]


def test_support_from_other_plugins_counts(tree):
    plugin = StubSource()
    pm.register(plugin, name="stub-young-source")
    try:
        clubbed = young_teacher(tree.school_a, on=END)
        YoungTeacherCard.objects.create(person=clubbed, note="клуб")
        young_teacher(tree.school_a, on=END)
        value = YoungTeachersCovered().compute(
            Units.of(UnitLevel.ORGANISATION, [tree.school_a.pk]), SCHOOL_YEAR
        )[tree.school_a.pk]
        assert (value.numerator, value.denominator) == (1, 2)
    finally:
        pm.unregister(plugin)


def test_retention_counts_the_cohorts_of_one_to_three_years(tree):
    def teacher(years_ago, age_then=25, left_on=None, organisation=None):
        then = years_before(END, years_ago)
        person = young_teacher(
            organisation or tree.school_a,
            birth_date=years_before(then, age_then),
            career_start_date=then - dt.timedelta(days=60),
        )
        if left_on:
            YoungTeacherCard.objects.create(
                person=person, left_on=left_on, left_reason="profession"
            )
        return person

    teacher(1)
    teacher(1, left_on=dt.date(2026, 1, 10))
    teacher(2, left_on=dt.date(2026, 12, 1))  # leaves after the counting day
    teacher(3, left_on=dt.date(2024, 5, 1))
    teacher(3)
    teacher(2, age_then=40)  # not a young teacher then: not in a cohort
    teacher(5)  # too long ago
    young_teacher(tree.school_a, career_start_date=END - dt.timedelta(days=100))
    teacher(1, organisation=tree.school_b)
    indicator = YoungTeachersRetention()
    values = indicator.compute(
        Units.of(UnitLevel.ORGANISATION, [tree.school_a.pk, tree.school_b.pk]),
        SCHOOL_YEAR,
    )
    assert triple(values[tree.school_a.pk]) == (Decimal("60.0"), 3, 5)
    assert triple(values[tree.school_b.pk]) == (Decimal("100.0"), 1, 1)


@pytest.mark.parametrize("size", [2, 12])
def test_compute_is_two_grouped_queries_per_level(
    size, tree, django_assert_num_queries
):
    for n in range(size):
        municipality = MunicipalityFactory(parent=tree.region)
        school = OrganisationFactory(municipality=municipality)
        support(young_teacher(school, on=END), start=dt.date(2026, 1, 1))
        young_teacher(school, on=END)
        if n % 2:
            YoungTeacherCard.objects.create(
                person=young_teacher(school, on=END),
                left_on=dt.date(2026, 2, 1),
                left_reason="region",
            )
    ids = list(tree.region.municipalities.values_list("pk", flat=True))
    for indicator in (YoungTeachersCovered(), YoungTeachersRetention()):
        with django_assert_num_queries(2):  # numerator and denominator
            values = indicator.compute(
                Units.of(UnitLevel.MUNICIPALITY, ids), SCHOOL_YEAR
            )
        assert len(values) == size + 2
    covered = YoungTeachersCovered().compute(
        Units.of(UnitLevel.MUNICIPALITY, ids), SCHOOL_YEAR
    )
    assert sum(v.denominator for v in covered.values()) == 2 * size
    assert sum(v.numerator for v in covered.values()) == size
