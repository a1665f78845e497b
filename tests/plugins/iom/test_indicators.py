"""The four route indicators through the dashboard's own machinery: every figure of
the region, its municipalities and their schools recomputed independently from the
records (plain loops, not the indicators' queries), the edge cases each definition
sorts out, and two grouped queries per level whatever the data size."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from plugins.iom.indicators import (
    Diagnosed,
    FederalProgrammesCompleted,
    TeachersPerTutor,
    WithRoute,
)
from plugins.iom.models import CourseCompletion, Diagnostic, Route, RouteStep
from portal.core.models import Organisation, Person, PersonRole
from portal.dashboard.indicators import Direction, Kind, UnitLevel, Units
from portal.dashboard.periods import Period
from portal.dashboard.registry import all_indicators
from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.site.dashboard_support import rows_by_label, url

from .conftest import diagnostic, programme, route

pytestmark = pytest.mark.django_db

PERIOD = Period.school_year(2025)  # 1 September 2025 – 31 August 2026
QUERY = f"?period={PERIOD.key}"
IN = dt.date(2026, 2, 10)
BEFORE = dt.date(2025, 5, 1)
AFTER = dt.date(2026, 10, 1)
INDICATORS = {
    "iom.diagnosed": Diagnosed,
    "iom.with_route": WithRoute,
    "iom.federal_programmes": FederalProgrammesCompleted,
    "iom.teachers_per_tutor": TeachersPerTutor,
}


def moment(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def agreed(owner, diag, *steps, day=IN, status=Route.Status.AGREED, **fields):
    """A route on `diag` agreed on `day`, with steps given as dicts."""
    return route(
        owner, *steps, diagnostic=diag, status=status, agreed_at=moment(day), **fields
    )


def role(code):
    return PersonRole.objects.get_or_create(code=code, defaults={"name": code})[0]


def populate(organisation, federal, regional, other_federal):
    """One of each case the definitions must sort out, in one organisation."""
    person = lambda: PersonFactory(organisation=organisation)  # noqa: E731
    person()  # nothing at all
    diagnostic(person(), date=IN)  # diagnosed
    diagnostic(person(), date=BEFORE)  # diagnosed before the period
    diagnostic(person(), date=AFTER)  # after it
    diagnostic(person(), date=IN, source=Diagnostic.Source.SELF)  # self-assessment
    owner = person()
    agreed(owner, diagnostic(owner, date=IN))  # diagnosed, with a route
    owner = person()  # an older diagnostic, a route still running in the period
    agreed(owner, diagnostic(owner, date=BEFORE), day=BEFORE, status="in_progress")
    owner = person()  # a route completed before the period: not in force
    agreed(
        owner, diagnostic(owner, date=BEFORE), day=BEFORE, status="completed",
        completed_on=dt.date(2025, 8, 1),
    )  # fmt: skip
    owner = person()  # agreed after the period
    agreed(owner, diagnostic(owner, date=IN), day=AFTER)
    owner = person()  # a draft on a diagnostic
    route(owner, diagnostic=diagnostic(owner, date=IN))
    owner = person()  # agreed, but not on a diagnostic
    agreed(owner, None)
    owner = person()  # on a self-assessment
    agreed(owner, diagnostic(owner, date=IN, source=Diagnostic.Source.SELF))
    owner, member = person(), person()  # a team route counts for the member too
    team = agreed(owner, diagnostic(owner, date=IN))
    team.team.add(member)
    # Federal programmes chosen from diagnostics: completed in the period…
    owner, tutor = person(), person()  # the tutor of a route in force, with no role
    agreed(
        owner, diagnostic(owner, date=BEFORE), {"programme": federal}, day=BEFORE,
        status="in_progress", tutor=tutor,
    )  # fmt: skip
    CourseCompletion.objects.create(person=owner, programme=federal, completed_on=IN)
    # …by a team member of a route with it…
    owner, member = person(), person()
    team = agreed(owner, diagnostic(owner, date=IN), {"programme": federal})
    team.team.add(member)
    CourseCompletion.objects.create(person=member, programme=federal, completed_on=IN)
    # …not: completed after the period, a regional programme, a federal one in no
    # route, a federal one in a draft route.
    owner = person()
    agreed(owner, diagnostic(owner, date=IN), {"programme": federal})
    CourseCompletion.objects.create(person=owner, programme=federal, completed_on=AFTER)
    owner = person()
    agreed(owner, diagnostic(owner, date=IN), {"programme": regional})
    CourseCompletion.objects.create(person=owner, programme=regional, completed_on=IN)
    owner = person()
    agreed(owner, diagnostic(owner, date=IN), {"programme": federal})
    CourseCompletion.objects.create(
        person=owner, programme=other_federal, completed_on=IN
    )
    owner = person()
    route(owner, {"programme": federal}, diagnostic=diagnostic(owner, date=IN))
    CourseCompletion.objects.create(person=owner, programme=federal, completed_on=IN)
    # Tutors and methodists by role.
    person().roles.add(role("tutor"))
    person().roles.add(role("methodist"), role("tutor"))
    person().roles.add(role("mentor"))


@pytest.fixture
def records(tree):
    lyceum = OrganisationFactory(name="МБОУ Лицей № 3", municipality=tree.mun_a)
    federal = programme(title="Федеральная", in_federal_registry=True)
    other = programme(title="Другая федеральная", in_federal_registry=True)
    regional = programme(title="Региональная", region=tree.region)
    for organisation in (tree.school_a, lyceum, tree.school_b, tree.regional_org):
        populate(organisation, federal, regional, other)
    # Organisations differ: extra plain people in school B, a diagnosed one in A.
    for _n in range(3):
        PersonFactory(organisation=tree.school_b)
    diagnostic(PersonFactory(organisation=tree.school_a), date=IN)
    return lyceum


# --- The independent recomputation ---------------------------------------------------


def local_day(moment_):
    return timezone.localtime(moment_).date() if moment_ else None


def recompute(period: Period) -> dict[int, dict[str, int]]:
    """{organisation id: {"people", "diagnosed", "routed", "federal", "tutors"}}."""
    start, end = period.start, period.end
    built = ("agreed", "in_progress", "completed")
    diagnostics = {d.pk: d for d in Diagnostic.objects.all()}
    diagnosed = {
        d.person_id
        for d in diagnostics.values()
        if start <= d.date <= end and d.source != "self"
    }
    members, on_diagnostic, in_force = {}, set(), set()
    for r in Route.objects.all():
        members[r.pk] = {r.owner_id, *r.team.values_list("pk", flat=True)}
        source = diagnostics[r.diagnostic_id].source if r.diagnostic_id else None
        if r.status in built and source not in (None, "self"):
            on_diagnostic.add(r.pk)
        since = local_day(r.agreed_at) or local_day(r.created_at)
        if r.status in built and since <= end:
            if r.completed_on is None or r.completed_on >= start:
                in_force.add(r.pk)
    routed = set()
    for pk in on_diagnostic & in_force:
        routed |= members[pk]
    federal = set()
    steps = list(RouteStep.objects.all())
    for c in CourseCompletion.objects.select_related("programme"):
        if not (start <= c.completed_on <= end and c.programme_id):
            continue
        if not c.programme.in_federal_registry:
            continue
        for step in steps:
            if step.programme_id != c.programme_id:
                continue
            if step.route_id in on_diagnostic and c.person_id in members[step.route_id]:
                federal.add(c.person_id)
    tutors = {
        p.pk
        for p in Person.objects.all()
        if {r.code for r in p.roles.all()} & {"tutor", "methodist"}
    }
    tutors |= {r.tutor_id for r in Route.objects.filter(pk__in=in_force) if r.tutor_id}
    found: dict[int, dict[str, int]] = {}
    for p in Person.objects.all():
        counts = found.setdefault(
            p.organisation_id,
            {"people": 0, "diagnosed": 0, "routed": 0, "federal": 0, "tutors": 0},
        )
        counts["people"] += 1
        counts["diagnosed"] += p.pk in diagnosed
        counts["routed"] += p.pk in routed
        counts["federal"] += p.pk in federal
        counts["tutors"] += p.pk in tutors
    return found


def expected(code: str, counts: dict) -> tuple:
    """(value, numerator, denominator) as the dashboard forms it."""
    numerator, denominator = {
        "iom.diagnosed": (counts["diagnosed"], counts["people"]),
        "iom.with_route": (counts["routed"], counts["people"]),
        "iom.federal_programmes": (counts["federal"], counts["people"]),
        "iom.teachers_per_tutor": (counts["people"], counts["tutors"]),
    }[code]
    if not denominator:
        return (None, numerator, denominator)
    ratio = Decimal(numerator) / Decimal(denominator)
    if code != "iom.teachers_per_tutor":
        ratio *= 100
    return (ratio.quantize(Decimal("0.1"), ROUND_HALF_UP), numerator, denominator)


def summed(by_organisation, organisations) -> dict:
    total = {"people": 0, "diagnosed": 0, "routed": 0, "federal": 0, "tutors": 0}
    for organisation in organisations:
        for key, value in by_organisation.get(organisation.pk, {}).items():
            total[key] += value
    return total


def triple(value):
    return (value.value, value.numerator, value.denominator)


# --- Tests ---------------------------------------------------------------------------


def test_the_indicators_come_through_the_contract():
    found = {i.code: i for i in all_indicators()}
    for code, cls in INDICATORS.items():
        assert isinstance(found[code], cls)
        assert found[code].period_kind == Period.SCHOOL
        assert found[code].public  # region-level aggregates only reach open data
    assert found["iom.diagnosed"].default_target == Decimal("20")
    assert found["iom.with_route"].default_target == Decimal("15")
    assert found["iom.federal_programmes"].default_target == Decimal("30")
    per_tutor = found["iom.teachers_per_tutor"]
    assert per_tutor.default_target == Decimal("250")
    assert (per_tutor.kind, per_tutor.direction) == (Kind.RATIO, Direction.AT_MOST)
    assert "самодиагностика не учитывается" in str(found["iom.diagnosed"].description)


def test_each_case_is_sorted_out_in_one_school(tree, records):
    counts = recompute(PERIOD)[tree.school_b.pk]
    # The 25 people of the case list, 3 plain ones and the tree's. Diagnosed in the period, not
    # by themselves: the diagnosed one and nine route owners; with a route: six
    # owners, two team members, the running route's and the first federal owner;
    # federal: the owner and the team member; tutors: two by role, one by route.
    assert counts == {
        "people": 29, "diagnosed": 10, "routed": 10, "federal": 2, "tutors": 3,
    }  # fmt: skip


def test_the_dashboard_figures_are_recomputed_independently(
    client, users, tree, records
):
    lyceum = records
    by_organisation = recompute(PERIOD)
    client.force_login(users.superuser)
    mun_a = Organisation.objects.filter(municipality=tree.mun_a)
    mun_b = Organisation.objects.filter(municipality=tree.mun_b)
    for code in INDICATORS:
        region = client.get(
            url("dashboard:unit", "region", tree.region.pk, query=QUERY, indicator=code)
        )
        assert region.status_code == 200
        rows = rows_by_label(region)
        for label, organisations in (
            ("Район А", mun_a),
            ("Район Б", mun_b),
            ("ЦНППМ", [tree.regional_org]),
        ):
            counts = summed(by_organisation, organisations)
            assert triple(rows[label].value) == expected(code, counts), (code, label)
        total = summed(by_organisation, Organisation.objects.all())
        assert triple(region.context["table"].total.value) == expected(code, total)

        municipality = client.get(
            url(
                "dashboard:unit",
                "municipality",
                tree.mun_a.pk,
                query=QUERY,
                indicator=code,
            )  # fmt: skip
        )
        rows = rows_by_label(municipality)
        for organisation in (tree.school_a, lyceum):
            assert triple(rows[organisation.name].value) == expected(
                code, by_organisation[organisation.pk]
            ), (code, organisation.name)


def test_a_school_on_its_own_and_another_period(tree, records):
    """The calendar year 2025 sees the diagnostics of May, not those of February."""
    for period in (PERIOD, Period.calendar_year(2025)):
        by_organisation = recompute(period)
        for code, cls in INDICATORS.items():
            value = cls().compute(
                Units.of(UnitLevel.ORGANISATION, [tree.school_a.pk]), period
            )[tree.school_a.pk]
            assert triple(value) == expected(code, by_organisation[tree.school_a.pk])
    # Four diagnostics of May 2025 in each organisation.
    assert recompute(Period.calendar_year(2025))[tree.school_b.pk]["diagnosed"] == 4


def test_a_unit_without_tutors_has_no_ratio(tree):
    # The tree's person A alone, and a route with no tutor.
    agreed(tree.person_a, diagnostic(tree.person_a, date=IN))
    value = TeachersPerTutor().compute(
        Units.of(UnitLevel.ORGANISATION, [tree.school_a.pk]), PERIOD
    )[tree.school_a.pk]
    assert triple(value) == (None, 1, 0)


@pytest.mark.parametrize("size", [2, 20])
def test_compute_is_two_grouped_queries_per_level(
    size, tree, django_assert_num_queries
):
    federal = programme(in_federal_registry=True)
    for _n in range(size):
        municipality = MunicipalityFactory(parent=tree.region)
        school = OrganisationFactory(municipality=municipality)
        owner = PersonFactory(organisation=school)
        agreed(owner, diagnostic(owner, date=IN), {"programme": federal})
        CourseCompletion.objects.create(
            person=owner, programme=federal, completed_on=IN
        )
        PersonFactory(organisation=school).roles.add(role("tutor"))
    ids = list(tree.region.municipalities.values_list("pk", flat=True))
    for cls in INDICATORS.values():
        with django_assert_num_queries(2):  # numerator and denominator
            values = cls().compute(Units.of(UnitLevel.MUNICIPALITY, ids), PERIOD)
        assert len(values) == size + 2
    shares = FederalProgrammesCompleted().compute(
        Units.of(UnitLevel.MUNICIPALITY, ids), PERIOD
    )
    assert sum(v.numerator for v in shares.values()) == size
