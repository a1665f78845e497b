"""The units a user may drill through: region → municipality → organisation.

Everything here is bounded: one query per list of units, whatever its length.
Visibility follows portal.permissions.policy.scope_for.
"""

from dataclasses import dataclass

from django.http import Http404

from portal.core.models import Organisation, Territory
from portal.permissions.policy import Scope

from .indicators import UnitLevel

_TERRITORY_FIELDS = ("pk", "name", "short_name", "parent_id", "kind")
_ORGANISATION_FIELDS = ("pk", "name", "short_name", "region_id", "municipality_id")


@dataclass(frozen=True)
class Unit:
    """A row of a dashboard table: a region, a municipality or an organisation."""

    level: UnitLevel
    id: int
    name: str
    region_id: int | None = None
    municipality_id: int | None = None

    @property
    def drillable(self) -> bool:
        """Regions and municipalities open a table of their own units."""
        return self.level != UnitLevel.ORGANISATION

    @property
    def territory_chain(self) -> tuple[int | None, ...]:
        """Territory ids whose targets apply, most specific first."""
        if self.level == UnitLevel.REGION:
            return (self.id,)
        if self.level == UnitLevel.MUNICIPALITY:
            return (self.id, self.region_id)
        return (self.municipality_id, self.region_id)


def _territory_unit(row: dict) -> Unit:
    if row["kind"] == Territory.Kind.REGION:
        return Unit(UnitLevel.REGION, row["pk"], row["name"], region_id=row["pk"])
    return Unit(
        UnitLevel.MUNICIPALITY,
        row["pk"],
        row["name"],
        region_id=row["parent_id"],
        municipality_id=row["pk"],
    )


def _organisation_unit(row: dict) -> Unit:
    return Unit(
        UnitLevel.ORGANISATION,
        row["pk"],
        row["short_name"] or row["name"],
        region_id=row["region_id"],
        municipality_id=row["municipality_id"],
    )


def territories(queryset) -> list[Unit]:
    return [
        _territory_unit(r) for r in queryset.order_by("name").values(*_TERRITORY_FIELDS)
    ]


def organisations(queryset) -> list[Unit]:
    return [
        _organisation_unit(r)
        for r in queryset.order_by("name").values(*_ORGANISATION_FIELDS)
    ]


def visible(scope: Scope, unit: Unit) -> bool:
    organisation_id = unit.id if unit.level == UnitLevel.ORGANISATION else None
    return scope.covers(unit.region_id, unit.municipality_id, organisation_id)


def get_unit(scope: Scope, level: str, pk: int) -> Unit:
    """The region or municipality `pk`, or 404 when it is unknown or outside the scope."""
    if level == UnitLevel.REGION:
        found = territories(Territory.objects.filter(pk=pk, kind=Territory.Kind.REGION))
    elif level == UnitLevel.MUNICIPALITY:
        found = territories(
            Territory.objects.filter(pk=pk, kind=Territory.Kind.MUNICIPALITY)
        )
    else:
        found = []
    if not found or not visible(scope, found[0]):
        raise Http404
    return found[0]


def children(unit: Unit) -> list[list[Unit]]:
    """Groups of rows under a unit, one level per group.

    A region shows its municipalities, then the regional organisations bound to
    no municipality (ЦНППМ, ИРО); a municipality shows its organisations.
    """
    if unit.level == UnitLevel.REGION:
        return [
            territories(Territory.objects.filter(parent_id=unit.id)),
            organisations(
                Organisation.objects.filter(region_id=unit.id, municipality=None)
            ),
        ]
    if unit.level == UnitLevel.MUNICIPALITY:
        return [organisations(Organisation.objects.filter(municipality_id=unit.id))]
    return []


def roots(scope: Scope) -> list[list[Unit]]:
    """The highest units of the user's scope, grouped by level.

    A superuser starts from every region; an editor from the territories and
    organisations of their roles that no other role of theirs already covers.
    """
    if scope.everything:
        return [territories(Territory.objects.filter(kind=Territory.Kind.REGION))]
    groups = []
    if scope.regions:
        groups.append(
            territories(
                Territory.objects.filter(
                    pk__in=scope.regions, kind=Territory.Kind.REGION
                )
            )
        )
    if scope.municipalities:
        groups.append(
            territories(
                Territory.objects.filter(
                    pk__in=scope.municipalities, kind=Territory.Kind.MUNICIPALITY
                ).exclude(parent_id__in=scope.regions)
            )
        )
    if scope.organisations:
        groups.append(
            organisations(
                Organisation.objects.filter(pk__in=scope.organisations)
                .exclude(region_id__in=scope.regions)
                .exclude(municipality_id__in=scope.municipalities)
            )
        )
    return [g for g in groups if g]


def ancestors(scope: Scope, unit: Unit) -> list[Unit]:
    """Visible units above `unit`, top first (for breadcrumbs)."""
    if unit.level != UnitLevel.MUNICIPALITY or not unit.region_id:
        return []
    region = Unit(UnitLevel.REGION, unit.region_id, "", region_id=unit.region_id)
    if not visible(scope, region):
        return []
    name = Territory.objects.filter(pk=unit.region_id).values_list("name", flat=True)
    return [Unit(UnitLevel.REGION, unit.region_id, name.first() or "", unit.region_id)]
