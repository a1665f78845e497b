"""Who is covered by support on a date: the one place that combines the records
entered here with the support other plugins' records show (``portal_support_sources``).

Everything is a condition on ``Person`` (``Exists`` over its pk), so the dashboard
counts covered young teachers per unit in one grouped query and the coordinator's list
annotates each person's forms without a query per row.
"""

import datetime

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import ExpressionWrapper
from django.utils.translation import gettext_lazy as _

from portal.core.models import Person
from portal.core.young import young_teacher_q
from portal.extensions.hooks import SupportSource, support_sources

from .models import SupportRecord, YoungTeacherCard


def records_on(on: datetime.date) -> QuerySet:
    """Support records running on the date."""
    return SupportRecord.objects.filter(start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def _manual(on: datetime.date):
    return Exists(records_on(on).filter(person=OuterRef("pk")))


#: The records of this plugin, as one more source (their forms vary per record).
MANUAL = SupportSource(
    code="young_teachers.records",
    form="",
    title=_("Записи о поддержке (школа, муниципалитет, импорт)"),
    condition=_manual,
)


def sources() -> list[SupportSource]:
    """This plugin's records first, then what the enabled plugins contribute."""
    return [MANUAL, *support_sources()]


def departed_q(on: datetime.date) -> Q:
    """People who left the profession or the region by the date (their card)."""
    return Q(
        Exists(
            YoungTeacherCard.objects.filter(
                person=OuterRef("pk"), left_on__isnull=False, left_on__lte=on
            )
        )
    )


def young_teachers(on: datetime.date, people: QuerySet | None = None) -> QuerySet:
    """Young teachers on the date (computed), without those who had left by then."""
    people = Person.objects.all() if people is None else people
    return people.filter(young_teacher_q(on)).exclude(departed_q(on))


def covered_q(on: datetime.date) -> Q:
    """Covered by at least one form of support on the date, from any source."""
    q = Q()
    for source in sources():
        q |= Q(source.condition(on))
    return q


def with_support(people: QuerySet, on: datetime.date) -> tuple[QuerySet, list]:
    """Annotate ``support_<n>`` (bool) per source; returns the queryset and the sources
    in annotation order. Manual records' own forms are read separately (``records_on``)."""
    found = sources()
    annotations = {
        f"support_{n}": ExpressionWrapper(Q(source.condition(on)), BooleanField())
        for n, source in enumerate(found)
    }
    return people.annotate(**annotations), found
