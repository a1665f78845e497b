"""Progress that updates itself: completed courses mark steps done, routes move on,
syncing twice changes nothing, the daily command syncs every open route."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.iom.models import CourseCompletion, Route, RouteStep
from plugins.iom.progress import completed_courses, sync_routes
from tests.factories.core import PersonFactory

from .conftest import TODAY, competence, programme, route

pytestmark = pytest.mark.django_db

DONE, SKIPPED, PLANNED = (
    RouteStep.Status.DONE,
    RouteStep.Status.SKIPPED,
    RouteStep.Status.PLANNED,
)
AGREED = Route.Status.AGREED


def course_step(item, **fields):
    return {
        "kind": "programme",
        "programme": item,
        "source_key": f"iom:programme:{item.pk}",
        **fields,
    }


def complete(person, item, on=TODAY, **fields):
    return CourseCompletion.objects.create(
        person=person, programme=item, completed_on=on, **fields
    )


@pytest.fixture
def course():
    return programme(competence("functional-literacy"), title="Курс")


def test_completed_courses_answers_its_own_keys_only(tree, course):
    complete(tree.person_a, course, document_number="ПК-17")
    complete(tree.person_b, course, on=TODAY - datetime.timedelta(days=3))

    found = completed_courses(
        [f"iom:programme:{course.pk}", "events:event:1", "iom:programme:x"],
        [tree.person_a.pk],
    )

    assert [(p.key, p.person_id, p.done_on) for p in found] == [
        (f"iom:programme:{course.pk}", tree.person_a.pk, TODAY)
    ]
    assert found[0].evidence == (
        f"Удостоверение о повышении квалификации № ПК-17 от {TODAY:%d.%m.%Y}"
    )
    assert completed_courses(["events:event:1"], [tree.person_a.pk]) == []


def test_a_completed_course_marks_its_step_and_starts_the_route(tree, course):
    mine = route(
        tree.person_a, course_step(course), {"title": "Открытый урок"}, status=AGREED
    )
    complete(tree.person_a, course)

    assert sync_routes(Route.objects.filter(pk=mine.pk)) == 1

    step, manual = mine.steps.order_by("order")
    assert (step.status, step.done_on) == (DONE, TODAY)
    assert step.done_source == f"Обучение по программе завершено {TODAY:%d.%m.%Y}"
    assert manual.status == PLANNED
    mine.refresh_from_db()
    assert mine.status == Route.Status.IN_PROGRESS and mine.completed_on is None


def test_someone_elses_course_marks_nothing(tree, course):
    mine = route(tree.person_a, course_step(course), status=AGREED)
    complete(tree.person_b, course)

    assert sync_routes([mine]) == 0
    assert mine.steps.get().status == PLANNED
    mine.refresh_from_db()
    assert mine.status == AGREED


def test_the_last_step_done_completes_the_route(tree, course):
    earlier = TODAY - datetime.timedelta(days=10)
    mine = route(
        tree.person_a,
        {"title": "Сделано вручную", "status": DONE, "done_on": earlier},
        {"title": "Отменено", "status": SKIPPED},
        course_step(course),
        status=Route.Status.IN_PROGRESS,
    )
    complete(tree.person_a, course, on=TODAY - datetime.timedelta(days=2))

    assert sync_routes([mine]) == 1

    # The caller's copy follows too.
    assert mine.status == Route.Status.COMPLETED
    assert mine.completed_on == TODAY - datetime.timedelta(days=2)
    mine.refresh_from_db()
    assert mine.status == Route.Status.COMPLETED
    manual = mine.steps.get(title="Сделано вручную")
    assert manual.done_on == earlier and manual.done_source == ""
    assert mine.steps.get(title="Отменено").status == SKIPPED


def test_a_draft_route_gets_its_steps_but_keeps_its_status(tree, course):
    mine = route(tree.person_a, course_step(course))
    complete(tree.person_a, course)

    assert sync_routes([mine.pk]) == 1

    mine.refresh_from_db()
    assert mine.status == Route.Status.DRAFT
    assert mine.steps.get().status == DONE


def test_steps_done_or_cancelled_by_hand_are_left_alone(tree, course):
    skipped = route(tree.person_a, course_step(course, status=SKIPPED), status=AGREED)
    complete(tree.person_a, course)

    assert sync_routes([skipped]) == 0
    assert skipped.steps.get().status == SKIPPED


def test_a_team_members_course_counts_for_a_team_route(tree, course):
    member = PersonFactory(organisation=tree.school_a)
    team = route(tree.person_a, course_step(course), status=AGREED)
    team.team.add(member)
    complete(member, course, on=TODAY - datetime.timedelta(days=1))
    complete(tree.person_a, course)

    assert sync_routes([team]) == 1
    # The earliest completion of the team.
    assert team.steps.get().done_on == TODAY - datetime.timedelta(days=1)


def test_syncing_again_changes_nothing(tree, course):
    mine = route(tree.person_a, course_step(course), {"title": "Ещё"}, status=AGREED)
    complete(tree.person_a, course)
    assert sync_routes([mine]) == 1
    before = list(RouteStep.objects.values().order_by("pk"))

    assert sync_routes([mine]) == 0

    assert list(RouteStep.objects.values().order_by("pk")) == before
    mine.refresh_from_db()
    assert mine.status == Route.Status.IN_PROGRESS


def _sync_queries(routes) -> int:
    with CaptureQueriesContext(connection) as queries:
        sync_routes(routes)
    return len(queries)


def test_sync_runs_a_bounded_number_of_queries(tree, course):
    def make(count):
        made = []
        for _ in range(count):
            person = PersonFactory(organisation=tree.school_a)
            complete(person, course)
            made.append(
                route(person, course_step(course), {"title": "Вручную"}, status=AGREED)
            )
        return Route.objects.filter(pk__in=[r.pk for r in made])

    few, many = make(2), make(20)
    assert _sync_queries(few) == _sync_queries(many)
    assert RouteStep.objects.filter(status=DONE).count() == 22
    assert not Route.objects.filter(status=AGREED).exists()


def test_the_command_syncs_every_open_route(tree, course):
    running = route(tree.person_a, course_step(course), status=AGREED)
    closed = route(
        tree.person_a, course_step(course), {"title": "Не сделано"},
        status=Route.Status.COMPLETED,
    )  # fmt: skip
    complete(tree.person_a, course)
    out = io.StringIO()

    call_command("iom", "sync", stdout=out)

    assert "отмечено выполненных шагов: 1" in out.getvalue()
    assert running.steps.get().status == DONE
    assert closed.steps.filter(status=DONE).count() == 0
    running.refresh_from_db()
    assert running.status == Route.Status.COMPLETED
