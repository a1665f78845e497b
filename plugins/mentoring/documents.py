"""Documents generated from the portal's data: nobody re-types a pair into Word.

Three documents (issue 7, «Documents from data»), each DOCX or PDF:

* «Индивидуальный план (программа) наставничества» of a pair — who, in what form,
  for how long, goals, target competences, the tasks with deadlines and a column for
  the mark of completion, the meetings so far, the mentee's self-assessment at the
  start and at the end, and the lines the mentor, the mentee and the curator sign;
* «Отчёт о результатах наставничества» of a pair at the end of its period — planned
  and actual period, status, tasks done of total, meetings and hours, the growth of
  the self-assessment per competence, the outcome or the reason it ended early;
* the order-style list of an organisation's pairs, the annex to the head's order
  («Приложение к приказу … Список наставнических пар (групп)») that schools approve
  every school year.

``collect_pair`` and ``collect_order`` gather the data in a fixed number of queries;
``write_programme``, ``write_report`` and ``write_order`` put it into a
``DocxReport`` or a ``PdfReport`` (portal.documents), which have the same methods.
Who may download is decided by the views (``doc_views``).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.models import Organisation, Person
from portal.dashboard.periods import Period
from portal.documents.docx import russian_date, short_date

from .models import Meeting, Pair, Plan, PlanTask, SelfAssessment, TaskStatus

PEOPLE_ORDER = ("last_name", "first_name", "middle_name", "pk")


@dataclass
class Assessment:
    """One mentee's self-assessment of one competence, at the start and at the end."""

    mentee: str
    competence: str
    start: int | None = None
    end: int | None = None

    @property
    def growth(self) -> str:
        if self.start is None or self.end is None:
            return ""
        change = self.end - self.start
        return f"+{change}" if change > 0 else str(change)


@dataclass
class PairData:
    """Everything a pair's documents say, gathered once."""

    pair: Pair
    mentees: list[Person] = field(default_factory=list)
    co_mentors: list[Person] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)
    plan: Plan | None = None
    tasks: list[PlanTask] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)

    @property
    def counted_tasks(self) -> list[PlanTask]:
        """Tasks that count towards «done of total»: cancelled ones do not."""
        return [t for t in self.tasks if t.status != TaskStatus.CANCELLED]

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.status == TaskStatus.DONE)

    @property
    def minutes(self) -> int:
        return sum(m.duration_minutes for m in self.meetings)

    @property
    def coordinator(self) -> Person | None:
        programme = self.pair.programme
        return programme.coordinator if programme is not None else None


def collect_pair(pair: Pair) -> PairData:
    """The pair's data in eight queries whatever the size of its plan."""
    pair = Pair.objects.select_related(
        "mentor__person__organisation", "form", "organisation",
        "programme__coordinator", "mentor_organisation",
    ).get(pk=pair.pk)  # fmt: skip
    data = PairData(pair=pair)
    data.mentees = list(
        pair.mentees.select_related("organisation").order_by(*PEOPLE_ORDER)
    )
    data.co_mentors = list(
        pair.co_mentors.select_related("organisation").order_by(*PEOPLE_ORDER)
    )
    data.competences = [c.name for c in pair.target_competences.all()]
    data.plan = Plan.objects.filter(pair=pair).first()
    if data.plan is None:
        return data
    data.tasks = list(
        PlanTask.objects.filter(plan=data.plan)
        .select_related("competence")
        .order_by("order", "deadline", "pk")
    )
    data.meetings = list(Meeting.objects.filter(plan=data.plan).order_by("date", "pk"))
    scores: dict[tuple[int, int], Assessment] = {}
    for score in (
        SelfAssessment.objects.filter(plan=data.plan)
        .select_related("mentee", "competence")
        .order_by(*(f"mentee__{f}" for f in PEOPLE_ORDER), "competence__order",
                  "competence__name")
    ):  # fmt: skip
        row = scores.setdefault(
            (score.mentee_id, score.competence_id),
            Assessment(score.mentee.full_name, score.competence.name),
        )
        setattr(row, score.moment, score.score)
    data.assessments = list(scores.values())
    return data


# Values as the documents write them -------------------------------------------------
def hours(minutes: int) -> str:
    """«3», «4,5»: hours with one decimal at most, a comma as Russians write it."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".removesuffix(".0").replace(".", ",")


def span(start: dt.date | None, end: dt.date | None) -> str:
    """«с 01.09.2026 по 31.05.2027»; an open end is left out."""
    if start is None:
        return ""
    text = _("с %(start)s") % {"start": short_date(start)}
    if end is not None:
        text += " " + _("по %(end)s") % {"end": short_date(end)}
    return text


def person_line(person: Person) -> str:
    """«Иванова Мария Петровна, учитель»."""
    return ", ".join(p for p in (person.full_name, person.position) if p)


def task_mark(task: PlanTask) -> str:
    if task.status == TaskStatus.DONE:
        if task.done_on:
            return _("выполнено %(day)s") % {"day": short_date(task.done_on)}
        return _("выполнено")
    return str(task.get_status_display()).lower()


def generated_on() -> str:
    return _("Сформирован на портале %(day)s") % {
        "day": russian_date(timezone.localdate())
    }


# Writing a pair's documents ---------------------------------------------------------
def _write_facts(report, data: PairData) -> None:
    pair = data.pair
    report.facts(
        [
            (_("Организация"), pair.organisation.name),
            (_("Программа наставничества"),
             pair.programme.title if pair.programme_id else ""),
            (_("Форма наставничества"), pair.form.name),
            (_("Организация-наставник"),
             pair.mentor_organisation.name if pair.mentor_organisation_id else ""),
        ]
    )  # fmt: skip


def _write_people(report, data: PairData) -> None:
    pair = data.pair
    rows = [(_("Наставник"), pair.mentor.person)]
    rows += [(_("Наставник (команда)"), person) for person in data.co_mentors]
    rows += [(_("Наставляемый"), person) for person in data.mentees]
    report.heading(_("Участники"))
    report.table(
        [_("Роль"), _("ФИО"), _("Должность"), _("Организация")],
        [[role, p.full_name, p.position, p.organisation.name] for role, p in rows],
        widths=[3.2, 5.0, 3.5, 4.8],
    )


def _write_tasks(report, data: PairData) -> None:
    report.heading(_("План мероприятий"))
    if not data.tasks:
        report.paragraph(_("Задачи в план пока не внесены."), muted=True)
        return
    report.table(
        [_("№"), _("Задача"), _("Компетенция"), _("Срок"),
         _("Отметка о выполнении")],
        [
            [number, task.title, task.competence.name if task.competence_id else "",
             task.deadline, task_mark(task)]
            for number, task in enumerate(data.tasks, start=1)
        ],
        widths=[0.8, 6.7, 3.5, 2.2, 3.3],
    )  # fmt: skip


def _meetings_line(data: PairData) -> str:
    return _("Проведено встреч: %(count)s, общая продолжительность — %(hours)s ч.") % {
        "count": len(data.meetings),
        "hours": hours(data.minutes),
    }


def _write_assessments(report, data: PairData, growth: bool) -> None:
    if not data.assessments:
        report.paragraph(_("Самооценка не заполнялась."), muted=True)
        return
    header = [_("Наставляемый"), _("Компетенция"), _("В начале"), _("В конце")]
    rows = [[a.mentee, a.competence, a.start, a.end] for a in data.assessments]
    widths = [4.5, 6.5, 2.5, 3.0]
    if growth:
        header.append(_("Изменение"))
        for row, assessment in zip(rows, data.assessments, strict=True):
            row.append(assessment.growth)
        widths = [4.0, 5.5, 2.2, 2.2, 2.6]
    report.table(header, rows, widths=widths)


def _write_signatures(report, data: PairData) -> None:
    report.heading(_("Подписи"))
    blank = "____________________"
    lines = [_("Наставник %(line)s / %(name)s /")
             % {"line": blank, "name": data.pair.mentor.person.short_name}]  # fmt: skip
    lines += [
        _("Наставляемый %(line)s / %(name)s /") % {"line": blank, "name": p.short_name}
        for p in data.mentees
    ]
    coordinator = data.coordinator
    lines.append(
        _("Куратор %(line)s / %(name)s /")
        % {"line": blank, "name": coordinator.short_name if coordinator else blank}
    )
    for line in lines:
        report.paragraph(line)
    report.paragraph(_("«___» ____________ 20___ г."))


def write_programme(report, data: PairData) -> None:
    """«Индивидуальный план (программа) наставничества»."""
    pair = data.pair
    report.title(_("Индивидуальный план (программа) наставничества"), generated_on())
    _write_facts(report, data)
    report.facts(
        [
            (_("Срок реализации"), span(pair.start_date, pair.planned_end_date)),
            (_("Статус"), pair.get_status_display()),
        ]
    )
    _write_people(report, data)
    report.heading(_("Цели и ожидаемые результаты"))
    goals = [
        (_("Запрос наставляемого"), pair.goal),
        (_("Цели"), data.plan.goals if data.plan else ""),
        (_("Ожидаемые результаты"), data.plan.expected_results if data.plan else ""),
    ]
    if any(value for _label, value in goals):
        report.facts(goals)
    else:
        report.paragraph(_("Цели и ожидаемые результаты не указаны."), muted=True)
    report.heading(_("Целевые компетенции (дефициты)"))
    if data.competences:
        report.bullets(data.competences)
    else:
        report.paragraph(_("Целевые компетенции не указаны."), muted=True)
    _write_tasks(report, data)
    report.heading(_("Встречи"))
    report.paragraph(_meetings_line(data))
    if data.meetings:
        report.table(
            [_("Дата"), _("Тема"), _("Формат"), _("Продолжительность, мин")],
            [[m.date, m.topic, m.get_format_display(), m.duration_minutes]
             for m in data.meetings],
            widths=[2.5, 8.0, 3.0, 3.0],
        )  # fmt: skip
    report.heading(_("Самооценка наставляемого в начале и в конце"))
    _write_assessments(report, data, growth=False)
    _write_signatures(report, data)


def write_report(report, data: PairData) -> None:
    """«Отчёт о результатах наставничества» at the end of the pair's period."""
    pair = data.pair
    report.title(_("Отчёт о результатах наставничества"), generated_on())
    _write_facts(report, data)
    report.facts(
        [
            (_("Наставник"), person_line(pair.mentor.person)),
            (_("Наставляемые"), "; ".join(person_line(p) for p in data.mentees)),
            (_("Срок по плану"), span(pair.start_date, pair.planned_end_date)),
            (_("Фактический срок"),
             span(pair.start_date, pair.actual_end_date)
             + ("" if pair.actual_end_date else " " + _("(продолжается)"))),
            (_("Статус"), pair.get_status_display()),
            (_("Причина досрочного прекращения"), pair.termination_reason),
        ]
    )  # fmt: skip
    report.heading(_("Выполнение плана"))
    report.paragraph(
        _("Выполнено задач: %(done)s из %(total)s.")
        % {"done": data.done, "total": len(data.counted_tasks)}
    )
    _write_tasks(report, data)
    report.heading(_("Встречи"))
    report.paragraph(_meetings_line(data))
    report.heading(_("Динамика самооценки"))
    _write_assessments(report, data, growth=True)
    report.heading(_("Результат наставничества"))
    if pair.outcome:
        report.paragraph(pair.outcome)
    else:
        report.paragraph(_("Результат не описан."), muted=True)
    _write_signatures(report, data)


# The order-style list of an organisation's pairs -------------------------------------
@dataclass
class OrderData:
    organisation: Organisation
    #: The school year the list is for (its start), or None for the live pairs.
    year: int | None
    pairs: list[Pair] = field(default_factory=list)
    day: dt.date | None = None


def collect_order(organisation: Organisation, year: int | None = None) -> OrderData:
    """The organisation's live pairs, or those of the school year ``year`` (any pair
    whose period overlaps 1 September – 31 August). Three queries."""
    pairs = Pair.objects.filter(organisation=organisation)
    if year is None:
        pairs = pairs.live()
    else:
        period = Period.school_year(year)
        pairs = pairs.filter(start_date__lte=period.end).filter(
            Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=period.start)
        )
    people = Person.objects.order_by(*PEOPLE_ORDER)
    pairs = (
        pairs.select_related("mentor__person", "form")
        .prefetch_related(
            Prefetch("mentees", queryset=people), Prefetch("co_mentors", queryset=people)
        )
        .order_by("mentor__person__last_name", "mentor__person__first_name",
                  "start_date", "pk")
    )  # fmt: skip
    return OrderData(organisation, year, list(pairs), timezone.localdate())


def order_title(data: OrderData) -> str:
    return _("Список наставнических пар (групп) %(name)s") % {
        "name": data.organisation.name
    }


def write_order(report, data: OrderData) -> None:
    """«Приложение к приказу … Список наставнических пар (групп) …»."""
    report.paragraph(_("Приложение к приказу № ____ от «__» ______ 20__ г."))
    if data.year is None:
        subtitle = _("действующие на %(day)s") % {"day": russian_date(data.day)}
    else:
        subtitle = _("на %(period)s") % {"period": Period.school_year(data.year).label}
    report.title(order_title(data), subtitle)
    if not data.pairs:
        report.paragraph(_("Наставнических пар (групп) нет."), muted=True)
        return
    rows = []
    for number, pair in enumerate(data.pairs, start=1):
        mentor = person_line(pair.mentor.person)
        team = pair.co_mentors.all()
        if team:
            mentor += "\n" + _("с участием: %(names)s") % {
                "names": "; ".join(person_line(p) for p in team)
            }
        rows.append(
            [
                number,
                mentor,
                "\n".join(person_line(p) for p in pair.mentees.all()),
                pair.form.name,
                f"{short_date(pair.start_date)} — {short_date(pair.planned_end_date)}",
            ]
        )
    report.table(
        [_("№"), _("Наставник (ФИО, должность)"), _("Наставляемые (ФИО, должность)"),
         _("Форма наставничества"), _("Срок (начало — плановое окончание)")],
        rows,
        widths=[0.8, 4.6, 4.8, 3.1, 3.2],
    )  # fmt: skip
    report.paragraph(
        _("Всего пар (групп): %(pairs)s, наставляемых: %(mentees)s.")
        % {
            "pairs": len(data.pairs),
            "mentees": sum(len(p.mentees.all()) for p in data.pairs),
        }
    )
