"""The mentoring plugin's dashboard indicator (docs/dashboard.md), declared in
``MentoringConfig.dashboard_indicators``.

«Доля молодых педагогов, имеющих наставника»: of the people who are young teachers
(computed: under 35 and in the first 3 years, ``portal.core.young``) on the period's
end date — the dashboard's rule for stock indicators — how many had a mentor that day:
a pair covering the day by its period, not by a flag (``needs.has_mentor_q``). Both
the young-teacher rule and the coverage need the date, so the querysets are built per
period; the dashboard groups them by unit through ``Person``'s territory paths
(organisation → its municipality → its region), one query per queryset and level.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.core.models import Person
from portal.core.young import young_teacher_q
from portal.dashboard.indicators import Kind, TerritorialIndicator
from portal.dashboard.periods import Period

from .needs import has_mentor_q


class YoungTeachersWithMentor(TerritorialIndicator):
    """Share of young teachers who have a mentor (DOMAIN.md "Young teachers",
    "Mentoring"); grouped by the young teacher's organisation."""

    code = "mentoring.young_with_mentor"
    title = _("Доля молодых педагогов, имеющих наставника")
    description = _(
        "Молодые педагоги (до 35 лет, первые 3 года работы) на последний день "
        "периода, у которых в этот день есть наставник — наставническая пара, "
        "действующая в этот день."
    )
    unit = "%"
    kind = Kind.SHARE
    numerator_label = _("Имеют наставника")
    denominator_label = _("Молодых педагогов")
    period_kind = Period.SCHOOL
    order = 300

    def denominator_queryset(self, period: Period) -> QuerySet:
        return Person.objects.filter(young_teacher_q(period.end))

    def numerator_queryset(self, period: Period) -> QuerySet:
        on = period.end
        return Person.objects.filter(young_teacher_q(on)).filter(has_mentor_q(on))
