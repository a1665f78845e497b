"""What the public page of a community shows (``CommunityPage.get_context``).

People reach the page only through ``Person.public_data()`` (152-ФЗ): a leader or a
responsible person without consent is not named, and nobody's e-mail or phone is shown
(the community's own contacts are). Linked events are read as pages, never through the
events plugin, so the page works whether that plugin is installed or not. The page runs
a fixed number of queries whatever the number of members, plan items and events
(tests/plugins/communities/test_community_page.py).
"""

from dataclasses import dataclass

from django.db.models import F, Prefetch
from django.utils import timezone
from wagtail.models import Page

from portal.core.models import NormativeAct, Person

from .models import CommunityMaterial, Membership, PlanItem, PracticePage, WorkPlan

try:  # written separately; the page works without it
    from .membership_views import membership_context
except ImportError:  # pragma: no cover - only before the module exists
    membership_context = None

#: Upcoming linked events shown on the page.
UPCOMING_EVENTS = 5


@dataclass
class Leader:
    role: str
    person: dict  # Person.public_data()


def people_queryset():
    """What ``Person.public_data`` reads, fetched with the people."""
    return Person.objects.select_related("organisation").prefetch_related("subjects")


def leaders(page) -> list[Leader]:
    """Head and deputies from the active memberships (the page's fields when no
    membership names one), only those whose consent lets something be shown."""
    roles = dict(Membership.Role.choices)
    rows = list(
        Membership.objects.filter(
            community=page,
            status=Membership.Status.ACTIVE,
            role__in=Membership.LEADERS,
        )
        .select_related("person__organisation")
        .prefetch_related("person__subjects")
        .order_by("role", "person__last_name", "person__first_name", "pk")
    )  # "deputy" < "head": the head is put first below
    found = [(row.role, row.person) for row in rows]
    if not found:
        if page.head_id:
            head = people_queryset().filter(pk=page.head_id).first()
            if head is not None:
                found.append((Membership.Role.HEAD, head))
        found += [
            (Membership.Role.DEPUTY, person)
            for person in people_queryset()
            .filter(pk__in=[deputy.pk for deputy in page.deputies.all()])
            .order_by("last_name", "first_name", "pk")
        ]
    found.sort(key=lambda pair: pair[0] != Membership.Role.HEAD)
    shown = []
    for role, person in found:
        data = person.public_data()
        if data:
            shown.append(Leader(role=str(roles[role]), person=data))
    return shown


def plan_of(page, request) -> tuple[WorkPlan | None, list[int], int]:
    """The published plan of the year asked (?year=, the current year by default),
    the years of the other published plans, and the year shown."""
    years = list(
        WorkPlan.objects.filter(community=page, published=True)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    plan = None
    if year in years:
        responsible = people_queryset()
        items = (
            PlanItem.objects.select_related("event")
            .prefetch_related(Prefetch("responsible", queryset=responsible))
            .order_by(F("date").asc(nulls_last=True), "order", "pk")
        )
        plan = (
            WorkPlan.objects.filter(community=page, published=True, year=year)
            .prefetch_related(Prefetch("items", queryset=items))
            .first()
        )
    return plan, years, year


def live_event_pages(ids) -> dict[int, Page]:
    """Live public pages by id, as their specific type: one query for the pages and
    one per page type (whatever the number of items)."""
    if not ids:
        return {}
    pages = Page.objects.live().public().filter(pk__in=set(ids)).specific()
    return {page.pk: page for page in pages}


@dataclass
class PlanRow:
    item: PlanItem
    responsible: dict | None  # Person.public_data()
    event: Page | None  # live page


def plan_rows(plan, events: dict[int, Page]) -> list[PlanRow]:
    if plan is None:
        return []
    return [
        PlanRow(
            item=item,
            responsible=item.responsible.public_data() if item.responsible else None,
            event=events.get(item.event_id),
        )
        for item in plan.items.all()
    ]


def upcoming_events(page, now, known: dict[int, Page]) -> list[Page]:
    """Live pages linked from the community's published plans that start after now,
    soonest first (the start is read by name: an event page has one)."""
    ids = set(
        PlanItem.objects.filter(
            plan__community=page, plan__published=True, event__isnull=False
        ).values_list("event_id", flat=True)
    )
    pages = dict(known)
    pages.update(live_event_pages(ids - known.keys()))
    upcoming = [
        event
        for pk, event in pages.items()
        if pk in ids and getattr(event, "start", None) and event.start > now
    ]
    upcoming.sort(key=lambda event: (event.start, event.pk))
    return upcoming[:UPCOMING_EVENTS]


def founding_act(page) -> NormativeAct | None:
    if not page.founding_act_id:
        return None
    return (
        NormativeAct.objects.select_related("document")
        .filter(pk=page.founding_act_id)
        .first()
    )


def community_context(page, request) -> dict:
    context = {
        "subjects": list(page.subjects.all()),
        "act": founding_act(page),
        "plan_year": timezone.localdate().year,
        "membership_block": False,
    }
    if page.pk is None:  # the admin's preview of a page not saved yet
        return context
    plan, years, year = plan_of(page, request)
    plan_events = live_event_pages(
        [item.event_id for item in plan.items.all() if item.event_id] if plan else []
    )
    context.update(
        leaders=leaders(page),
        members_count=Membership.objects.filter(
            community=page, status=Membership.Status.ACTIVE
        ).count(),
        plan=plan,
        plan_rows=plan_rows(plan, plan_events),
        plan_year=year,
        plan_years=years,
        products=list(
            CommunityMaterial.objects.filter(
                community=page, members_only=False
            ).order_by("-created_at", "-pk")
        ),
        practices=list(
            PracticePage.objects.live()
            .public()
            .filter(community=page)
            .defer("description", "materials")
            .order_by("-first_published_at", "pk")
        ),
        upcoming_events=upcoming_events(page, timezone.now(), plan_events),
    )
    if membership_context is not None:
        context["membership_block"] = True
        context.update(membership_context(page, request))
    return context
