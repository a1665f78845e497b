"""Who may see a route, its steps and the diagnostics behind it (issue 9, DOMAIN.md
"Personal data"): the owner (and the members of a team route), their tutor, and
coordinators whose territorial scope covers the owner's organisation — the school's
methodological council (organisation editor), the municipal office (municipal editor)
and the regional centre (regional administrator). Nobody else: not other teachers,
not the public, not search, not public exports. A stranger gets 404, never 403.
"""

from django.http import Http404

from portal.permissions.policy import CHANGE, VIEW, can

from .models import Diagnostic, Route

OWNER, TEAM, TUTOR, COORDINATOR = "owner", "team", "tutor", "coordinator"


def person_of(user):
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def route_role(user, route: Route) -> str | None:
    """The user's role for the route, or None when they may not see it."""
    person = person_of(user)
    if person is not None:
        if route.owner_id == person.pk:
            return OWNER
        if route.tutor_id == person.pk:
            return TUTOR
        if route.team.filter(pk=person.pk).exists():
            return TEAM
    if user is not None and user.is_authenticated and can(user, VIEW, route):
        return COORDINATOR
    return None


def can_edit_route(user, route: Route) -> bool:
    """Owner, team, tutor and coordinators who may change it edit steps; a route
    agreed by the tutor stays editable (routes are adjusted as they go)."""
    role = route_role(user, route)
    if role in (OWNER, TEAM, TUTOR):
        return True
    return role == COORDINATOR and can(user, CHANGE, route)


def can_agree_route(user, route: Route) -> bool:
    """The tutor, or a coordinator who may change the route, agrees it."""
    role = route_role(user, route)
    if role == TUTOR:
        return True
    return role == COORDINATOR and can(user, CHANGE, route)


def route_for(user, route_id: int) -> tuple[Route, str]:
    """The route and the user's role, or Http404."""
    route = (
        Route.objects.select_related(
            "owner__organisation", "tutor", "diagnostic", "template"
        )
        .filter(pk=route_id)
        .first()
    )
    if route is None:
        raise Http404
    role = route_role(user, route)
    if role is None:
        raise Http404
    return route, role


def can_see_diagnostic(user, diagnostic: Diagnostic) -> bool:
    """The person diagnosed, the tutor of one of their routes, or a coordinator."""
    person = person_of(user)
    if person is not None:
        if diagnostic.person_id == person.pk:
            return True
        if Route.objects.filter(owner_id=diagnostic.person_id, tutor=person).exists():
            return True
    return bool(
        user is not None and user.is_authenticated and can(user, VIEW, diagnostic)
    )
