"""A community's annual activity report, generated from its data (DOCX or PDF).

Routed by ``CommunityPage`` (``report/<year>/``; ``?format=docx``, the default, or
``?format=pdf``). For the community's active leaders (head, deputies) and whoever may
edit the page, through the same check as «Управление сообществом» (``manage.refuse``:
anyone else signed in gets a 404, a visitor the login page): the report names the
head and the new members, so it is never public, and it is sent with
``Cache-Control: private, no-store``.

What it holds (DOMAIN.md "Communities"): the community's facts, the plan of the year
with done / not done and results, the events linked from plan items that took place
that year with their registered and attended counts (the typed hook
``portal_event_attendance``; without counts when no plugin knows events), the
methodical products added that year, the community's practices with their stage, the
members who joined that year and the total at the year's end, and a summary line.
``collect`` gathers it once; ``write`` puts it into a ``DocxReport`` or a
``PdfReport`` (portal.documents), which have the same methods.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal.documents.docx import DocxReport, russian_date, short_date
from portal.documents.pdf import PdfReport
from portal.extensions.hooks import event_attendance

from .manage import refuse
from .models import (
    CommunityMaterial,
    CommunityPage,
    Membership,
    PlanItem,
    PracticePage,
    WorkPlan,
)

FORMATS = {"docx": DocxReport, "pdf": PdfReport}
FIRST_YEAR = 2000


@dataclass
class PlanLine:
    topic: str
    form: str
    when: str
    responsible: str
    done: bool
    result: str


@dataclass
class EventLine:
    title: str
    day: dt.date | None
    registered: int | None = None
    attended: int | None = None


@dataclass
class AnnualReport:
    """Everything the report says, gathered in a fixed number of queries."""

    community: CommunityPage
    year: int
    #: The day the member total is counted on: 31 December, or today for this year.
    counted_on: dt.date
    leaders: dict[str, list[str]] = field(default_factory=dict)
    plan: WorkPlan | None = None
    plan_lines: list[PlanLine] = field(default_factory=list)
    events: list[EventLine] = field(default_factory=list)
    #: False when no enabled plugin counts registrations (events plugin disabled).
    counts_known: bool = False
    products: list[CommunityMaterial] = field(default_factory=list)
    practices: list[PracticePage] = field(default_factory=list)
    new_members: list[Membership] = field(default_factory=list)
    total_members: int = 0

    @property
    def done(self) -> int:
        return sum(1 for line in self.plan_lines if line.done)

    @property
    def registered(self) -> int:
        return sum(e.registered or 0 for e in self.events)

    @property
    def attended(self) -> int:
        return sum(e.attended or 0 for e in self.events)

    def summary(self) -> str:
        parts = [
            _("пунктов плана выполнено — %(done)s из %(total)s")
            % {"done": self.done, "total": len(self.plan_lines)},
            _("проведено мероприятий — %(count)s") % {"count": len(self.events)},
        ]
        if self.events and self.counts_known:
            parts[-1] += " " + _(
                "(зарегистрировались — %(registered)s, участвовали — %(attended)s)"
            ) % {"registered": self.registered, "attended": self.attended}
        parts += [
            _("методических продуктов — %(count)s") % {"count": len(self.products)},
            _("практик — %(count)s") % {"count": len(self.practices)},
            _("новых участников — %(count)s") % {"count": len(self.new_members)},
            _("всего участников — %(count)s") % {"count": self.total_members},
        ]
        return _("Итоги %(year)s года: %(parts)s.") % {
            "year": self.year,
            "parts": "; ".join(parts),
        }


# The view ---------------------------------------------------------------------------
def report_view(page: CommunityPage, request, year: int):
    refused = refuse(page, request)
    if refused is not None:
        return refused
    today = timezone.localdate()
    kind = request.GET.get("format") or "docx"
    if kind not in FORMATS or not FIRST_YEAR <= year <= today.year + 1:
        raise Http404
    report = FORMATS[kind](
        _("Отчёт о деятельности сообщества «%(title)s» за %(year)s год")
        % {"title": page.title, "year": year},
        author=page.title,
    )
    write(report, collect(page, year, today))
    response = HttpResponse(report.bytes(), content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"otchet-{page.slug[:60]}-{year}.{report.extension}"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


# Gathering --------------------------------------------------------------------------
def collect(page: CommunityPage, year: int, today: dt.date | None = None):
    today = today or timezone.localdate()
    counted_on = min(dt.date(year, 12, 31), today)
    report = AnnualReport(community=page, year=year, counted_on=counted_on)
    _members(report, page, year)
    report.plan = WorkPlan.objects.filter(community=page, year=year).first()
    if report.plan is not None:
        report.plan_lines = [
            _plan_line(item)
            for item in report.plan.items.select_related("responsible").order_by(
                "date", "order", "pk"
            )
        ]
    _events(report, page, year, today)
    report.products = list(
        CommunityMaterial.objects.filter(
            community=page,
            kind=CommunityMaterial.Kind.PRODUCT,
            created_at__year=year,
        ).order_by("created_at", "pk")
    )
    report.practices = list(
        PracticePage.objects.filter(community=page).order_by("title", "pk")
    )
    return report


def _members(report: AnnualReport, page, year: int) -> None:
    """Who joined in ``year`` and how many were members on ``counted_on``; a row
    without a join date counts from the day it was created."""
    memberships = Membership.objects.filter(
        community=page, status__in=[Membership.Status.ACTIVE, Membership.Status.LEFT]
    ).select_related("person")
    end = report.counted_on
    for membership in memberships:
        joined = membership.joined_on or timezone.localdate(membership.created_at)
        membership.joined = joined
        if joined.year == year:
            report.new_members.append(membership)
        if joined <= end and (
            membership.is_active
            or (membership.left_on is not None and membership.left_on > end)
        ):
            report.total_members += 1
        if membership.is_leader:
            report.leaders.setdefault(membership.role, []).append(
                membership.person.full_name
            )
    report.new_members.sort(key=lambda m: (m.joined, m.person.full_name))
    for names in report.leaders.values():
        names.sort()
    if not report.leaders.get(Membership.Role.HEAD) and page.head_id:
        report.leaders[Membership.Role.HEAD] = [page.head.full_name]


def _plan_line(item: PlanItem) -> PlanLine:
    responsible = item.responsible.full_name if item.responsible_id else ""
    if item.responsible_note:
        responsible = (
            f"{responsible} ({item.responsible_note})"
            if responsible
            else item.responsible_note
        )
    return PlanLine(
        topic=item.topic,
        form=item.form,
        when=short_date(item.date) if item.date else item.period,
        responsible=responsible,
        done=item.done,
        result=item.result,
    )


def _events(report: AnnualReport, page, year: int, today: dt.date) -> None:
    """Published events linked from any of the community's plan items that took
    place in ``year`` (up to today). The day is the event page's own start when its
    type has one (the events plugin's ``local_start``), else the plan item's date,
    else the plan's year."""
    items = list(
        PlanItem.objects.filter(plan__community=page, event__isnull=False)
        .select_related("plan")
        .order_by("date", "pk")
    )
    if not items:
        return
    pages = {
        p.pk: p
        for p in Page.objects.filter(
            pk__in={i.event_id for i in items}, live=True
        ).specific()
    }
    chosen: dict[int, EventLine] = {}
    for item in items:
        event = pages.get(item.event_id)
        if event is None or event.pk in chosen:
            continue
        start = getattr(event, "local_start", None)
        day = start.date() if isinstance(start, dt.datetime) else item.date
        took_place = (
            day.year == year and day <= today
            if day is not None
            else item.plan.year == year
        )
        if took_place:
            chosen[event.pk] = EventLine(title=event.title, day=day)
    counts = event_attendance(list(chosen))
    report.counts_known = bool(counts)
    for pk, line in chosen.items():
        if pk in counts:
            line.registered = counts[pk].registered
            line.attended = counts[pk].attended
    report.events = sorted(
        chosen.values(), key=lambda e: (e.day or dt.date.max, e.title)
    )


# Writing ----------------------------------------------------------------------------
def _territory(page: CommunityPage) -> str:
    parts = [
        territory.name
        for territory in (page.region, page.municipality)
        if territory is not None
    ]
    if page.organisation_id:
        parts.append(page.organisation.name)
    return ", ".join(parts)


def write(report, data: AnnualReport) -> None:
    """The report's content, into a DocxReport or a PdfReport."""
    page, year = data.community, data.year
    report.title(
        _("Отчёт о деятельности сообщества «%(title)s» за %(year)s год")
        % {"title": page.title, "year": year},
        _("Сформирован на портале %(day)s")
        % {"day": russian_date(timezone.localdate())},
    )
    _write_facts(report, data)
    _write_plan(report, data)
    _write_events(report, data)
    _write_products(report, data)
    _write_practices(report, data)
    _write_members(report, data)
    report.heading(_("Итоги"))
    report.paragraph(data.summary(), bold=True)


def _write_facts(report, data: AnnualReport) -> None:
    page = data.community
    report.heading(_("Сведения о сообществе"))
    report.facts(
        [
            (_("Вид"), page.community_type.name if page.community_type_id else ""),
            (_("Уровень"), page.get_level_display()),
            (_("Территория"), _territory(page)),
            (
                _("Базовая организация"),
                page.base_organisation.name if page.base_organisation_id else "",
            ),
            (_("Предметы"), ", ".join(s.name for s in page.subjects.all())),
            (_("Проблемное поле"), page.problem_area),
            (
                _("Руководитель"),
                ", ".join(data.leaders.get(Membership.Role.HEAD, [])),
            ),
            (
                _("Заместители руководителя"),
                ", ".join(data.leaders.get(Membership.Role.DEPUTY, [])),
            ),
            (_("Вступление"), page.get_join_method_display()),
            (_("Статус"), page.get_status_display()),
        ]
    )


def _write_plan(report, data: AnnualReport) -> None:
    report.heading(_("План работы на %(year)s год") % {"year": data.year})
    if data.plan is None:
        report.paragraph(
            _("План работы на %(year)s год не составлен.") % {"year": data.year},
            muted=True,
        )
        return
    if not data.plan_lines:
        report.paragraph(_("В плане нет пунктов."), muted=True)
        return
    report.table(
        [_("№"), _("Тема"), _("Форма"), _("Срок"), _("Ответственный"),
         _("Выполнено"), _("Результат")],
        [
            [number, line.topic, line.form, line.when, line.responsible,
             line.done, line.result]
            for number, line in enumerate(data.plan_lines, start=1)
        ],
        widths=[0.8, 4.2, 2.2, 2.0, 2.8, 1.6, 2.9],
    )  # fmt: skip
    report.paragraph(
        _("Выполнено пунктов плана: %(done)s из %(total)s.")
        % {"done": data.done, "total": len(data.plan_lines)}
    )


def _write_events(report, data: AnnualReport) -> None:
    report.heading(_("Мероприятия"))
    if not data.events:
        report.paragraph(
            _("Мероприятий по плану работы в %(year)s году не проводилось.")
            % {"year": data.year},
            muted=True,
        )
        return
    if data.counts_known:
        report.table(
            [_("Мероприятие"), _("Дата"), _("Зарегистрировались"), _("Участвовали")],
            [[e.title, e.day, e.registered, e.attended] for e in data.events],
            widths=[8.5, 2.5, 3.0, 2.5],
        )
        report.paragraph(
            _("Всего: зарегистрировались — %(registered)s, участвовали — %(attended)s.")
            % {"registered": data.registered, "attended": data.attended}
        )
    else:
        report.table(
            [_("Мероприятие"), _("Дата")],
            [[e.title, e.day] for e in data.events],
            widths=[13.0, 3.5],
        )


def _write_products(report, data: AnnualReport) -> None:
    report.heading(_("Методические продукты"))
    if not data.products:
        report.paragraph(
            _("В %(year)s году методические продукты не добавлялись.")
            % {"year": data.year},
            muted=True,
        )
        return
    report.table(
        [_("Название"), _("Описание"), _("Добавлен")],
        [
            [p.title, p.description, timezone.localdate(p.created_at)]
            for p in data.products
        ],
        widths=[6.0, 8.0, 2.5],
    )


def _write_practices(report, data: AnnualReport) -> None:
    report.heading(_("Лучшие практики сообщества"))
    if not data.practices:
        report.paragraph(_("Практик сообщества в банке пока нет."), muted=True)
        return
    report.table(
        [_("Практика"), _("Вид"), _("Этап")],
        [
            [p.title, p.get_kind_display(), p.get_stage_display()]
            for p in data.practices
        ],
        widths=[8.5, 4.0, 4.0],
    )


def _write_members(report, data: AnnualReport) -> None:
    report.heading(_("Участники"))
    report.paragraph(
        _("Вступили в %(year)s году: %(new)s. Всего участников на %(day)s: %(total)s.")
        % {
            "year": data.year,
            "new": len(data.new_members),
            "day": russian_date(data.counted_on),
            "total": data.total_members,
        }
    )
    if data.new_members:
        report.table(
            [_("ФИО"), _("Роль"), _("Дата вступления")],
            [
                [m.person.full_name, m.get_role_display(), m.joined]
                for m in data.new_members
            ],
            widths=[8.5, 4.5, 3.5],
        )
