"""Progress that updates itself (issue 9): a route's step whose ``source_key`` names
something the portal records — an attended event, a community membership, a completed
mentoring pair (answered by those plugins through ``portal_route_progress``), a
completed course (answered here from ``CourseCompletion``) — is marked done with the
date and the confirmation, without anyone typing it.

``sync_routes`` asks every plugin once for all the steps of the given routes and the
routes' people (the owner and, for a team route, its members: a step is done when one
of them completed it, on the earliest date), writes the steps in bulk, then moves the
routes on: an agreed route with a step done is «Выполняется», an agreed or running
route whose every step that is not cancelled is done is «Завершён». A step done or
cancelled by hand is never touched. Run from the route pages for the route shown and
daily for every open route (``portal iom sync``).
"""

import re
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.extensions.hooks import RouteProgress, route_progress

from .models import CourseCompletion, Route, RouteStep

PROGRAMME_PREFIX = "iom:programme:"
#: Routes whose steps still move (a completed route is left as it was closed).
OPEN_STATUSES = (
    Route.Status.DRAFT,
    Route.Status.SUBMITTED,
    Route.Status.AGREED,
    Route.Status.IN_PROGRESS,
)
#: Routes whose status follows their steps.
RUNNING = (Route.Status.AGREED, Route.Status.IN_PROGRESS)


def key_ids(keys, prefix: str) -> set[int]:
    """Ids of the keys with ``prefix`` (``iom:programme:12`` → 12); others ignored."""
    pattern = re.compile(rf"{re.escape(prefix)}([0-9]+)")
    return {int(found[1]) for key in keys if (found := pattern.fullmatch(key))}


def completed_courses(keys, person_ids) -> list[RouteProgress]:
    """Completed programmes (``CourseCompletion``) among the keys: one query."""
    ids = key_ids(keys, PROGRAMME_PREFIX)
    if not ids or not person_ids:
        return []
    rows = CourseCompletion.objects.filter(
        programme_id__in=ids, person_id__in=list(person_ids)
    ).values_list("person_id", "programme_id", "completed_on", "document_number")
    found = []
    for person_id, programme_id, completed_on, number in rows:
        evidence = (
            _("Удостоверение о повышении квалификации № %(number)s от %(date)s")
            if number
            else _("Обучение по программе завершено %(date)s")
        ) % {"number": number, "date": f"{completed_on:%d.%m.%Y}"}
        found.append(
            RouteProgress(
                key=f"{PROGRAMME_PREFIX}{programme_id}",
                person_id=person_id,
                done_on=completed_on,
                evidence=evidence,
            )
        )
    return found


def _people(route_ids) -> dict[int, set[int]]:
    """{route id: ids of its owner and team members} (two queries)."""
    people = defaultdict(set)
    for pk, owner_id in Route.objects.filter(pk__in=route_ids).values_list(
        "pk", "owner_id"
    ):
        people[pk].add(owner_id)
    for pk, person_id in Route.team.through.objects.filter(
        route_id__in=route_ids
    ).values_list("route_id", "person_id"):
        people[pk].add(person_id)
    return people


def _mark_steps(route_ids) -> int:
    """Mark the open steps with a source that their people completed."""
    steps = list(
        RouteStep.objects.filter(route_id__in=route_ids)
        .exclude(source_key="")
        .exclude(status__in=(RouteStep.Status.DONE, RouteStep.Status.SKIPPED))
        .only("pk", "route_id", "source_key", "status", "done_on", "done_source")
    )
    if not steps:
        return 0
    people = _people(route_ids)
    everyone = {pk for ids in people.values() for pk in ids}
    progress = route_progress({s.source_key for s in steps}, everyone)
    done = []
    for step in steps:
        found = [
            item
            for person_id in people[step.route_id]
            if (item := progress.get((person_id, step.source_key)))
        ]
        if not found:
            continue
        first = min(found, key=lambda item: (item.done_on, item.person_id))
        step.status = RouteStep.Status.DONE
        step.done_on = first.done_on
        step.done_source = first.evidence[:255]
        done.append(step)
    RouteStep.objects.bulk_update(
        done, ["status", "done_on", "done_source"], batch_size=500
    )
    return len(done)


def _move_routes(route_ids) -> dict[int, Route]:
    """Running routes follow their steps: a step done → in progress; every step not
    cancelled done → completed on the last step's date (one query and one write)."""
    live = ~Q(steps__status=RouteStep.Status.SKIPPED)
    routes = list(
        Route.objects.filter(pk__in=route_ids, status__in=RUNNING)
        .annotate(
            live=Count("steps", filter=live),
            done=Count("steps", filter=Q(steps__status=RouteStep.Status.DONE)),
            last=Max("steps__done_on", filter=Q(steps__status=RouteStep.Status.DONE)),
        )
        .only("pk", "status", "completed_on")
    )
    changed = []
    for route in routes:
        if route.live and route.done == route.live:
            route.status = Route.Status.COMPLETED
            route.completed_on = route.last or timezone.localdate()
        elif route.done and route.status == Route.Status.AGREED:
            route.status = Route.Status.IN_PROGRESS
        else:
            continue
        changed.append(route)
    Route.objects.bulk_update(changed, ["status", "completed_on"], batch_size=500)
    return {route.pk: route for route in changed}


@transaction.atomic
def sync_routes(routes) -> int:
    """Mark done the steps of ``routes`` (a queryset or a list of routes or ids)
    that the portal's records confirm; move the routes on. The number of steps newly
    marked done. A bounded number of queries whatever the number of routes."""
    if hasattr(routes, "values_list"):
        route_ids = list(routes.values_list("pk", flat=True))
    else:
        route_ids = [getattr(route, "pk", route) for route in routes]
    if not route_ids:
        return 0
    marked = _mark_steps(route_ids)
    moved = _move_routes(route_ids)
    for route in routes if isinstance(routes, list | tuple) else ():
        if isinstance(route, Route) and route.pk in moved:  # the caller's copy too
            route.status = moved[route.pk].status
            route.completed_on = moved[route.pk].completed_on
    return marked
