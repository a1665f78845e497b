"""«Мой маршрут» (``/iom/my/``): a teacher's diagnostics and routes, and the two ways
a route is born — built from a diagnostic (``/iom/my/diagnostics/<id>/propose/``)
or adopted from a typical route (``/iom/my/adopt/<page_id>/``, POST from its public
page) — and the offers to add to an existing route (``/iom/routes/<id>/offers/``).

Everything here is about the signed-in person: someone else's diagnostic is a 404,
an anonymous visitor gets the login page, an account without a card in the registry
a Russian explanation. What to offer and how a route is built live in ``proposal``;
how steps mark themselves done in ``progress``. These views read forms, show
messages and redirect.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.extensions.hooks import ProfileLink

from . import access, progress, proposal
from .documents import OPEN_STEPS
from .forms import ProposeForm, tutor_candidates
from .models import (
    Diagnostic,
    DiagnosticScore,
    Route,
    RouteCatalogPage,
    RouteStep,
    RouteTemplatePage,
    StepKind,
)

NO_PERSON = gettext_lazy(
    "Ваша учётная запись не связана с карточкой педагога в реестре портала, поэтому "
    "индивидуальный образовательный маршрут здесь недоступен. Обратитесь к методисту "
    "своей организации или муниципалитета."
)

Status = Route.Status
COUNTED_STEPS = (*OPEN_STEPS, RouteStep.Status.DONE)


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("organisation").first()


def no_person(request):
    return render(request, "iom/my/no_person.html", {"message": NO_PERSON}, status=404)


def signed_in_person(request):
    """(person, None) or (None, the response to send: login page or explanation)."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    person = person_of(request.user)
    if person is None:
        return None, no_person(request)
    return person, None


def visible_route(request, route_id: int):
    """(route, role, None) for those who may see the route (``access.route_for``:
    404 for strangers), or (None, None, the login page)."""
    if not request.user.is_authenticated:
        return None, None, redirect_to_login(request.get_full_path())
    route, role = access.route_for(request.user, route_id)
    return route, role, None


def with_progress(routes, today):
    """Routes annotated with ``steps_total`` (not cancelled), ``steps_done`` and
    ``steps_overdue``: one join, counted in the same query."""
    return routes.annotate(
        steps_total=Count("steps", filter=Q(steps__status__in=COUNTED_STEPS)),
        steps_done=Count("steps", filter=Q(steps__status=RouteStep.Status.DONE)),
        steps_overdue=Count(
            "steps",
            filter=Q(steps__status__in=OPEN_STEPS, steps__planned_end__lt=today),
        ),
    )


def own_routes(person):
    """Routes the person owns or works on as a member of a team (no duplicates: the
    team join stays in a subquery, so the step counts are not multiplied)."""
    ids = Route.objects.filter(Q(owner=person) | Q(team=person)).values("pk")
    return Route.objects.filter(pk__in=ids)


def kind_label(kind: str) -> str:
    return StepKind(kind).label if kind in StepKind.values else kind


# The profile link -------------------------------------------------------------------


def profile_links(person) -> list[ProfileLink]:
    """«Мой маршрут» for a person with a diagnostic or a route, or who tutors routes;
    a tutor also gets «Маршруты моих педагогов»."""
    tutor = Route.objects.filter(tutor=person).exists()
    own = tutor or (
        Diagnostic.objects.filter(person=person).exists() or own_routes(person).exists()
    )
    links = []
    if own:
        links.append(
            ProfileLink(
                title=_("Мой маршрут"),
                url=reverse("iom:my"),
                description=_(
                    "диагностика, индивидуальный образовательный маршрут, шаги"
                ),
                order=15,
            )
        )
    if tutor:
        links.append(
            ProfileLink(
                title=_("Маршруты моих педагогов"),
                url=reverse("iom:caseload"),
                description=_("маршруты, которые вы сопровождаете как тьютор"),
                order=16,
            )
        )
    return links


# «Мой маршрут» ----------------------------------------------------------------------


def my_routes(request):
    person, response = signed_in_person(request)
    if response is not None:
        return response
    today = timezone.localdate()
    progress.sync_routes(own_routes(person).exclude(status=Status.COMPLETED))
    routes = list(
        with_progress(own_routes(person), today).select_related(
            "owner", "tutor", "diagnostic", "template"
        )
    )
    diagnostics = list(
        Diagnostic.objects.filter(person=person).prefetch_related(
            Prefetch("scores", DiagnosticScore.objects.select_related("area")),
            "deficits",
        )
    )
    built = {r.diagnostic_id: r for r in routes if r.owner_id == person.pk}
    for diagnostic in diagnostics:
        diagnostic.route = built.get(diagnostic.pk)
    return render(
        request,
        "iom/my/index.html",
        {
            "person": person,
            "diagnostics": diagnostics,
            "routes": routes,
            "tutor": Route.objects.filter(tutor=person).exists(),
            "catalogue": RouteCatalogPage.objects.live().order_by("path").first(),
            "today": today,
        },
    )


# «Построить маршрут» ----------------------------------------------------------------


def open_route(person, **source) -> Route | None:
    """The person's route not yet completed from this diagnostic or template."""
    return (
        Route.objects.filter(owner=person, **source)
        .exclude(status=Status.COMPLETED)
        .first()
    )


def propose_route(request, diagnostic_id: int):
    """The offers for each deficit of a diagnostic, the top one ticked; POST builds a
    draft route from the ticked ones."""
    person, response = signed_in_person(request)
    if response is not None:
        return response
    diagnostic = Diagnostic.objects.filter(pk=diagnostic_id, person=person).first()
    if diagnostic is None:
        raise Http404
    existing = open_route(person, diagnostic=diagnostic)
    if request.method == "POST" and existing is not None:
        messages.info(request, _("Маршрут по этой диагностике уже построен."))
        return redirect("iom:route", existing.pk)
    today = timezone.localdate()
    deficits = list(diagnostic.deficits.all())
    groups = proposal.propose(person, [d.pk for d in deficits], today)
    form = ProposeForm(
        request.POST if request.method == "POST" else None,
        keys=[offer.key for group in groups for offer in group.offers],
        tutors=tutor_candidates(person),
        initial={"keys": [group.offers[0].key for group in groups if group.offers]},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            route = proposal.build_route(
                person,
                diagnostic=diagnostic,
                deficit_ids=[d.pk for d in deficits],
                keys=form.cleaned_data["keys"],
                tutor=form.cleaned_data["tutor"],
                user=request.user,
                today=today,
            )
        messages.success(
            request,
            _(
                "Маршрут построен. Проверьте шаги и сроки и отправьте его на согласование."
            ),
        )
        return redirect("iom:route", route.pk)
    chosen = set(form["keys"].value() or [])
    return render(
        request,
        "iom/my/propose.html",
        {
            "diagnostic": diagnostic,
            "groups": offer_rows(groups, lambda deficit, key: key in chosen),
            "form": form,
            "existing": existing,
        },
    )


def offer_rows(groups, marked) -> list[dict]:
    """``proposal.propose`` groups for a template: each offer with its kind's label
    and ``marked`` (ticked on «Построить маршрут», already in the route on
    «Подобрать шаги»)."""
    return [
        {
            "deficit": group.deficit,
            "offers": [
                {
                    "offer": offer,
                    "kind": kind_label(offer.kind),
                    "marked": marked(group.deficit, offer.key),
                }
                for offer in group.offers
            ],
        }
        for group in groups
    ]


def route_offers(request, route_id: int):
    """«Подобрать шаги»: the offers for each deficit of a route, each with a button
    that adds it (a POST to the route page); for those who may edit the route."""
    route, _role, response = visible_route(request, route_id)
    if response is not None:
        return response
    if route.status == Status.COMPLETED or not access.can_edit_route(
        request.user, route
    ):
        raise Http404
    deficits = list(route.deficits.all())
    present = set(
        route.steps.exclude(source_key="").values_list("deficit_id", "source_key")
    )
    groups = proposal.propose(
        route.owner, [d.pk for d in deficits], timezone.localdate()
    )
    return render(
        request,
        "iom/route/offers.html",
        {
            "route": route,
            "deficits": deficits,
            "groups": offer_rows(groups, lambda d, key: (d.pk, key) in present),
        },
    )


# Typical route adoption -------------------------------------------------------------


def adopt(request, page_id: int):
    """«Взять этот маршрут себе»: POST from a typical route's public page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    template = RouteTemplatePage.objects.live().filter(pk=page_id).first()
    if not request.user.is_authenticated:
        return redirect_to_login(template.url if template else reverse("iom:my"))
    person = person_of(request.user)
    if person is None:
        return no_person(request)
    if template is None:
        raise Http404
    existing = open_route(person, template=template)
    if existing is not None:
        messages.info(
            request, _("Этот типовой маршрут уже есть среди ваших маршрутов.")
        )
        return redirect("iom:route", existing.pk)
    with transaction.atomic():
        route = proposal.adopt_template(
            person, template, user=request.user, today=timezone.localdate()
        )
    messages.success(
        request,
        _("Типовой маршрут «%(title)s» стал вашим: настройте сроки и шаги под себя.")
        % {"title": template.title},
    )
    return redirect("iom:route", route.pk)
