"""A calendar's annual events plan as XLSX: `<calendar>/plan/?year=2026`.

The columns are the import's (plan_columns.COLUMNS), so a downloaded plan can be edited
and loaded back through «Импорт данных» → «План мероприятий на год»; the «Календарь»
column holds each event's calendar address, so a region's plan, which holds the events
of its municipalities too, goes back to the same calendars.

Public content only: live events without view restrictions, and none of the columns
holds a person, an online link or a registration. The events are those of the
calendar's section (as the calendar lists its own, without the levels above it) with
that plan year; a fixed number of queries whatever their number.
"""

import datetime as dt
import io
from urllib.parse import urlsplit

from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.core.models import Organisation
from portal.imports.readers import neutralise_formula
from portal.sections.tree import section_of

from .forms import zone_named
from .models import EventCalendarPage, EventFormat, EventLevel, EventPage
from .plan_columns import COLUMNS, PLAN_YEARS, short_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MOMENT_FORMAT = "DD.MM.YYYY HH:MM"
_WIDTHS = {"title": 50, "intro": 50, "calendar": 30, "organiser": 30, "address": 30}


def plan_year(value, today: dt.date) -> int | None:
    """The year asked for (this year when none), or None when it is not a year."""
    if not value:
        return today.year
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        return None
    if not PLAN_YEARS[0] <= int(value) <= PLAN_YEARS[1]:
        return None
    return int(value)


def plan_events(calendar, year: int):
    section = section_of(calendar)
    events = EventPage.objects.live().public().filter(plan_year=year)
    if section is not None:
        events = events.filter(path__startswith=section.path)
    return (
        events.select_related("event_type", "organiser")
        .prefetch_related("audiences", "subjects", "education_levels")
        .order_by("start", "pk")
    )


def _names(items) -> str:
    """A list cell: «; » between names, the code for a name that holds «;» or «,»."""
    return "; ".join(
        getattr(item, "code", "") if set(item.name) & {";", ","} else item.name
        for item in items
    )


def _organisers(events) -> dict[int, str]:
    """The organiser's full name, or its ИНН when another organisation has that name
    (so the import finds the same one)."""
    organisers = {e.organiser_id: e.organiser for e in events if e.organiser_id}
    shared = set(
        Organisation.objects.filter(name__in={o.name for o in organisers.values()})
        .values("name")
        .annotate(number=Count("pk"))
        .filter(number__gt=1)
        .values_list("name", flat=True)
    )
    return {
        pk: o.inn if o.name in shared and o.inn else o.name
        for pk, o in organisers.items()
    }


def _addresses(events, request) -> dict[str, str]:
    """Calendar path → its address on the site (what the import's «Календарь» takes)."""
    paths = {e.path[: -EventPage.steplen] for e in events}
    return {
        c.path: urlsplit(c.get_url(request) or c.url_path).path
        for c in EventCalendarPage.objects.filter(path__in=paths)
    }


def plan_rows(events, request) -> list[list]:
    events = list(events)
    organisers = _organisers(events)
    addresses = _addresses(events, request)
    levels, formats = dict(EventLevel.choices), dict(EventFormat.choices)
    modes = {v: short_label(label) for v, label in EventPage.RegistrationMode.choices}
    rows = []
    for event in events:
        zone = zone_named(event.time_zone)
        values = {
            "title": event.title,
            "event_type": event.event_type.name if event.event_type_id else "",
            "level": str(levels.get(event.level, event.level)),
            "event_format": str(formats.get(event.event_format, event.event_format)),
            "start": timezone.localtime(event.start, zone).replace(tzinfo=None),
            "end": timezone.localtime(event.end, zone).replace(tzinfo=None)
            if event.end
            else None,
            "time_zone": event.time_zone,
            "venue": event.venue,
            "address": event.address,
            "organiser": organisers.get(event.organiser_id, ""),
            "audiences": _names(event.audiences.all()),
            "subjects": _names(event.subjects.all()),
            "education_levels": _names(event.education_levels.all()),
            "capacity": event.capacity,
            "registration_mode": modes.get(event.registration_mode, ""),
            "plan_year": event.plan_year,
            "intro": event.intro,
            "calendar": addresses.get(event.path[: -EventPage.steplen], ""),
        }
        rows.append([values[column.field] for column in COLUMNS])
    return rows


def plan_workbook(calendar, year: int, request) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("План %(year)s") % {"year": year}
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index, value=column.title).font = bold
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(
            column.field, max(14, len(column.title) + 4)
        )
    moments = {i for i, c in enumerate(COLUMNS, start=1) if c.field in ("start", "end")}
    for number, values in enumerate(plan_rows(plan_events(calendar, year), request), 2):
        for index, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value)) or None
            cell = sheet.cell(row=number, column=index, value=value)
            if index in moments:
                cell.number_format = _MOMENT_FORMAT
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_response(calendar, request) -> HttpResponse:
    year = plan_year(request.GET.get("year"), timezone.localdate())
    if year is None:
        return HttpResponse(
            _("Год плана указан неверно: нужен год числом, например ?year=%(year)s.")
            % {"year": timezone.localdate().year},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(plan_workbook(calendar, year, request), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="plan-{calendar.pk}-{year}.xlsx"'
    )
    return response
