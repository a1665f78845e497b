"""The young-teacher plugin's dashboard indicators (docs/dashboard.md), declared in
``YoungTeachersConfig.dashboard_indicators``.

**Coverage** («Доля молодых педагогов, охваченных формами поддержки», target 70 %,
001 L388): of the young teachers on the counting day, how many had at least one form of
support that day. Both sides come from ``support`` — ``young_teachers(on)`` (computed
from birth date and career start, minus those who had left) and ``covered_q(on)`` (this
plugin's records and every other plugin's ``SupportSource``) — so the dashboard, the
coordinator's list and its summary can never disagree.

**Retention** («Закрепление молодых педагогов в профессии»): cohorts of first-year young
teachers one, two and three years before the counting day, and the share of them who
had not left by then (``YoungTeacherCard.left_on``). ``retention_q`` / ``RETENTION_YEARS``
are shared with the coordinator's summary, which shows each cohort separately.

The counting day is the period's end, or today when the period has not ended yet (a
stock counted on a day to come would count people who may still leave). The
dashboard groups the ``Person`` querysets by unit through Person's territory paths
(organisation → municipality → region): two grouped queries per level.
"""

import datetime
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import Person
from portal.core.young import years_before, young_teacher_q
from portal.dashboard.indicators import Kind, TerritorialIndicator
from portal.dashboard.periods import Period

from .support import covered_q, departed_q, young_teachers

#: Retention is shown after these numbers of full years.
RETENTION_YEARS = (1, 2, 3)


def counting_day(period: Period) -> datetime.date:
    """The day a stock is counted on: the period's end, or today if that is earlier."""
    return min(period.end, timezone.localdate())


def cohort_q(on: datetime.date, years: int) -> Q:
    """People who were young teachers in their first year of work exactly `years`
    years before `on`: on that day under 35, started within the year before it."""
    then = years_before(on, years)
    return young_teacher_q(then) & Q(career_start_date__gt=years_before(then, 1))


def cohorts_q(on: datetime.date, years=RETENTION_YEARS) -> Q:
    """The cohorts of `years` together (they do not overlap)."""
    return reduce(or_, (cohort_q(on, n) for n in years))


class YoungTeachersCovered(TerritorialIndicator):
    """Share of young teachers covered by at least one form of support (DOMAIN.md
    "Young teachers"); grouped by the young teacher's organisation."""

    code = "young_teachers.covered"
    title = _("Доля молодых педагогов, охваченных формами поддержки")
    description = _(
        "Молодые педагоги (до 35 лет, первые 3 года работы, не выбывшие) на последний "
        "день периода (или на сегодня, если период не закончился), у которых в этот "
        "день есть хотя бы одна форма поддержки: запись о поддержке, внесённая школой, "
        "муниципалитетом или загруженная из таблицы, а также поддержка, которую "
        "показывают другие разделы портала (наставничество, мероприятия для молодых "
        "педагогов, объединения молодых педагогов)."
    )
    unit = "%"
    kind = Kind.SHARE
    default_target = Decimal("70")
    numerator_label = _("Охвачено поддержкой")
    denominator_label = _("Молодых педагогов")
    period_kind = Period.SCHOOL
    order = 280

    def denominator_queryset(self, period: Period) -> QuerySet:
        return young_teachers(counting_day(period))

    def numerator_queryset(self, period: Period) -> QuerySet:
        on = counting_day(period)
        return young_teachers(on).filter(covered_q(on))


class YoungTeachersRetention(TerritorialIndicator):
    """Share of young teachers who stayed in the profession and the region after one
    to three years; grouped by the organisation they work (or worked) in."""

    code = "young_teachers.retention"
    title = _("Закрепление молодых педагогов в профессии")
    description = _(
        "Берутся педагоги, которые ровно 1, 2 или 3 года назад (от последнего дня "
        "периода или от сегодня, если период не закончился) были молодыми педагогами "
        "первого года работы: тогда им не было 35 лет и с начала педагогической "
        "работы прошло меньше года. Значение — доля тех из них, кто не выбыл к этому "
        "дню: в карточке молодого педагога нет даты выбытия или она позже."
    )
    unit = "%"
    kind = Kind.SHARE
    numerator_label = _("Остались в профессии")
    denominator_label = _("Начинали работу 1–3 года назад")
    period_kind = Period.SCHOOL
    order = 290

    def denominator_queryset(self, period: Period) -> QuerySet:
        return Person.objects.filter(cohorts_q(counting_day(period)))

    def numerator_queryset(self, period: Period) -> QuerySet:
        on = counting_day(period)
        return Person.objects.filter(cohorts_q(on)).exclude(departed_q(on))
