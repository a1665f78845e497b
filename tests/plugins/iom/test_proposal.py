"""Proposing a route from deficits: the catalogue's offers, their ranking and reasons,
routes built from them and from typical routes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.iom.models import (
    LearningForm,
    ProgrammeCohort,
    Route,
    RouteCatalogPage,
    RouteStep,
    RouteTemplatePage,
    RouteTemplateStep,
    StepKind,
)
from plugins.iom.proposal import (
    INTERNSHIP_STATUS,
    add_offer_step,
    adopt_template,
    build_route,
    catalogue_offers,
    propose,
)
from portal.core.models import OrganisationStatus
from tests.factories.core import OrganisationFactory, RegionFactory

from .conftest import TODAY, competence, diagnostic, programme

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def cohort(item, start, **fields):
    return ProgrammeCohort.objects.create(programme=item, start_date=start, **fields)


def keys(offers):
    return [offer.key for offer in offers]


def internship_site(municipality, name):
    site = OrganisationFactory(name=name, municipality=municipality)
    site.statuses.add(
        OrganisationStatus.objects.get_or_create(name=INTERNSHIP_STATUS)[0]
    )
    return site


@pytest.fixture
def literacy():
    return competence("functional-literacy")


@pytest.fixture
def assessment():
    return competence("assessment")


def test_registry_programmes_first_then_open_cohorts_then_the_rest(tree, literacy):
    plain = programme(literacy, title="А: без набора")
    open_ = programme(literacy, title="Б: набор открыт")
    cohort(open_, TODAY + 20 * DAY, end_date=TODAY + 40 * DAY)
    closed = programme(literacy, title="В: набор закрыт")
    cohort(closed, TODAY + 5 * DAY, enrolment_closes=TODAY - DAY)
    registry = programme(literacy, title="Я: из реестра", in_federal_registry=True)

    [found] = propose(tree.person_a, [literacy.pk], TODAY)

    assert found.deficit == literacy
    assert keys(found.offers) == [
        f"iom:programme:{p.pk}" for p in (registry, open_, plain, closed)
    ]
    first, second = found.offers[:2]
    assert first.reasons[:2] == (
        "Программа из федерального реестра",
        f"Закрывает дефицит «{literacy.name}»",
    )
    assert first.level == "federal" and first.hours == 36
    assert (
        f"Открыт набор: начало обучения {TODAY + 20 * DAY:%d.%m.%Y}" in second.reasons
    )
    assert (second.starts, second.ends) == (TODAY + 20 * DAY, TODAY + 40 * DAY)
    assert found.offers[2].starts is None  # no open cohort: no dates


def test_only_published_programmes_of_the_region_or_federal(tree, literacy):
    federal = programme(literacy, title="Федеральная")
    own = programme(literacy, title="Региональная", region=tree.region)
    programme(literacy, title="Чужой регион", region=RegionFactory(name="Другая"))
    programme(literacy, title="Скрытая", published=False)

    offers = catalogue_offers(tree.person_a, [literacy.pk], TODAY)

    assert sorted(keys(offers)) == sorted(
        f"iom:programme:{p.pk}" for p in (federal, own)
    )
    by_key = {o.key: o for o in offers}
    assert "Программа вашего региона" in by_key[f"iom:programme:{own.pk}"].reasons
    assert by_key[f"iom:programme:{own.pk}"].level == "regional"
    # Nobody's region: the federal catalogue only.
    assert keys(catalogue_offers(None, [literacy.pk], TODAY)) == [
        f"iom:programme:{federal.pk}"
    ]


def test_a_programme_closing_more_deficits_ranks_higher(tree, literacy, assessment):
    one = programme(literacy, title="А: одна тема")
    both = programme(literacy, assessment, title="Б: две темы")

    found = propose(tree.person_a, [literacy.pk, assessment.pk], TODAY)

    offers = {item.deficit.code: keys(item.offers) for item in found}
    assert offers["functional-literacy"] == [
        f"iom:programme:{both.pk}",
        f"iom:programme:{one.pk}",
    ]
    assert offers["assessment"] == [f"iom:programme:{both.pk}"]
    reason = next(o for o in found[0].offers if o.key.endswith(str(both.pk))).reasons[0]
    assert reason.startswith("Закрывает дефициты «")


def test_a_deficit_nothing_closes_comes_with_no_offers(tree, literacy, assessment):
    programme(literacy)

    found = {
        item.deficit.code: item.offers
        for item in propose(tree.person_a, [literacy.pk, assessment.pk], TODAY)
    }

    assert len(found["functional-literacy"]) == 1
    assert found["assessment"] == []
    assert propose(tree.person_a, [], TODAY) == []


def test_internship_sites_near_the_teacher_come_last(tree, literacy, settings):
    settings.PORTAL_IOM_OFFERS_PER_DEFICIT = 3
    far = internship_site(tree.mun_b, "А: площадка в другом районе")
    near = internship_site(tree.mun_a, "Я: площадка рядом")
    tree.school_a.statuses.add(OrganisationStatus.objects.get(name=INTERNSHIP_STATUS))
    programmes = [programme(literacy, title=f"Программа {n}") for n in range(4)]

    [found] = propose(tree.person_a, [literacy.pk], TODAY)

    # Three places: the best programmes, but the best internship site is kept.
    assert keys(found.offers) == [
        f"iom:programme:{programmes[0].pk}",
        f"iom:programme:{programmes[1].pk}",
        f"iom:internship:{near.pk}",
    ]
    site = found.offers[-1]
    assert site.kind == "internship"
    assert site.reasons == ("Стажировочная площадка в вашем муниципалитете",)
    all_sites = [
        o
        for o in catalogue_offers(tree.person_a, [literacy.pk], TODAY)
        if o.kind == "internship"
    ]
    assert keys(all_sites) == [f"iom:internship:{near.pk}", f"iom:internship:{far.pk}"]
    assert all_sites[1].reasons == ("Стажировочная площадка в вашем регионе",)


def _propose_queries(person, deficits) -> int:
    with CaptureQueriesContext(connection) as queries:
        propose(person, [d.pk for d in deficits], TODAY)
    return len(queries)


@pytest.mark.parametrize("count", [2, 20])
def test_proposing_runs_a_bounded_number_of_queries(
    tree, literacy, assessment, count, django_assert_max_num_queries
):
    for n in range(count):
        item = programme(
            literacy, assessment, title=f"Программа {n}", in_federal_registry=n % 2 == 0
        )
        cohort(item, TODAY + n * DAY)
    internship_site(tree.mun_a, "Площадка")
    person = type(tree.person_a).objects.get(pk=tree.person_a.pk)
    with django_assert_max_num_queries(20):  # every plugin enabled: 17
        found = propose(person, [literacy.pk, assessment.pk], TODAY)
    assert all(item.offers for item in found)


def test_query_count_does_not_grow_with_the_catalogue(tree, literacy):
    person = type(tree.person_a).objects.get(pk=tree.person_a.pk)
    for n in range(2):
        programme(literacy, title=f"Программа {n}")
    few = _propose_queries(person, [literacy])
    for n in range(2, 20):
        cohort(programme(literacy, title=f"Программа {n}"), TODAY + DAY)
    person = type(tree.person_a).objects.get(pk=tree.person_a.pk)
    assert _propose_queries(person, [literacy]) == few


def test_build_route_takes_the_top_offer_of_each_deficit(tree, literacy, assessment):
    best = programme(literacy, title="Лучшая", in_federal_registry=True, hours=72)
    cohort(best, TODAY + 10 * DAY, end_date=TODAY + 60 * DAY)
    programme(literacy, title="Вторая")
    shared = programme(literacy, assessment, title="Общая")
    found = diagnostic(tree.person_a, literacy, assessment)

    route = build_route(tree.person_a, diagnostic=found, today=TODAY)

    assert route.status == Route.Status.DRAFT and route.diagnostic == found
    assert set(route.deficits.all()) == {literacy, assessment}
    steps = list(route.steps.order_by("order"))
    # Deficits in the taxonomy's order; the shared programme is the second deficit's.
    assert [(s.deficit, s.programme) for s in steps] == [
        (literacy, best),
        (assessment, shared),
    ]
    step = steps[0]
    assert step.kind == StepKind.PROGRAMME and step.learning_form == LearningForm.FORMAL
    assert step.source_key == f"iom:programme:{best.pk}" and step.hours == 72
    assert (step.planned_start, step.planned_end) == (
        TODAY + 10 * DAY,
        TODAY + 60 * DAY,
    )
    assert step.status == RouteStep.Status.PLANNED
    assert (route.start_date, route.end_date) == (TODAY, TODAY + 60 * DAY)


def test_an_offer_for_two_deficits_becomes_one_step(tree, literacy, assessment):
    shared = programme(literacy, assessment, title="А: общая", in_federal_registry=True)
    other = programme(assessment, title="Б: оценивание")

    route = build_route(
        tree.person_a, deficit_ids=[literacy.pk, assessment.pk], today=TODAY
    )

    steps = [(s.deficit, s.programme) for s in route.steps.order_by("order")]
    # The second deficit's top offer is taken: it gets its next one.
    assert steps == [(literacy, shared), (assessment, other)]


def test_build_route_with_chosen_keys(tree, literacy, assessment):
    first = programme(literacy, title="А")
    second = programme(literacy, title="Б")
    programme(literacy, title="В")
    programme(assessment, title="Г")

    route = build_route(
        tree.person_a,
        deficit_ids=[literacy.pk, assessment.pk],
        keys=[
            f"iom:programme:{first.pk}",
            f"iom:programme:{second.pk}",
            "events:event:999",
        ],
        today=TODAY,
    )

    assert [s.programme for s in route.steps.order_by("order")] == [first, second]
    assert {s.deficit for s in route.steps.all()} == {literacy}
    assert set(route.deficits.all()) == {literacy, assessment}
    assert (
        build_route(
            tree.person_a, deficit_ids=[literacy.pk], keys=[], today=TODAY
        ).steps.count()
        == 0
    )


def test_add_offer_step_appends_to_the_route(tree, literacy):
    item = programme(literacy, title="Курс")
    route = build_route(tree.person_a, deficit_ids=[literacy.pk], today=TODAY)
    [offer] = propose(tree.person_a, [literacy.pk], TODAY)[0].offers

    step = add_offer_step(route, offer, literacy.pk)

    assert step.order == 1 and step.programme == item and step.deficit == literacy
    assert step.url == offer.url and step.source_key == offer.key


def test_adopt_template_copies_and_binds_its_steps(tree, literacy, assessment):
    item = programme(literacy, title="Курс из шаблона", hours=24)
    cohort(item, TODAY + 3 * DAY, end_date=TODAY + 30 * DAY)
    site = internship_site(tree.mun_a, "Площадка")
    catalog = RouteCatalogPage(title="Типовые маршруты", slug="routes")
    tree.region_page.add_child(instance=catalog)
    template = RouteTemplatePage(
        title="Молодой учитель", slug="young", target_group="молодые учителя"
    )
    template.deficits = [literacy, assessment]
    template.steps = [
        RouteTemplateStep(title="Пройти курс", kind=StepKind.PROGRAMME, programme=item, deficit=literacy),
        RouteTemplateStep(
            title="Стажировка", kind=StepKind.INTERNSHIP, deficit=assessment,
            learning_form=LearningForm.NON_FORMAL, hours=8,
        ),
        RouteTemplateStep(title="Читать методичку", kind=StepKind.SELF_STUDY, learning_form=LearningForm.INFORMAL),
    ]  # fmt: skip
    catalog.add_child(instance=template)

    route = adopt_template(tree.person_a, template, today=TODAY)

    assert route.template_id == template.pk and route.title == "Молодой учитель"
    assert route.status == Route.Status.DRAFT
    assert set(route.deficits.all()) == {literacy, assessment}
    course, internship, reading = route.steps.order_by("order")
    assert (course.programme, course.source_key, course.hours) == (
        item,
        f"iom:programme:{item.pk}",
        24,
    )
    assert (course.planned_start, course.planned_end) == (
        TODAY + 3 * DAY,
        TODAY + 30 * DAY,
    )
    assert (
        internship.source_key == f"iom:internship:{site.pk}" and internship.hours == 8
    )
    assert (
        internship.deficit == assessment
        and internship.learning_form == LearningForm.NON_FORMAL
    )
    assert (reading.title, reading.source_key, reading.kind) == (
        "Читать методичку",
        "",
        StepKind.SELF_STUDY,
    )
    assert route.end_date == TODAY + 30 * DAY
