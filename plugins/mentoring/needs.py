"""Who needs a mentor: the coordinator's «нужен наставник» list (RECT-style).

A person needs a mentor while they have no live pair as a mentee and either
  * they are a young teacher today (computed: under 35, first 3 years) and have never
    had a pair that was not terminated early, or
  * an open ``MentoringNeed`` was recorded for them.
Registering a pair (``pairing.register_pair``) closes the open needs, so the person
leaves the list; nobody falls through because the list is computed, not kept.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from portal.core.models import Person
from portal.core.young import young_teacher_q

from .models import LIVE_PAIR_STATUSES, MentoringNeed, Pair, PairStatus


def needs_mentor(
    people: QuerySet | None = None, on: datetime.date | None = None
) -> QuerySet:
    """People (of `people`, all by default) who need a mentor on `on`, annotated with
    ``is_young`` and ``has_open_need``. One query."""
    on = on or timezone.localdate()
    people = Person.objects.all() if people is None else people
    live = Pair.objects.filter(mentees=OuterRef("pk"), status__in=LIVE_PAIR_STATUSES)
    had = Pair.objects.filter(mentees=OuterRef("pk")).exclude(
        status=PairStatus.TERMINATED
    )
    open_need = MentoringNeed.objects.filter(
        person=OuterRef("pk"), closed_at__isnull=True
    )
    young = young_teacher_q(on)
    return (
        people.annotate(
            is_young=Case(
                When(young, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            has_open_need=Exists(open_need),
        )  # fmt: skip
        .filter(~Exists(live))
        .filter((young & ~Exists(had)) | Q(has_open_need=True))
    )


def covering_pairs(on: datetime.date) -> QuerySet:
    """Pairs that gave their mentees a mentor on `on` (by their period, not a flag):
    started by then, not merely proposed, and not ended before."""
    return (
        Pair.objects.filter(start_date__lte=on)
        .exclude(status=PairStatus.PROPOSED)
        .filter(Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=on))
    )


def has_mentor_q(on: datetime.date, prefix: str = "") -> Q:
    """People (at `prefix`) who had a mentor on `on`; for coverage shares."""
    return Q(Exists(covering_pairs(on).filter(mentees=OuterRef(f"{prefix}pk"))))
