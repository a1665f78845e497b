"""The territory-scoping policy (DOMAIN.md "Levels"; ARCHITECTURE "Permissions").

Answers two questions for any user and any territorial record or page:
  * may this user see it in the admin / change it (`can`);
  * which records of a model may this user work with (`scope_queryset`).
Roles: regional administrator, municipal editor, organisation editor (EditorRole),
teacher (their own Person profile through Person.user). Superusers see everything.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet

from .registry import paths_for

VIEW, ADD, CHANGE, DELETE, EXPORT = "view", "add", "change", "delete", "export"


@dataclass(frozen=True)
class Scope:
    """What a user may manage: everything, or sets of region/municipality/organisation ids."""

    everything: bool = False
    regions: frozenset[int] = field(default_factory=frozenset)
    municipalities: frozenset[int] = field(default_factory=frozenset)
    organisations: frozenset[int] = field(default_factory=frozenset)
    user_id: int | None = None

    @property
    def is_editor(self) -> bool:
        return self.everything or bool(
            self.regions or self.municipalities or self.organisations
        )

    def covers(
        self, region_id=None, municipality_id=None, organisation_id=None
    ) -> bool:
        """True when a record bound to these ids lies inside the scope."""
        if self.everything:
            return True
        if region_id is not None and region_id in self.regions:
            return True
        if municipality_id is not None and municipality_id in self.municipalities:
            return True
        return organisation_id is not None and organisation_id in self.organisations


NOBODY = Scope()


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True, user_id=user.pk)
    else:
        from portal.core.models import EditorRole

        regions, municipalities, organisations = set(), set(), set()
        for role, territory_id, organisation_id in EditorRole.objects.filter(
            user=user
        ).values_list("role", "territory_id", "organisation_id"):
            if role == EditorRole.Role.REGIONAL_ADMIN:
                regions.add(territory_id)
            elif role == EditorRole.Role.MUNICIPAL_EDITOR:
                municipalities.add(territory_id)
            elif role == EditorRole.Role.ORGANISATION_EDITOR:
                organisations.add(organisation_id)
        scope = Scope(
            regions=frozenset(regions),
            municipalities=frozenset(municipalities),
            organisations=frozenset(organisations),
            user_id=user.pk,
        )
    user._portal_scope = scope
    return scope


def _scope_q(model, scope: Scope, include_own: bool) -> Q | None:
    paths = paths_for(model)
    if paths is None:
        return None
    parts = []
    if scope.regions and paths.region:
        parts.append(Q(**{f"{paths.region}__in": scope.regions}))
    if scope.municipalities and paths.municipality:
        parts.append(Q(**{f"{paths.municipality}__in": scope.municipalities}))
    if scope.organisations and paths.organisation:
        parts.append(Q(**{f"{paths.organisation}__in": scope.organisations}))
    if include_own and scope.user_id and paths.owner_user:
        parts.append(Q(**{paths.owner_user: scope.user_id}))
    return reduce(or_, parts) if parts else Q(pk__in=[])


def scope_queryset(user, queryset: QuerySet, action: str = CHANGE) -> QuerySet:
    """Restrict a queryset of a territorial model to what the user may act on.

    Non-territorial models are returned unchanged (their model permissions apply).
    A teacher sees and changes only their own profile.
    """
    scope = scope_for(user)
    if scope.everything or paths_for(queryset.model) is None:
        return queryset
    q = _scope_q(queryset.model, scope, include_own=action in (VIEW, CHANGE))
    return queryset.filter(q)


def _follow(obj: Model, path: str):
    if not path:
        return None
    *hops, last = path.split("__")
    value = obj
    for hop in hops:
        value = getattr(value, hop, None)
        if value is None:
            return None
    if last == "pk":
        return value.pk
    return (
        getattr(value, f"{last}_id")
        if hasattr(value, f"{last}_id")
        else getattr(value, last)
    )


def record_ids(obj: Model) -> tuple[int | None, int | None, int | None]:
    """(region_id, municipality_id, organisation_id) of a territorial record."""
    paths = paths_for(type(obj))
    return (
        _follow(obj, paths.region),
        _follow(obj, paths.municipality),
        _follow(obj, paths.organisation),
    )


def can(user, action: str, obj: Model) -> bool:
    """May `user` perform `action` on the record or page `obj`?"""
    from wagtail.models import Page

    scope = scope_for(user)
    if scope.everything:
        return True
    if isinstance(obj, Page):
        return _can_page(scope, action, obj)
    paths = paths_for(type(obj))
    if paths is None:
        return user.has_perm(f"{obj._meta.app_label}.{action}_{obj._meta.model_name}")
    if paths.owner_user and action in (VIEW, CHANGE) and scope.user_id:
        if _follow(obj, paths.owner_user) == scope.user_id:
            return True
    return scope.covers(*record_ids(obj))


def can_create_in(
    user, region_id=None, municipality_id=None, organisation_id=None
) -> bool:
    return scope_for(user).covers(region_id, municipality_id, organisation_id)


def _can_page(scope: Scope, action: str, page) -> bool:
    from portal.sections.tree import identity_of

    if action == VIEW:
        return page.live or scope.is_editor and _can_page(scope, CHANGE, page)
    ident = identity_of(page)
    return scope.covers(ident.region_id, ident.municipality_id, ident.organisation_id)
