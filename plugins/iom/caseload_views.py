"""«Маршруты моих педагогов» (``/iom/caseload/``, ``iom:caseload``): the routes a
tutor accompanies and, for a coordinator (school methodological council, municipal
office, regional centre), every route of the teachers in their territorial scope
(``portal.permissions.policy.scope_queryset``).

Each route with its owner, organisation, status, progress (done steps of those not
cancelled) and overdue steps; routes waiting for agreement first, then those with
the most overdue steps. Filters by status and «только с просроченными шагами»;
paged by ``PORTAL_IOM_PAGE_SIZE``. A fixed number of queries whatever the number of
routes: the counts come from one annotated query.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import render
from django.utils import timezone

from portal.extensions.registry import plugin_setting
from portal.permissions.policy import VIEW, scope_for, scope_queryset

from .forms import CaseloadFilter
from .models import Route
from .my_views import no_person, person_of, with_progress

Status = Route.Status


def caseload_filter(user, person) -> Q:
    """The routes the user accompanies: as tutor, and as a coordinator in scope."""
    found = Q(pk__in=[])
    if person is not None:
        found |= Q(tutor=person)
    if scope_for(user).is_editor:
        found |= Q(pk__in=scope_queryset(user, Route.objects.all(), VIEW).values("pk"))
    return found


def caseload(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = person_of(request.user)
    coordinator = scope_for(request.user).is_editor
    if person is None and not coordinator:
        return no_person(request)
    today = timezone.localdate()
    mine = Route.objects.filter(caseload_filter(request.user, person))
    summary = mine.aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(status=Status.SUBMITTED))
    )
    form = CaseloadFilter(request.GET or None)
    routes = with_progress(mine, today)
    if form.is_valid():
        if form.cleaned_data["status"]:
            routes = routes.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["overdue"]:
            routes = routes.filter(steps_overdue__gt=0)
    routes = (
        routes.select_related("owner__organisation", "tutor")
        .annotate(
            waiting=Case(
                When(status=Status.SUBMITTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-steps_overdue", "owner__last_name",
                  "owner__first_name", "pk")
    )  # fmt: skip
    page = Paginator(routes, plugin_setting("iom", "PAGE_SIZE")).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "iom/caseload/index.html",
        {
            "routes": page,
            "form": form,
            "summary": summary,
            "coordinator": coordinator,
            "today": today,
        },
    )
