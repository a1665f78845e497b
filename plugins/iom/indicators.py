"""The routes plugin's dashboard indicators (docs/dashboard.md), declared in
``IomConfig.dashboard_indicators``; the four shares of DOMAIN.md "Indicators" that
come from diagnostics, routes and completed courses (001 L382-392, 003 L554-564).

**Who counts** («педагогические и руководящие работники»): every person of the
registry, grouped by the organisation they work in — the population of the core's
«Педагогические и руководящие работники в реестре». The registry keeps no history,
so it is today's registry whatever the period (as the core's indicator says).

**Which diagnostics count**: every procedure (ЦНППМ, ЦОПМКП, the school) but a
teacher's self-assessment — the official indicators count diagnostics *taken*, and a
self-assessment is not one. ``COUNTED_SOURCES`` says so in one place.

**A route built on diagnostics**: a route with a counted diagnostic whose status is
agreed, in progress or completed (``Route.BUILT``); it is *in force* in a period when
it was agreed by the period's end (a route agreed without a recorded date: created by
then) and was not completed before the period's start.

Region-level values are aggregate counts with no personal data, so the indicators stay
``public`` (open data) like the young-teacher ones; everything below the region is
only in the admin, for the user's scope. The expressions are shared with the
coordinator's «Охват» list (``admin_views``), so the list and the dashboard agree.
Each ``compute`` is two grouped queries per level (numerator and denominator).
"""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.core.models import Person
from portal.dashboard.indicators import Direction, Kind, TerritorialIndicator
from portal.dashboard.periods import Period

from .models import CourseCompletion, Diagnostic, Route, RouteStep

#: Diagnostics the indicators count: every source but self-assessment.
COUNTED_SOURCES = tuple(
    value for value in Diagnostic.Source.values if value != Diagnostic.Source.SELF
)
#: Roles of the registry (core PersonRole codes) that make a person a tutor.
TUTOR_ROLES = ("tutor", "methodist")


def population() -> QuerySet:
    """Teachers and managers: the people of the registry."""
    return Person.objects.all()


def on_diagnostics_q(prefix: str = "") -> Q:
    """A route (reached through `prefix`) built on a counted diagnostic."""
    return Q(
        **{
            f"{prefix}status__in": Route.BUILT,
            f"{prefix}diagnostic__source__in": COUNTED_SOURCES,
        }
    )


def routes_in_force(period: Period) -> QuerySet:
    """Built routes (agreed or later) in force at some time within the period."""
    agreed = Q(agreed_at__date__lte=period.end) | Q(
        agreed_at=None, created_at__date__lte=period.end
    )
    running = Q(completed_on=None) | Q(completed_on__gte=period.start)
    return Route.objects.filter(agreed, running, status__in=Route.BUILT)


def diagnosed(period: Period) -> Exists:
    """The person (the outer row) took a counted diagnostic within the period."""
    return Exists(
        Diagnostic.objects.filter(
            person=OuterRef("pk"),
            date__range=(period.start, period.end),
            source__in=COUNTED_SOURCES,
        )
    )


def with_route(period: Period) -> Exists:
    """The person owns, or is in the team of, a route built on diagnostics and in
    force within the period."""
    return Exists(
        routes_in_force(period)
        .filter(on_diagnostics_q())
        .filter(Q(owner=OuterRef("pk")) | Q(team=OuterRef("pk")))
    )


def completed_federal(period: Period) -> Exists:
    """The person completed within the period a federal-registry programme that a
    step of their route built on diagnostics (owned or as a team member) has."""
    chosen = RouteStep.objects.filter(
        on_diagnostics_q("route__"), programme=OuterRef("programme")
    ).filter(Q(route__owner=OuterRef("person")) | Q(route__team=OuterRef("person")))
    return Exists(
        CourseCompletion.objects.filter(
            Exists(chosen),
            person=OuterRef("pk"),
            completed_on__range=(period.start, period.end),
            programme__in_federal_registry=True,
        )
    )


def is_tutor(period: Period) -> Q:
    """The person has the role «Тьютор» or «Методист», or tutors a route in force
    within the period."""
    roles = Person.roles.through.objects.filter(
        person=OuterRef("pk"), personrole__code__in=TUTOR_ROLES
    )
    tutored = routes_in_force(period).filter(tutor=OuterRef("pk"))
    return Q(Exists(roles)) | Q(Exists(tutored))


class IomShare(TerritorialIndicator):
    """A share of the registry's teachers and managers; subclasses say who counts."""

    unit = "%"
    kind = Kind.SHARE
    denominator_label = _("Педагогических и руководящих работников")
    period_kind = Period.SCHOOL

    def condition(self, period: Period):
        raise NotImplementedError

    def denominator_queryset(self, period: Period) -> QuerySet:
        return population()

    def numerator_queryset(self, period: Period) -> QuerySet:
        return population().filter(self.condition(period))


class Diagnosed(IomShare):
    """Teachers and managers diagnosed within the period (001 L390, target ≥ 20 %)."""

    code = "iom.diagnosed"
    title = _(
        "Доля педагогических и руководящих работников, прошедших диагностику "
        "профессиональных дефицитов"
    )
    description = _(
        "Знаменатель — все педагогические и руководящие работники в реестре портала "
        "(по месту работы, текущее состояние реестра). Числитель — те из них, у кого "
        "есть результат диагностики с датой в пределах периода, проведённой ЦНППМ, "
        "ЦОПМКП или образовательной организацией; самодиагностика не учитывается. "
        "Целевое значение по умолчанию — 20 % (в концепциях регионов — 20–30 %)."
    )
    default_target = Decimal("20")
    numerator_label = _("Прошли диагностику")
    order = 310

    def condition(self, period: Period):
        return diagnosed(period)


class WithRoute(IomShare):
    """Teachers and managers with a route built on diagnostics (001 L392, ≥ 15 %)."""

    code = "iom.with_route"
    title = _(
        "Доля педагогических и руководящих работников с индивидуальным "
        "образовательным маршрутом на основе диагностики"
    )
    description = _(
        "Знаменатель — все педагогические и руководящие работники в реестре портала. "
        "Числитель — те из них, кто является владельцем или членом команды "
        "маршрута, построенного по результатам диагностики (не самодиагностики), "
        "согласованного тьютором и действовавшего в периоде: маршрут согласован не "
        "позже последнего дня периода (если дата согласования не записана — создан "
        "не позже), имеет статус «Согласован», «Выполняется» или «Завершён» и не "
        "завершён раньше первого дня периода."
    )
    default_target = Decimal("15")
    numerator_label = _("Имеют маршрут по диагностике")
    order = 320

    def condition(self, period: Period):
        return with_route(period)


class FederalProgrammesCompleted(IomShare):
    """Teachers who completed federal-registry programmes chosen from diagnostics
    (001 L382, 004 L217, ≥ 30 %)."""

    code = "iom.federal_programmes"
    title = _(
        "Доля педагогических работников, освоивших программы ДПП из федерального "
        "реестра, подобранные по результатам диагностики"
    )
    description = _(
        "Знаменатель — все педагогические и руководящие работники в реестре портала, "
        "как в официальной формулировке показателя («доля педагогических "
        "работников»). Числитель — те из них, кто в периоде окончил программу из "
        "федерального реестра ДПП (запись о пройденном обучении с датой окончания в "
        "периоде), включённую шагом в их маршрут, построенный по результатам "
        "диагностики и согласованный тьютором (владелец или член команды маршрута). "
        "Целевое значение 30 % установлено нарастающим итогом, поэтому для сравнения "
        "с ним выбирайте период за несколько лет."
    )
    default_target = Decimal("30")
    numerator_label = _("Освоили программы из реестра по диагностике")
    order = 330

    def condition(self, period: Period):
        return completed_federal(period)


class TeachersPerTutor(TerritorialIndicator):
    """Teachers per tutor or methodist (001 L386, ≤ 250)."""

    code = "iom.teachers_per_tutor"
    title = _("Число педагогических работников на одного тьютора (методиста)")
    description = _(
        "Числитель — все педагогические и руководящие работники в реестре портала, "
        "знаменатель — тьюторы и методисты: люди с ролью «Тьютор» или «Методист» в "
        "реестре, а также тьюторы маршрутов, действовавших в периоде. И тех и других "
        "считают по месту работы, поэтому методисты регионального центра попадают в "
        "значение по региону, а не по муниципалитетам. Чем меньше значение, тем "
        "лучше; целевое значение по умолчанию — не более 250."
    )
    unit = _("чел.")
    kind = Kind.RATIO
    direction = Direction.AT_MOST
    default_target = Decimal("250")
    numerator_label = _("Педагогических и руководящих работников")
    denominator_label = _("Тьюторов и методистов")
    period_kind = Period.SCHOOL
    order = 340

    def numerator_queryset(self, period: Period) -> QuerySet:
        return population()

    def denominator_queryset(self, period: Period) -> QuerySet:
        return population().filter(is_tutor(period))
