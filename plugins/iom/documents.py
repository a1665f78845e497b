"""The route document «Индивидуальный образовательный маршрут педагога», generated
from the portal's data as DOCX or PDF (portal.documents): nobody re-types a route
into Word.

It says whose route it is (name, position, organisation, the team of a school's
route), what it comes from (the diagnostic: date, who held it, results by area),
the deficits and goals, the tutor, pace and period, the personal resources and the
school's context, the plan — every step with its deficit, form of learning, kind,
hours, planned dates and status or result —, the totals, and the lines the teacher,
the tutor and the head sign.

``collect_route`` gathers the data in a fixed number of queries; ``write_route``
puts it into a ``DocxReport`` or a ``PdfReport``, which have the same methods.
``Totals`` and ``diagnostic_scores`` serve the route page too. Who may download is
decided by ``doc_views``.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.documents.docx import russian_date, short_date

from .models import DiagnosticScore, LearningForm, Route, RouteStep

TITLE = gettext_lazy("Индивидуальный образовательный маршрут педагога")
PEOPLE_ORDER = ("last_name", "first_name", "middle_name", "pk")
OPEN_STEPS = (RouteStep.Status.PLANNED, RouteStep.Status.IN_PROGRESS)
BLANK = "____________________"


@dataclass(frozen=True)
class Totals:
    """A route's steps counted: cancelled steps do not count."""

    steps: int
    done: int
    overdue: int
    hours: int
    hours_done: int

    @property
    def finished(self) -> bool:
        return bool(self.steps) and self.done == self.steps

    @classmethod
    def of(cls, steps, today: dt.date) -> "Totals":
        counted = [s for s in steps if s.status != RouteStep.Status.SKIPPED]
        done = [s for s in counted if s.status == RouteStep.Status.DONE]
        return cls(
            steps=len(counted),
            done=len(done),
            overdue=sum(1 for s in counted if is_overdue(s, today)),
            hours=sum(s.hours or 0 for s in counted),
            hours_done=sum(s.hours or 0 for s in done),
        )


def is_overdue(step: RouteStep, today: dt.date) -> bool:
    return bool(
        step.status in OPEN_STEPS and step.planned_end and step.planned_end < today
    )


def diagnostic_scores(diagnostic) -> list[DiagnosticScore]:
    if diagnostic is None:
        return []
    return list(
        DiagnosticScore.objects.filter(diagnostic=diagnostic).select_related("area")
    )


@dataclass
class RouteData:
    """Everything the route document says, gathered once."""

    route: Route
    today: dt.date
    team: list[Person] = field(default_factory=list)
    deficits: list = field(default_factory=list)
    diagnostic_deficits: list = field(default_factory=list)
    scores: list[DiagnosticScore] = field(default_factory=list)
    steps: list[RouteStep] = field(default_factory=list)

    @property
    def totals(self) -> Totals:
        return Totals.of(self.steps, self.today)


def collect_route(route: Route) -> RouteData:
    """The route's data in seven queries whatever the number of steps."""
    route = Route.objects.select_related(
        "owner__organisation__municipality", "tutor__organisation", "diagnostic",
        "template", "agreed_by__person",
    ).get(pk=route.pk)  # fmt: skip
    data = RouteData(route=route, today=timezone.localdate())
    data.team = list(route.team.select_related("organisation").order_by(*PEOPLE_ORDER))
    data.deficits = list(route.deficits.select_related("area"))
    if route.diagnostic_id:
        data.diagnostic_deficits = list(route.diagnostic.deficits.all())
        data.scores = diagnostic_scores(route.diagnostic)
    data.steps = list(route.steps.select_related("deficit", "programme__provider"))
    return data


# Values as the document writes them -------------------------------------------------
def period(start: dt.date | None, end: dt.date | None) -> str:
    """«01.09.2026 — 31.05.2027»; a missing end is an ellipsis, no dates nothing."""
    if start is None and end is None:
        return ""
    return f"{short_date(start) or '…'} — {short_date(end) or '…'}"


def person_line(person: Person | None) -> str:
    """«Иванова Мария Петровна, учитель, МБОУ СОШ № 1»."""
    if person is None:
        return ""
    return ", ".join(
        p for p in (person.full_name, person.position, str(person.organisation)) if p
    )


def activity(step: RouteStep) -> str:
    lines = [step.title]
    if step.programme_id and step.programme.provider_title:
        lines.append(step.programme.provider_title)
    return "\n".join(lines)


def step_mark(step: RouteStep, today: dt.date) -> str:
    """«выполнен 12.10.2026: <evidence>; результаты признаны» or the status."""
    if step.status != RouteStep.Status.DONE:
        text = str(step.get_status_display()).lower()
        return text + (" " + _("(просрочен)") if is_overdue(step, today) else "")
    text = (
        _("выполнен %(day)s") % {"day": short_date(step.done_on)}
        if step.done_on
        else _("выполнен")
    )
    if step.evidence:
        text += f": {step.evidence.strip()}"
    elif step.done_source:
        text += f" ({step.done_source})"
    if step.recognised and step.learning_form != LearningForm.FORMAL:
        text += "; " + _("результаты признаны")
    return text


def generated_on() -> str:
    return _("Сформирован на портале %(day)s") % {
        "day": russian_date(timezone.localdate())
    }


# Writing the document ---------------------------------------------------------------
def _write_facts(report, data: RouteData) -> None:
    route, owner = data.route, data.route.owner
    organisation = owner.organisation
    agreed = ""
    if route.agreed_at:
        agreed = russian_date(route.agreed_at)
        if route.agreed_by_id and getattr(route.agreed_by, "person", None):
            agreed += ", " + route.agreed_by.person.full_name
    report.facts(
        [
            (_("Педагог"), owner.full_name),
            (_("Должность"), owner.position),
            (_("Организация"), organisation.name),
            (_("Муниципалитет"), organisation.municipality.name
             if organisation.municipality_id else ""),
            (_("Участники команды"), "; ".join(person_line(p) for p in data.team)),
            (_("Тьютор (методист)"), person_line(route.tutor) or _("не назначен")),
            (_("Темп"), route.get_pace_display()),
            (_("Срок реализации"), period(route.start_date, route.end_date)),
            (_("Статус"), route.get_status_display()),
            (_("Согласован"), agreed),
            (_("Завершён"), route.completed_on),
            (_("По типовому маршруту"), route.template.title if route.template_id else ""),
        ]
    )  # fmt: skip


def _write_diagnostic(report, data: RouteData) -> None:
    report.heading(_("Результаты диагностики"))
    diagnostic = data.route.diagnostic
    if diagnostic is None:
        report.paragraph(_("Маршрут составлен без диагностики."), muted=True)
        return
    report.facts(
        [
            (_("Процедура"), diagnostic.title),
            (_("Кто проводил"), diagnostic.get_source_display()),
            (_("Дата"), diagnostic.date),
            (
                _("Выявленные дефициты"),
                "; ".join(d.name for d in data.diagnostic_deficits),
            ),
            (_("Заключение"), diagnostic.note),
        ]
    )
    if data.scores:
        report.table(
            [_("Область компетенций"), _("Результат, %"), _("Уровень")],
            [[s.area.name, s.score, s.get_level_display()] for s in data.scores],
            widths=[12.0, 5.0, 6.0],
        )


def _write_plan(report, data: RouteData) -> None:
    report.heading(_("План мероприятий"))
    if not data.steps:
        report.paragraph(_("Шаги в маршрут пока не внесены."), muted=True)
        return
    report.table(
        [_("№"), _("Дефицит"), _("Мероприятие (содержание)"), _("Форма обучения"),
         _("Вид"), _("Часов"), _("Сроки (план)"), _("Статус, результат")],
        [
            [number, step.deficit.name if step.deficit_id else "", activity(step),
             step.get_learning_form_display(), step.get_kind_display(), step.hours,
             period(step.planned_start, step.planned_end), step_mark(step, data.today)]
            for number, step in enumerate(data.steps, start=1)
        ],
        widths=[0.8, 3.5, 5.6, 2.9, 3.4, 1.5, 3.0, 4.5],
    )  # fmt: skip
    totals = data.totals
    report.paragraph(
        _("Всего шагов: %(steps)s, выполнено: %(done)s. Часов по плану: %(hours)s, "
          "из них выполнено: %(hours_done)s.")
        % {"steps": totals.steps, "done": totals.done, "hours": totals.hours,
           "hours_done": totals.hours_done},
        bold=True,
    )  # fmt: skip
    if totals.overdue:
        report.paragraph(_("Просрочено шагов: %(n)s.") % {"n": totals.overdue})


def _write_signatures(report, data: RouteData) -> None:
    route = data.route
    report.heading(_("Подписи"))
    tutor = route.tutor.short_name if route.tutor_id else BLANK
    for line in (
        _("Педагог %(line)s / %(name)s /")
        % {"line": BLANK, "name": route.owner.short_name},
        _("Тьютор (методист) %(line)s / %(name)s /") % {"line": BLANK, "name": tutor},
        _("Согласовано: руководитель образовательной организации %(line)s / %(line)s /")
        % {"line": BLANK},
        _("«___» ____________ 20___ г."),
    ):
        report.paragraph(line)


def write_route(report, data: RouteData) -> None:
    """«Индивидуальный образовательный маршрут педагога»."""
    route = data.route
    report.title(str(TITLE), generated_on())
    _write_facts(report, data)
    _write_diagnostic(report, data)
    report.heading(_("Профессиональные дефициты (точки роста)"))
    if data.deficits:
        report.bullets(f"{d.name} ({d.area.name})" for d in data.deficits)
    else:
        report.paragraph(_("Дефициты не указаны."), muted=True)
    report.heading(_("Цели"))
    report.paragraph(route.goals or _("Цели не указаны."), muted=not route.goals)
    if route.personal_resources or route.school_context:
        report.heading(_("Ресурсы и условия"))
        report.facts(
            [
                (_("Личные ресурсы"), route.personal_resources),
                (_("Контекст образовательной организации"), route.school_context),
            ]
        )
    _write_plan(report, data)
    _write_signatures(report, data)
