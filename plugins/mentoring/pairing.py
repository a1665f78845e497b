"""Registering a pair: the one place that enforces capacity and closes «нужен наставник».

Every way a pair comes to exist — the coordinator's hand assignment or accepted
suggestion, an accepted request, a spreadsheet row — goes through ``register_pair`` so
the rules hold everywhere: the mentor is active and not one of the mentees, their live
pairs leave room for the new mentees, and the mentees' open needs are closed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    LIVE_PAIR_STATUSES,
    Mentor,
    MentoringNeed,
    MentorStatus,
    Pair,
    PairStatus,
    Plan,
)


def loads(mentor_ids) -> dict[int, int]:
    """{mentor id: mentees in their live pairs}, one query for any number of mentors."""
    rows = (
        Pair.objects.filter(
            mentor_id__in=list(mentor_ids), status__in=LIVE_PAIR_STATUSES
        )
        .values("mentor_id")
        .annotate(n=Count("mentees", distinct=True))
    )
    return {row["mentor_id"]: row["n"] for row in rows}


def mentor_load(mentor: Mentor, exclude_pair: Pair | None = None) -> int:
    pairs = Pair.objects.filter(mentor=mentor, status__in=LIVE_PAIR_STATUSES)
    if exclude_pair is not None and exclude_pair.pk:
        pairs = pairs.exclude(pk=exclude_pair.pk)
    return pairs.aggregate(n=Count("mentees", distinct=True))["n"] or 0


def check_capacity(mentor: Mentor, new_mentees: int, pair: Pair | None = None) -> None:
    """Raise ValidationError when `new_mentees` more would exceed the mentor's capacity."""
    load = mentor_load(mentor, exclude_pair=pair)
    if load + new_mentees > mentor.capacity:
        raise ValidationError(
            _(
                "У наставника %(name)s нет свободных мест: ведёт %(load)s из "
                "%(capacity)s, а нужно ещё %(new)s."
            )
            % {
                "name": mentor.person.full_name,
                "load": load,
                "capacity": mentor.capacity,
                "new": new_mentees,
            },
            code="capacity",
        )


def validate_pair(
    mentor: Mentor, mentees, pair: Pair | None = None, status=None
) -> None:
    """All rules for a pair of `mentor` with `mentees` (people), in Russian."""
    mentees = list(mentees)
    if not mentees:
        raise ValidationError(_("Укажите хотя бы одного наставляемого."), code="empty")
    if any(p.pk == mentor.person_id for p in mentees):
        raise ValidationError(
            _("Наставник не может быть собственным наставляемым."), code="self"
        )
    live = status is None or status in LIVE_PAIR_STATUSES
    if not live:
        return
    if mentor.status != MentorStatus.ACTIVE:
        raise ValidationError(
            _("%(name)s сейчас не ведёт наставляемых (статус: %(status)s).")
            % {"name": mentor.person.full_name, "status": mentor.get_status_display()},
            code="inactive",
        )
    duplicate = (
        Pair.objects.live()
        .filter(mentor=mentor, mentees__in=[p.pk for p in mentees])
        .exclude(pk=getattr(pair, "pk", None))
        .values_list("mentees__last_name", flat=True)
        .first()
    )
    if duplicate:
        raise ValidationError(
            _("У наставника уже есть действующая пара с этим наставляемым (%(name)s).")
            % {"name": duplicate},
            code="duplicate",
        )
    check_capacity(mentor, len(mentees), pair=pair)


@transaction.atomic
def register_pair(
    *,
    mentor: Mentor,
    mentees,
    form,
    organisation=None,
    user=None,
    start_date: datetime.date | None = None,
    planned_end_date: datetime.date | None = None,
    programme=None,
    competences=(),
    status: str = PairStatus.ACTIVE,
    goal: str = "",
    co_mentors=(),
    mentor_organisation=None,
) -> Pair:
    """Create a pair (with its empty plan) after checking every rule; close the
    mentees' open needs. Raises ValidationError with a Russian message."""
    mentees = list(mentees)
    # Lock the mentor's row so two coordinators cannot both take the last place.
    mentor = (
        Mentor.objects.select_for_update().select_related("person").get(pk=mentor.pk)
    )
    validate_pair(mentor, mentees, status=status)
    start_date = start_date or timezone.localdate()
    if planned_end_date and planned_end_date < start_date:
        raise ValidationError(_("Плановое окончание раньше начала."), code="dates")
    pair = Pair.objects.create(
        mentor=mentor,
        form=form,
        organisation=organisation or mentees[0].organisation,
        start_date=start_date,
        planned_end_date=planned_end_date,
        programme=programme,
        status=status,
        goal=goal,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        mentor_organisation=mentor_organisation,
    )
    pair.mentees.set(mentees)
    if competences:
        pair.target_competences.set(competences)
    if co_mentors:
        pair.co_mentors.set(co_mentors)
    Plan.objects.create(pair=pair)
    MentoringNeed.objects.filter(
        person__in=[p.pk for p in mentees], closed_at__isnull=True
    ).update(closed_at=timezone.now(), pair=pair)
    return pair


def close_pair(
    pair: Pair, status: str, *, on=None, reason: str = "", outcome: str = ""
) -> Pair:
    """Complete or terminate a pair; terminated early needs a reason."""
    if status not in (PairStatus.COMPLETED, PairStatus.TERMINATED):
        raise ValueError(status)
    if status == PairStatus.TERMINATED and not reason.strip():
        raise ValidationError(
            _("Укажите причину досрочного прекращения."), code="reason"
        )
    pair.status = status
    pair.actual_end_date = on or timezone.localdate()
    if reason:
        pair.termination_reason = reason
    if outcome:
        pair.outcome = outcome
    pair.save()
    return pair


def person_pairs(person):
    """Pairs the person takes part in as mentor, co-mentor or mentee."""
    return Pair.objects.filter(
        Q(mentor__person=person) | Q(mentees=person) | Q(co_mentors=person)
    ).distinct()
