"""Where the rows of an annual plan go: every events calendar with its section's
territory (``Place``), the user's own calendar, and a calendar named in a row (its id,
its address on the site or its section's title), within the user's territory. Used by
``resources.AnnualPlanResource``; errors are the row problems the user reads.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.core.models import Territory
from portal.imports import normalise
from portal.imports.engine import RowProblem
from portal.permissions.policy import Scope
from portal.sections.tree import sections_of, site_address

from .models import (
    EventCalendarPage,
    EventLevel,
)
from .plan_columns import (
    plain,
    zone_names,
)


@dataclass
class Place:
    """A calendar the rows may go to, with its section's territory."""

    page: EventCalendarPage
    section: object
    region_id: int | None
    municipality_id: int | None
    organisation_id: int | None
    zone: str
    level: str
    #: The calendar's path on the site («/region/district/events/»).
    address: str

    def describe(self) -> str:
        section = self.section.title if self.section is not None else "—"
        return f"«{section}» ({self.address})"


def all_places() -> list[Place]:
    """Every calendar with its section: a query per section model, not per page."""
    calendars = list(EventCalendarPage.objects.order_by("path"))
    sections = sections_of(calendars)
    zones = dict(
        Territory.objects.filter(kind=Territory.Kind.REGION).values_list(
            "pk", "timezone"
        )
    )
    valid = set(zone_names())
    roots = [r.root_path for r in Site.get_site_root_paths()]
    places = []
    for calendar in calendars:
        section = sections[calendar.pk]
        region = section.section_region_id() if section is not None else None
        places.append(
            Place(
                page=calendar,
                section=section,
                region_id=region,
                municipality_id=section and section.section_municipality_id(),
                organisation_id=section and section.section_organisation_id(),
                zone=zones.get(region)
                if zones.get(region) in valid
                else settings.TIME_ZONE,
                level=section.section_level if section else EventLevel.FEDERAL,
                address=site_address(calendar, roots),
            )
        )
    return places


def default_place(places: list[Place], scope: Scope) -> Place | RowProblem:
    """The calendar of the user's own section, or the problem to report on rows
    that name none."""
    if scope.everything:
        own = places
    else:
        own = [
            p for p in places
            if p.section is not None and (
                (p.organisation_id and p.organisation_id in scope.organisations)
                or (not p.organisation_id and p.municipality_id
                    and p.municipality_id in scope.municipalities)
                or (not p.municipality_id and not p.organisation_id
                    and p.region_id in scope.regions)
            )
        ]  # fmt: skip
    if len(own) == 1:
        return own[0]
    if not own:
        return RowProblem(
            _(
                "В разделе вашей территории нет календаря мероприятий: создайте "
                "страницу «Календарь мероприятий» в своём разделе или укажите "
                "календарь в этом столбце."
            ),
            "calendar",
        )
    return RowProblem(
        _(
            "Календарей мероприятий несколько: %(places)s. Укажите нужный в этом "
            "столбце (адрес календаря или название раздела)."
        )
        % {"places": "; ".join(p.describe() for p in own[:5])},
        "calendar",
    )


def find_place(shown: str, context) -> Place:
    lookups, scope = context.lookups, context.scope
    if not shown:
        default = lookups["default"]
        if isinstance(default, RowProblem):
            raise default
        return default
    places = lookups["places"]
    if shown.isdigit():
        found = [p for p in places if p.page.pk == int(shown)]
    elif "/" in shown:
        address = urlsplit(shown).path if "://" in shown else shown
        address = "/" + "/".join(p for p in address.split("/") if p) + "/"
        found = [p for p in places if p.page.url_path.endswith(address)]
    else:
        wanted = normalise.key(shown)
        found = [
            p for p in places
            if p.section is not None and normalise.key(p.section.title) == wanted
        ] or [p for p in places if normalise.key(p.page.title) == wanted]  # fmt: skip
    mine = [p for p in found if covers(scope, p)]
    if not found:
        raise RowProblem(
            _(
                "Календарь «%(value)s» не найден: укажите адрес календаря на портале "
                "(например, %(example)s) или название раздела."
            )
            % {
                "value": shown[:80],
                "example": places[0].address if places else "/…/",
            },
            "calendar",
        )
    if not mine:
        raise RowProblem(
            _(
                "Календарь %(place)s не относится к вашей территории: загружайте "
                "план в календарь своего раздела."
            )
            % {"place": found[0].describe()},
            "calendar",
        )
    if len(mine) > 1:
        raise RowProblem(
            _(
                "«%(value)s» подходит к нескольким календарям: %(places)s. Укажите "
                "адрес календаря."
            )
            % {
                "value": shown[:80],
                "places": "; ".join(p.describe() for p in mine[:5]),
            },
            "calendar",
        )
    return mine[0]


def covers(scope: Scope, place: Place) -> bool:
    return scope.covers(place.region_id, place.municipality_id, place.organisation_id)


def place_for(value, context) -> Place:
    """The calendar a row names (blank: the user's own), looked up once per value."""
    lookups = context.lookups
    shown = plain(value)
    if shown not in lookups["found"]:
        try:
            lookups["found"][shown] = find_place(shown, context)
        except RowProblem as problem:
            lookups["found"][shown] = problem
    found = lookups["found"][shown]
    if isinstance(found, RowProblem):
        raise RowProblem(found.message, found.field)
    return found
