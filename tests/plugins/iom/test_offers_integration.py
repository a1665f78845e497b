"""What events, communities and mentoring offer to routes and how their records mark
steps done, seen only through ``portal_route_offers`` / ``portal_route_progress``.
Each group is skipped when its plugin is not enabled."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plugins.iom.models import Route, RouteStep
from plugins.iom.progress import sync_routes
from plugins.iom.proposal import add_offer_step, propose
from tests.factories.core import OrganisationFactory, PersonFactory, RegionFactory

from .conftest import TODAY, competence, programme, route

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
IRKUTSK = dt.timezone(dt.timedelta(hours=8))


def needs(label):
    return pytest.mark.skipif(
        not apps.is_installed(f"plugins.{label}"), reason=f"{label} is not enabled"
    )


@pytest.fixture
def literacy():
    return competence("functional-literacy")


def sections(tree, add):
    """A page made by ``add`` in the region's and both municipalities' sections."""
    pages = {
        "region": tree.region_page,
        "mun_a": tree.mun_a_page,
        "mun_b": tree.mun_b_page,
    }
    return SimpleNamespace(**{name: add(page) for name, page in pages.items()})


def offers_for(person, deficit):
    [found] = propose(person, [deficit.pk], TODAY)
    return found.offers


def adopt(person, offer, deficit):
    """An agreed route of one step made from the offer."""
    mine = route(person, status=Route.Status.AGREED)
    add_offer_step(mine, offer, deficit)
    return mine


# Events ------------------------------------------------------------------------------
@pytest.fixture
def calendars(tree):
    from tests.plugins.events.conftest import add_calendar

    tree.region.timezone = "Asia/Irkutsk"
    tree.region.save()
    return sections(tree, add_calendar)


def event(calendar, title, *deficits, days=10, **fields):
    from tests.plugins.events.conftest import make_event

    fields.setdefault("registration_mode", "open")
    start = dt.datetime.combine(TODAY + days * DAY, dt.time(10), IRKUTSK)
    made = make_event(
        calendar, title, start=start, end=start + dt.timedelta(hours=3), **fields
    )
    made.competences.set(deficits)
    made.save()
    return made


@needs("events")
def test_events_near_the_teacher_with_open_registration_are_offered(
    tree, calendars, literacy
):
    assessment = competence("assessment")
    near = event(calendars.mun_a, "Семинар в районе", literacy, days=20)
    regional = event(calendars.region, "Областная конференция", literacy, days=5)
    online = event(calendars.mun_b, "Вебинар соседей", literacy, event_format="online")
    event(calendars.mun_b, "Очный семинар соседей", literacy)
    event(calendars.mun_a, "Отменён", literacy, status="cancelled")
    event(calendars.mun_a, "Прошёл", literacy, days=-2)
    event(calendars.mun_a, "Без регистрации", literacy, registration_mode="none")
    event(
        calendars.mun_a, "Регистрация закрыта", literacy,
        registration_closes=timezone.make_aware(dt.datetime.combine(TODAY - DAY, dt.time())),
    )  # fmt: skip
    event(calendars.mun_a, "Другой дефицит", assessment)
    event(calendars.mun_a, "Снят с публикации", literacy).unpublish()
    course = programme(literacy, title="Курс")

    offers = offers_for(tree.person_a, literacy)

    assert [o.key for o in offers] == [
        f"iom:programme:{course.pk}",
        f"events:event:{near.pk}",
        f"events:event:{regional.pk}",
        f"events:event:{online.pk}",
    ]
    first = offers[1]
    assert first.kind == "event" and first.url == near.url
    assert first.reasons[:2] == (
        "В вашем муниципалитете",
        f"Закрывает дефицит «{literacy.name}»",
    )
    assert first.starts == TODAY + 20 * DAY and first.level == "municipal"
    assert offers[2].reasons[0] == "В вашем регионе"
    # Another municipality's event, online: still in the region, and remote.
    assert offers[3].reasons[0] == "В вашем регионе"
    assert "Можно участвовать дистанционно" in offers[3].reasons


@needs("events")
@pytest.mark.parametrize("count", [2, 20])
def test_event_offers_run_a_bounded_number_of_queries(
    tree, calendars, literacy, count, django_assert_max_num_queries
):
    from plugins.events.route_offers import route_offers

    for n in range(count):
        event(
            calendars.mun_a if n % 2 else calendars.region,
            f"Семинар {n}",
            literacy,
            capacity=30,
        )
    person = type(tree.person_a).objects.get(pk=tree.person_a.pk)
    with django_assert_max_num_queries(5):
        assert len(route_offers(person, [literacy.pk], TODAY)) == count


@needs("events")
def test_an_attended_event_marks_its_step_done(tree, calendars, literacy):
    from plugins.events.models import Registration

    seminar = event(calendars.mun_a, "Семинар", literacy, days=3)
    [offer] = offers_for(tree.person_a, literacy)
    mine = adopt(tree.person_a, offer, literacy)
    # The seminar took place three days ago.
    start = dt.datetime.combine(TODAY - 3 * DAY, dt.time(10), IRKUTSK)
    type(seminar).objects.filter(pk=seminar.pk).update(
        start=start, end=start + dt.timedelta(hours=3)
    )
    registration = Registration.objects.create(
        event=seminar, person=tree.person_a, name="Иванова", email="i@example.org",
        consent_at=timezone.now(),
    )  # fmt: skip

    assert sync_routes([mine]) == 0  # registered, not attended
    assert mine.steps.get().status == RouteStep.Status.PLANNED

    registration.attended = True
    registration.save()
    assert sync_routes([mine]) == 1

    step = mine.steps.get()
    assert step.status == RouteStep.Status.DONE
    assert step.done_on == TODAY - 3 * DAY
    assert step.done_source == "Посещение отмечено организатором: «Семинар»"
    mine.refresh_from_db()
    assert mine.status == Route.Status.COMPLETED


@needs("events")
def test_attendance_registered_by_the_account_counts(tree, calendars, literacy):
    from plugins.events.models import Registration
    from tests.factories.core import UserFactory

    user = UserFactory(username="teacher")
    user.save()
    tree.person_a.user = user
    tree.person_a.save()
    seminar = event(calendars.mun_a, "Семинар", literacy, days=-1)
    mine = route(
        tree.person_a,
        {
            "kind": "event",
            "title": "Семинар",
            "source_key": f"events:event:{seminar.pk}",
        },
    )
    Registration.objects.create(
        event=seminar, user=user, name="Иванова", email="i@example.org",
        consent_at=timezone.now(), attended=True,
    )  # fmt: skip

    assert sync_routes([mine]) == 1


# Communities -------------------------------------------------------------------------
@pytest.fixture
def registries(tree):
    from plugins.communities.models import CommunityRegistryPage
    from tests.plugins.communities.conftest import publish_child

    return sections(
        tree,
        lambda parent: publish_child(
            parent, CommunityRegistryPage(title="Сообщества", slug="communities")
        ),
    )


def community(registry, title, *deficits, **fields):
    from tests.plugins.communities.conftest import make_community

    made = make_community(registry, title, **fields)
    made.competences.set(deficits)
    made.save()
    return made


@needs("communities")
def test_communities_taking_members_are_offered(tree, registries, literacy):
    from plugins.communities.models import Membership

    assessment = competence("assessment")
    district = community(registries.mun_a, "РМО учителей", literacy, join_method="open")
    regional = community(registries.region, "Областное УМО", literacy)
    community(registries.mun_a, "По приглашению", literacy, join_method="invitation")
    community(registries.mun_a, "В архиве", literacy, status="archived")
    community(registries.mun_b, "РМО соседей", literacy)
    community(registries.mun_a, "Другой дефицит", assessment)
    joined = community(registries.mun_a, "Уже участник", literacy)
    Membership.objects.create(
        community=joined, person=tree.person_a, status="active", joined_on=TODAY
    )

    offers = offers_for(tree.person_a, literacy)

    assert [o.key for o in offers] == [
        f"communities:community:{district.pk}",
        f"communities:community:{regional.pk}",
    ]
    assert offers[0].reasons == (
        "В вашем муниципалитете",
        f"Закрывает дефицит «{literacy.name}»",
        "Свободное вступление",
    )
    assert offers[1].reasons[-1] == "Вступление по заявке"
    assert offers[0].kind == "community" and offers[0].url == district.url


@needs("communities")
def test_membership_marks_its_step_done(tree, registries, literacy):
    from plugins.communities.models import Membership

    district = community(registries.mun_a, "РМО учителей", literacy)
    [offer] = offers_for(tree.person_a, literacy)
    mine = adopt(tree.person_a, offer, literacy)
    row = Membership.objects.create(community=district, person=tree.person_a)

    assert sync_routes([mine]) == 0  # a request is not membership

    row.status, row.joined_on = Membership.Status.ACTIVE, TODAY - 5 * DAY
    row.save()
    assert sync_routes([mine]) == 1
    step = mine.steps.get()
    assert step.done_on == TODAY - 5 * DAY
    assert step.done_source == (
        f"Участник сообщества «РМО учителей» с {TODAY - 5 * DAY:%d.%m.%Y}"
    )


# Mentoring ---------------------------------------------------------------------------
def mentor(organisation, *deficits, consent=True, **fields):
    from tests.plugins.mentoring.conftest import make_mentor

    made = make_mentor(organisation, competences=deficits, **fields)
    made.person.public_consent = consent
    made.person.public_fields = ["name"]
    made.person.save()
    return made


@needs("mentoring")
def test_mentors_with_free_places_who_pass_the_deficit_on_are_offered(tree, literacy):
    from tests.plugins.mentoring.conftest import make_pair

    assessment = competence("assessment")
    same_school = mentor(tree.school_a, literacy)
    same_region = mentor(tree.school_b, literacy, capacity=3)
    mentor(tree.school_a, literacy, consent=False)
    mentor(tree.school_a, literacy, status="paused")
    mentor(tree.school_a, literacy, accepting=False)
    mentor(tree.school_a, assessment)
    mentor(OrganisationFactory(municipality=None, region=RegionFactory()), literacy)
    full = mentor(tree.school_a, literacy, capacity=1)
    make_pair(full, PersonFactory(organisation=tree.school_a))
    already = mentor(tree.school_a, literacy, capacity=3)
    make_pair(already, tree.person_a)
    itself = type(same_school).objects.create(person=tree.person_a)  # not their own
    itself.competences.set([literacy])
    tree.person_a.public_consent, tree.person_a.public_fields = True, ["name"]
    tree.person_a.save()

    offers = offers_for(tree.person_a, literacy)

    assert [o.key for o in offers] == [
        f"mentoring:mentor:{same_school.pk}",
        f"mentoring:mentor:{same_region.pk}",
    ]
    first = offers[0]
    assert first.kind == "mentoring"
    assert first.title == f"Наставник: {same_school.person.full_name}"
    assert first.reasons == (
        "Наставник из вашей организации",
        f"Закрывает дефицит «{literacy.name}»",
        "Есть свободные места у наставника: 2 из 2",
    )
    assert offers[1].reasons[0] == "В вашем регионе"


@needs("mentoring")
def test_a_completed_pair_marks_its_step_done(tree, literacy):
    from plugins.mentoring.models import PairStatus
    from tests.plugins.mentoring.conftest import make_pair

    card = mentor(tree.school_a, literacy)
    [offer] = offers_for(tree.person_a, literacy)
    mine = adopt(tree.person_a, offer, literacy)
    pair = make_pair(card, tree.person_a, start_date=TODAY - 90 * DAY)

    assert sync_routes([mine]) == 0  # a running pair is not done yet

    pair.status, pair.actual_end_date = PairStatus.COMPLETED, TODAY - DAY
    pair.save()
    assert sync_routes([mine]) == 1
    step = mine.steps.get()
    assert step.done_on == TODAY - DAY
    assert step.done_source.startswith(
        f"Наставничество завершено {TODAY - DAY:%d.%m.%Y}"
    )


@needs("mentoring")
def test_mentor_offers_run_a_bounded_number_of_queries(tree, literacy):
    from plugins.mentoring.route_offers import route_offers

    def queries(count):
        for _ in range(count):
            mentor(tree.school_a, literacy)
        person = type(tree.person_a).objects.get(pk=tree.person_a.pk)
        with CaptureQueriesContext(connection) as captured:
            found = route_offers(person, [literacy.pk], TODAY)
        return len(captured), len(found)

    few, two = queries(2)
    many, twenty = queries(18)
    assert (two, twenty) == (2, 20) and few == many


# Alone -------------------------------------------------------------------------------
@needs("events")
def test_without_other_plugins_hooks_offers_come_from_the_catalogue(
    tree, calendars, literacy
):
    from plugins.iom.models import CourseCompletion
    from tests.plugins.isolation import only_hooks_of

    event(calendars.mun_a, "Семинар", literacy)
    course = programme(literacy, title="Курс")

    with only_hooks_of("plugins.iom"):
        offers = offers_for(tree.person_a, literacy)
        assert [o.key for o in offers] == [f"iom:programme:{course.pk}"]
        mine = adopt(tree.person_a, offers[0], literacy)
        CourseCompletion.objects.create(
            person=tree.person_a, programme=course, completed_on=TODAY
        )
        assert sync_routes([mine]) == 1
    assert len(offers_for(tree.person_a, literacy)) == 2  # the hooks are back
