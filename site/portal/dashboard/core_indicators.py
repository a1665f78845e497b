"""The core's own indicators, declared in DashboardConfig.dashboard_indicators.

They prove the frame with data every installation has: the registry of
organisations and people. The registry keeps no history, so both show the
current state whatever the period.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.core.models import Organisation, Person

from .indicators import Kind, TerritorialIndicator
from .periods import Period


class OrganisationsCount(TerritorialIndicator):
    """Organisations in the registry, per territory."""

    code = "core.organisations"
    title = _("Организации в реестре")
    description = _("Число организаций в реестре портала (текущее состояние реестра).")
    unit = _("ед.")
    kind = Kind.COUNT
    order = 10

    def numerator_queryset(self, period: Period) -> QuerySet:
        return Organisation.objects.all()


class PeopleCount(TerritorialIndicator):
    """People (teachers, managers, methodists) in the registry, per territory."""

    code = "core.people"
    title = _("Педагогические и руководящие работники в реестре")
    description = _(
        "Число людей в реестре портала по месту работы (текущее состояние реестра)."
    )
    unit = _("чел.")
    kind = Kind.COUNT
    order = 20

    def numerator_queryset(self, period: Period) -> QuerySet:
        return Person.objects.all()
