"""Mentoring reports of a school, a municipality or the region (issue 7, «Reports»),
computed from the portal's records for a date or a school year, in the shape
municipal offices send upward to the regional centre:

(a) pairs and groups by form × status;
(b) young teachers, how many have a mentor and the share, per unit of the next level
    down (region → its municipalities and regional organisations, municipality → its
    organisations, a school → itself);
(c) mentors' load: capacity, mentees, free places, overloaded ones flagged;
(d) pairs completed or terminated early in the period, with their outcomes.

Each table is one grouped query (plus the unit lists of ``portal.dashboard.units``),
whatever the number of pairs, people or schools. The units are those of the
dashboard, so the views check them with the same scope rules: nothing here decides
who may see what — the views pick only units inside the viewer's scope, and every
name in (c) and (d) belongs to a record of that unit.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from portal.core.models import Person
from portal.core.young import young_teacher_q
from portal.dashboard import units as unit_tree
from portal.dashboard.export import neutralise
from portal.dashboard.indicators import UnitLevel
from portal.dashboard.periods import SCHOOL_YEAR_START_MONTH, Period
from portal.documents.docx import russian_date

from .models import (
    LIVE_PAIR_STATUSES,
    Mentor,
    MentoringForm,
    MentorStatus,
    Pair,
    PairStatus,
)
from .needs import has_mentor_q

CLOSED = (PairStatus.COMPLETED, PairStatus.TERMINATED)


# The period -------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportPeriod:
    """Pairs are those that ran between ``start`` and ``end``; stocks (young
    teachers, mentors' load) are counted on ``on``."""

    start: dt.date
    end: dt.date
    on: dt.date
    label: str
    #: The URL parameters that give this period back.
    params: dict

    @classmethod
    def on_date(cls, day: dt.date) -> "ReportPeriod":
        """From the start of ``day``'s school year to ``day``."""
        year = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
        start = Period.school_year(year).start
        label = _("с %(start)s по %(end)s") % {
            "start": russian_date(start),
            "end": russian_date(day),
        }
        return cls(start, day, day, label, {"date": day.isoformat()})

    @classmethod
    def school_year(cls, year: int, today: dt.date | None = None) -> "ReportPeriod":
        """1 September ``year`` – 31 August; stocks on its last day, or today while
        it runs (a pair's future is not known yet)."""
        today = today or timezone.localdate()
        period = Period.school_year(year)
        on = today if period.start <= today < period.end else period.end
        return cls(period.start, period.end, on, period.label, {"year": year})

    @property
    def on_label(self) -> str:
        return _("на %(day)s") % {"day": russian_date(self.on)}


def in_unit(unit: unit_tree.Unit, organisation: str) -> Q:
    """Records whose organisation (at the path ``organisation``) lies in ``unit``."""
    if unit.level == UnitLevel.REGION:
        return Q(**{f"{organisation}__region_id": unit.id})
    if unit.level == UnitLevel.MUNICIPALITY:
        return Q(**{f"{organisation}__municipality_id": unit.id})
    return Q(**{f"{organisation}_id": unit.id})


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    value = Decimal(100) * part / whole
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# The tables -------------------------------------------------------------------------
@dataclass
class FormRow:
    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class CoverageRow:
    label: str
    young: int = 0
    with_mentor: int = 0
    unit: unit_tree.Unit | None = None

    @property
    def share(self) -> Decimal | None:
        return share(self.with_mentor, self.young)


@dataclass
class LoadRow:
    name: str
    organisation: str
    capacity: int
    load: int
    status: str

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)

    @property
    def overloaded(self) -> bool:
        return self.load > self.capacity


@dataclass
class MentoringReport:
    unit: unit_tree.Unit
    period: ReportPeriod
    created: dt.date
    statuses: list[tuple[str, str]] = field(default_factory=list)
    forms: list[FormRow] = field(default_factory=list)
    form_totals: FormRow | None = None
    coverage: list[CoverageRow] = field(default_factory=list)
    coverage_total: CoverageRow | None = None
    mentors: list[LoadRow] = field(default_factory=list)
    completed: list[Pair] = field(default_factory=list)

    @property
    def overloaded(self) -> int:
        return sum(1 for row in self.mentors if row.overloaded)


def build(unit: unit_tree.Unit, period: ReportPeriod) -> MentoringReport:
    """The four tables of ``unit`` for ``period``: a constant number of queries."""
    report = MentoringReport(unit=unit, period=period, created=timezone.localdate())
    _forms(report)
    _coverage(report)
    _mentors(report)
    _completed(report)
    return report


def _period_pairs(report: MentoringReport):
    period = report.period
    return Pair.objects.filter(in_unit(report.unit, "organisation")).filter(
        Q(start_date__lte=period.end),
        Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=period.start),
    )


def _forms(report: MentoringReport) -> None:
    """(a) Pairs that ran in the period, by form and (current) status."""
    report.statuses = [(value, str(label)) for value, label in PairStatus.choices]
    counts = {
        (row["form_id"], row["status"]): row["n"]
        for row in _period_pairs(report)
        .order_by()
        .values("form_id", "status")
        .annotate(n=Count("pk"))
    }
    codes = [code for code, _label in report.statuses]
    for form in MentoringForm.objects.order_by("order", "name"):
        report.forms.append(
            FormRow(form.name, [counts.get((form.pk, code), 0) for code in codes])
        )
    report.form_totals = FormRow(
        _("Итого"), [sum(r.counts[i] for r in report.forms) for i in range(len(codes))]
    )


def _coverage(report: MentoringReport) -> None:
    """(b) Young teachers on the day, and those with a mentor, per unit below."""
    unit, on = report.unit, report.period.on
    young = Person.objects.filter(young_teacher_q(on)).filter(
        in_unit(unit, "organisation")
    )
    # A region's rows are its municipalities and the regional organisations bound to
    # none (ЦНППМ, ИРО): group by municipality, or by organisation when it has none.
    if unit.level == UnitLevel.REGION:
        groups = young.order_by().values(
            municipality=F("organisation__municipality_id"),
            regional=Case(
                When(
                    organisation__municipality__isnull=True,
                    then=F("organisation_id"),
                ),
                output_field=IntegerField(),
            ),
        )
    else:
        groups = young.order_by().values(key=F("organisation_id"))
    counted: dict[tuple, tuple[int, int]] = {}
    for row in groups.annotate(
        young=Count("pk", distinct=True),
        covered=Count("pk", filter=has_mentor_q(on), distinct=True),
    ):
        if unit.level == UnitLevel.REGION:
            key = (
                (UnitLevel.MUNICIPALITY, row["municipality"])
                if row["regional"] is None
                else (UnitLevel.ORGANISATION, row["regional"])
            )
        else:
            key = (UnitLevel.ORGANISATION, row["key"])
        counted[key] = (row["young"], row["covered"])
    rows = [u for group in unit_tree.children(unit) for u in group] or [unit]
    for row_unit in rows:
        young_count, covered = counted.get((row_unit.level, row_unit.id), (0, 0))
        report.coverage.append(
            CoverageRow(row_unit.name, young_count, covered, unit=row_unit)
        )
    report.coverage_total = CoverageRow(
        _("Итого: %(name)s") % {"name": unit.name},
        sum(v[0] for v in counted.values()),
        sum(v[1] for v in counted.values()),
    )


def _mentors(report: MentoringReport) -> None:
    """(c) Mentors of the unit's organisations with their load on the day: mentees
    of their pairs that were live then (proposed ones occupy a place too)."""
    on = report.period.on
    live_on = Q(pairs__start_date__lte=on) & (
        Q(pairs__actual_end_date__gte=on)
        | Q(pairs__actual_end_date__isnull=True, pairs__status__in=LIVE_PAIR_STATUSES)
    )
    mentors = (
        Mentor.objects.filter(in_unit(report.unit, "person__organisation"))
        .select_related("person__organisation")
        .annotate(load=Count("pairs__mentees", filter=live_on, distinct=True))
        .exclude(Q(status=MentorStatus.LEFT) & Q(load=0))
        .order_by("person__last_name", "person__first_name", "pk")
    )
    report.mentors = [
        LoadRow(
            name=m.person.full_name,
            organisation=m.person.organisation.short_name or m.person.organisation.name,
            capacity=m.capacity,
            load=m.load,
            status=m.get_status_display(),
        )
        for m in mentors
    ]


def _completed(report: MentoringReport) -> None:
    """(d) Pairs completed or terminated early within the period."""
    period = report.period
    people = Person.objects.order_by("last_name", "first_name", "middle_name", "pk")
    report.completed = list(
        Pair.objects.filter(in_unit(report.unit, "organisation"))
        .filter(status__in=CLOSED, actual_end_date__range=(period.start, period.end))
        .select_related("mentor__person", "form", "organisation")
        .prefetch_related(Prefetch("mentees", queryset=people))
        .order_by("actual_end_date", "pk")
    )


def pair_result(pair: Pair) -> str:
    """The outcome, or why it ended early."""
    if pair.status == PairStatus.TERMINATED and pair.termination_reason:
        reason = _("Прекращена досрочно: %(reason)s") % {
            "reason": pair.termination_reason
        }
        return f"{reason}. {pair.outcome}".strip() if pair.outcome else reason
    return pair.outcome


# XLSX: one sheet per table ----------------------------------------------------------
def table_headers(report: MentoringReport) -> dict[str, list[str]]:
    """Column captions of the four tables (the page and the XLSX share them)."""
    return {
        "forms": [_("Форма наставничества")]
        + [label for _code, label in report.statuses]
        + [_("Всего")],
        "coverage": [_("Территория / организация"), _("Молодых педагогов"),
                     _("Имеют наставника"), _("Доля, %")],
        "mentors": [_("Наставник (ФИО)"), _("Организация"), _("Мест (не более)"),
                    _("Наставляемых"), _("Свободно"), _("Перегружен"), _("Статус")],
        "completed": [_("Наставник"), _("Наставляемые"), _("Форма наставничества"),
                      _("Организация"), _("Начало"), _("Окончание"), _("Статус"),
                      _("Результат")],
    }  # fmt: skip


def sheet_rows(report: MentoringReport) -> dict[str, list[list]]:
    """The data rows of the four tables, numbers as numbers, the totals last."""
    yes, no = _("да"), _("нет")
    forms = [[r.label, *r.counts, r.total] for r in report.forms]
    totals = report.form_totals
    forms.append([totals.label, *totals.counts, totals.total])
    coverage = [
        [r.label, r.young, r.with_mentor, r.share]
        for r in [*report.coverage, report.coverage_total]
    ]
    mentors = [
        [r.name, r.organisation, r.capacity, r.load, r.free,
         yes if r.overloaded else no, r.status]
        for r in report.mentors
    ]  # fmt: skip
    completed = [
        [p.mentor.person.full_name, ", ".join(m.full_name for m in p.mentees.all()),
         p.form.name, p.organisation.short_name or p.organisation.name,
         p.start_date, p.actual_end_date, p.get_status_display(), pair_result(p)]
        for p in report.completed
    ]  # fmt: skip
    return {
        "forms": forms,
        "coverage": coverage,
        "mentors": mentors,
        "completed": completed,
    }


def sheet_titles() -> dict[str, str]:
    return {
        "forms": _("Пары по формам и статусам"),
        "coverage": _("Молодые педагоги"),
        "mentors": _("Загрузка наставников"),
        "completed": _("Завершённые пары"),
    }


def xlsx_bytes(report: MentoringReport) -> bytes:
    """The report as a workbook: per table a sheet with the title rows (report,
    territory, period, counting day, date of formation), a header and the rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    headers, rows = table_headers(report), sheet_rows(report)
    for key, title in sheet_titles().items():
        sheet = workbook.create_sheet(title[:31])
        for line in (
            _("Отчёт по наставничеству: %(title)s") % {"title": title},
            _("Территория: %(name)s") % {"name": report.unit.name},
            _("Период: %(period)s") % {"period": report.period.label},
            _("Молодые педагоги и загрузка наставников — %(day)s")
            % {"day": report.period.on_label},
            _("Дата формирования: %(day)s")
            % {"day": report.created.strftime("%d.%m.%Y")},
        ):
            sheet.append([neutralise(line)])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([])
        sheet.append([_("№ п/п"), *headers[key]])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        data = rows[key]
        has_total = key in ("forms", "coverage")
        for number, values in enumerate(data, start=1):
            shown = "" if has_total and number == len(data) else number
            sheet.append([shown, *(_cell(v) for v in values)])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD.MM.YYYY"
        if has_total:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 8
        sheet.column_dimensions["B"].width = 40
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(value)
