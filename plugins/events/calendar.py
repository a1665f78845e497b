"""What an events calendar shows, with which filters, and how (list, month grid, archive).

A calendar shows the events published under its section and, marked as coming from
above, those of the sections above it: a municipality's calendar shows the region's and
the federal events too, a school's its municipality's as well. Every view runs a fixed
number of queries whatever the number of events (tests count them).
"""

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.cached_choices import (
    CachedModelChoiceField,
    CachedModelMultipleChoiceField,
)
from portal.core.models import Subject, Territory
from portal.extensions import registry
from portal.sections.filters import filter_fields
from portal.sections.routing import url_of_path
from portal.sections.tree import section_of

from .forms import zone_named
from .models import Audience, EventFormat, EventLevel, EventPage, EventType


class CalendarFilters(forms.Form):
    """GET filters of a calendar; every field optional, unknown values ignored."""

    date_from = forms.DateField(
        label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.MultipleChoiceField(
        label=_("Уровень"), choices=EventLevel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    type = CachedModelMultipleChoiceField(
        label=_("Вид"), queryset=EventType.objects.all(), to_field_name="code",
        cache_key="events.EventType",
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    audience = CachedModelMultipleChoiceField(
        label=_("Для кого"), queryset=Audience.objects.all(), to_field_name="code",
        cache_key="events.Audience",
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    subject = CachedModelChoiceField(
        label=_("Предмет"), queryset=Subject.objects.all(), required=False,
        cache_key="core.Subject",
        empty_label=_("Все предметы"),
    )  # fmt: skip
    format = forms.MultipleChoiceField(
        label=_("Формат"), choices=EventFormat.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    near = CachedModelChoiceField(
        label=_("Рядом со мной"), required=False, empty_label=_("Все территории"),
        cache_key="core.Territory.municipalities",
        queryset=Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).order_by("name"),
        help_text=_("События муниципалитета, а также региональные и федеральные."),
    )  # fmt: skip
    open = forms.BooleanField(label=_("Идёт регистрация"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Дата «по» раньше даты «с»."))
        return cleaned


def section_scope(section) -> Q:
    """Events published under ``section`` and those of the sections above it."""
    if section is None or not section.section_region_id():
        return Q()  # the federal section: every event in the tree
    own = Q(path__startswith=section.path)
    region = section.section_region_id()
    municipality = section.section_municipality_id()
    above = Q(region__isnull=True)
    if municipality or section.section_organisation_id():
        above |= Q(region_id=region, municipality__isnull=True)
    if section.section_organisation_id() and municipality:
        above |= Q(municipality_id=municipality, organisation__isnull=True)
    return own | above


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight starting ``day`` in the site's zone (what a date means in a filter)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def filtered(queryset, data: dict, now):
    """Apply cleaned CalendarFilters data.

    Written for the planner (bench/events.py, docs/benchmarks.md): taxonomy filters by
    ids, not by the form's querysets (each became a join more, and with nine relations
    planning took longer than running); audiences as a semi-join, so no DISTINCT over
    the pages' wide rows; the end date as a range on the indexed ``start``.
    """
    if data.get("date_from"):
        queryset = queryset.filter(end_or_start__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        following = data["date_to"] + dt.timedelta(days=1)
        queryset = queryset.filter(start__lt=_day_start(following))
    if data.get("level"):
        queryset = queryset.filter(level__in=data["level"])
    if data.get("type"):
        queryset = queryset.filter(event_type__in=[t.pk for t in data["type"]])
    if data.get("audience"):
        chosen = EventPage.audiences.through.objects.filter(
            audience__in=[a.pk for a in data["audience"]]
        )
        queryset = queryset.filter(pk__in=chosen.values("eventpage_id"))
    if data.get("subject"):
        queryset = queryset.filter(subjects=data["subject"])
    if data.get("format"):
        queryset = queryset.filter(event_format__in=data["format"])
    near = data.get("near")
    if near is not None:
        queryset = queryset.filter(
            Q(municipality=near)
            | Q(region_id=near.parent_id, municipality__isnull=True)
            | Q(region__isnull=True)
        )
    if data.get("open"):
        queryset = queryset.filter(
            Q(registration_opens__isnull=True) | Q(registration_opens__lte=now),
            Q(registration_closes__isnull=True) | Q(registration_closes__gte=now),
            status=EventPage.Status.SCHEDULED,
            end_or_start__gte=now,
        ).exclude(registration_mode=EventPage.RegistrationMode.NONE)
    return queryset


def filters_from(request) -> tuple[CalendarFilters, dict]:
    """The calendar filters of a request and their cleaned data ({} when invalid)."""
    form = CalendarFilters(request.GET or None)
    return form, form.cleaned_data if form.is_bound and form.is_valid() else {}


def calendar_events(section, data: dict, now=None):
    """Events of ``section`` (and from above) after the filters, with what cards show
    (type, and the municipality of an event from above) and without the StreamFields
    (read and parsed for every row, shown on the event page only)."""
    now = now or timezone.now()
    queryset = (
        EventPage.objects.live()
        .public()
        .filter(section_scope(section))
        .annotate(end_or_start=Coalesce("end", "start"))
        .select_related("event_type", "municipality")
        .defer("description", "results")
    )
    return filtered(queryset, data, now)


#: What the month grid reads of an event shown: its link, title, local start, and
#: whether it comes from a section above (a theme showing more in the grid adds its
#: fields here and to GridEvent).
MONTH_FIELDS = ("pk", "title", "url_path", "path", "start", "time_zone", "status")
WEEKDAYS = (_("Пн"), _("Вт"), _("Ср"), _("Чт"), _("Пт"), _("Сб"), _("Вс"))


@dataclass
class GridEvent:
    """An event in a month grid's cell (MONTH_FIELDS, not a page instance)."""

    pk: int
    title: str
    url_path: str
    path: str
    start: dt.datetime
    time_zone: str
    status: str
    url: str | None = None
    from_above: bool = False

    @property
    def local_start(self) -> dt.datetime:
        return do_timezone(self.start, zone_named(self.time_zone))


@dataclass
class MonthDay:
    day: dt.date | None  # None: a day of the next or previous month
    events: list  # the first PER_DAY of the day's events
    more: int = 0  # how many more start that day
    more_url: str = ""  # the list (or archive) of that day, with the same filters


@dataclass
class MonthGrid:
    month: dt.date
    weeks: list[list[MonthDay]]
    previous: dt.date
    next: dt.date

    @property
    def shown(self) -> list:
        return [event for week in self.weeks for day in week for event in day.events]


#: Events shown in a day's cell; the rest are «ещё N» (a region's month holds hundreds
#: of events: a readable grid, and a bounded page — bench/events.py).
PER_DAY = 4


def month_grid(window, month: dt.date, more_url=None, link=None) -> MonthGrid:
    """Weeks Monday to Sunday; each day with the events starting that day (local
    time), at most PER_DAY of them as GridEvents linked by ``link(url_path)``;
    ``more_url(day)`` links the rest.

    Two queries whatever the month holds: the (id, start, zone) of every event of the
    ``window`` queryset, to place them on their local day, then the MONTH_FIELDS of
    the events shown. A region's month holds hundreds of events, and a page instance
    costs ~0.2 ms to build and link (bench/events.py): rows are read instead.
    """
    by_day: dict[dt.date, list[int]] = {}
    for pk, start, zone in window.values_list("pk", "start", "time_zone"):
        by_day.setdefault(do_timezone(start, zone_named(zone)).date(), []).append(pk)
    shown_ids = [
        pk
        for day, ids in by_day.items()
        if (day.year, day.month) == (month.year, month.month)
        for pk in ids[:PER_DAY]
    ]
    pages = {}
    for row in EventPage.objects.filter(pk__in=shown_ids).values_list(*MONTH_FIELDS):
        event = GridEvent(*row)
        event.url = link(event.url_path) if link else None
        pages[event.pk] = event
    weeks = []
    for week in pycalendar.Calendar().monthdatescalendar(month.year, month.month):
        days = []
        for day in week:
            if day.month != month.month:
                days.append(MonthDay(None, []))
                continue
            found = by_day.get(day, [])
            more = max(0, len(found) - PER_DAY)
            url = more_url(day) if more and more_url else ""
            shown = [pages[pk] for pk in found[:PER_DAY] if pk in pages]
            days.append(MonthDay(day, shown, more, url))
        weeks.append(days)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return MonthGrid(month=month, weeks=weeks, previous=previous, next=following)


def day_list_url(calendar, request):
    """``url(day)``: the calendar's list of one day (its archive for a past day) with
    the request's other filters."""
    base = calendar.url
    query = request.GET.copy()
    for name in ("month", "page", "date_from", "date_to"):
        query.pop(name, None)
    today = timezone.localdate()

    def url(day: dt.date) -> str:
        query["date_from"] = query["date_to"] = day.isoformat()
        return f"{base}{'archive/' if day < today else ''}?{query.urlencode()}"

    return url


#: Months a grid can show (?month=9999-12 would overflow the next month's date).
YEARS = range(1900, 2201)


def parse_month(value: str | None, today: dt.date) -> dt.date:
    """The first day of ``value`` (YYYY-MM); the current month when garbled."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if year in YEARS:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def render_calendar(calendar, request, view: str):
    form, data = filters_from(request)
    now = timezone.now()
    section = section_of(calendar)
    events = calendar_events(section, data, now)
    context = calendar.get_context(request)
    context.update(
        form=form,
        filter_fields=filter_fields(form, hide_empty=False),
        view=view,
        filtered=bool(data and any(data.values())),
    )
    context["section_path"] = section.path if section is not None else ""
    if view == "month":
        month = parse_month(request.GET.get("month"), timezone.localdate())
        first = timezone.make_aware(dt.datetime.combine(month, dt.time()))
        last = timezone.make_aware(
            dt.datetime.combine(
                (month + dt.timedelta(days=32)).replace(day=1), dt.time()
            )
        )
        # A day's margin either side: events are placed by their own local date, on
        # the day they start (a range of the indexed start).
        window = (
            events.filter(
                start__gte=first - dt.timedelta(days=1),
                start__lt=last + dt.timedelta(days=1),
            )
            .select_related(None)
            .order_by("start", "pk")
        )
        context["grid"] = month_grid(
            window,
            month,
            day_list_url(calendar, request),
            link=lambda url_path: url_of_path(request, url_path),
        )
        context["weekdays"] = WEEKDAYS
        shown = context["grid"].shown
    else:
        if view == "archive":
            events = events.filter(end_or_start__lt=now).order_by("-start", "-pk")
        else:
            events = events.filter(end_or_start__gte=now).order_by("start", "pk")
        size = registry.plugin_setting("events", "PAGE_SIZE")
        context["events"] = Paginator(events, size).get_page(request.GET.get("page"))
        shown = context["events"].object_list = list(context["events"].object_list)
    for event in shown:
        event.from_above = not event.path.startswith(context["section_path"])
    return TemplateResponse(request, "events/event_calendar_page.html", context)
