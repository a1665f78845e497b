"""A person's mentoring pairs on «Мой профиль» (the ``portal_person_activities`` hook).

Each pair the person takes part in — as lead mentor, co-mentor or mentee — becomes a
``PersonActivity`` with its period and a link to the pair's plan. The profile is the
person's own page and the plan page checks who asks (``access.pair_for``), so the
link reveals nothing to anyone else. Two queries whatever the number of pairs.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.core.models import Person
from portal.extensions.hooks import PersonActivity

from .pairing import person_pairs


def _names(people) -> str:
    return ", ".join(p.short_name for p in people)


def person_activities(person) -> list[PersonActivity]:
    pairs = (
        person_pairs(person)
        .select_related("mentor__person")
        .prefetch_related(
            Prefetch("mentees", queryset=Person.objects.order_by("last_name"))
        )
        .order_by("-start_date", "pk")
    )
    activities = []
    for pair in pairs:
        mentees = list(pair.mentees.all())
        if any(p.pk == person.pk for p in mentees):
            kind = _("Наставляемый(ая)")
            title = _("наставник %(name)s") % {"name": pair.mentor.person.short_name}
        elif pair.mentor.person_id == person.pk:
            kind = _("Наставник")
            title = _names(mentees)
        else:
            kind = _("Наставник (в команде)")
            title = _names(mentees)
        title = f"{title} ({pair.get_status_display().lower()})"
        activities.append(
            PersonActivity(
                kind=kind,
                title=title,
                url=reverse("mentoring:pair", args=[pair.pk]),
                start=pair.start_date,
                end=pair.actual_end_date or pair.planned_end_date,
            )
        )
    return activities
