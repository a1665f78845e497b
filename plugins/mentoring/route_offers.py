"""What the mentoring plugin gives individual educational routes, through the typed
hooks only (the routes plugin never imports this one).

Offers (``portal_route_offers``): mentors of the person's region who pass on an asked
deficit (``Mentor.competences``) and may be offered publicly — an active registry
card whose person consented to show their name (``public.public_mentors``) — and take
new mentees with a free place now (``public.accepting_q``; their load is the one
``Mentor.with_load`` counts). Not the person themselves, not a mentor they already have
a live pair with. Same school first, then municipality, then the region; then the
deficits passed on and free places. Only what the public card shows is used.

Progress (``portal_route_progress``): a completed pair (``PairStatus.COMPLETED``) of
the mentor with the person as a mentee completes ``mentoring:mentor:<mentor id>`` on
the pair's actual end (its planned end, or the day it was closed, when not entered).
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.levels import Level
from portal.core.models import Person
from portal.extensions.hooks import RouteOffer, RouteProgress

from .models import Mentor, Pair, PairStatus
from .public import Registries, accepting_q, card_queryset, make_card, public_mentors

PREFIX = "mentoring:mentor:"
KEY = re.compile(rf"{PREFIX}([0-9]+)")
SAME_ORGANISATION, SAME_MUNICIPALITY, SAME_REGION = 40, 30, 20
DEFICIT_WEIGHT = 2  # per asked deficit the mentor passes on, up to DEFICITS_CAP
DEFICITS_CAP = 3
FREE_PLACES_CAP = 3  # one point per free place


def _nearness(mentor_organisation, organisation) -> tuple[int, str, str]:
    """Score, reason and level of a mentor's organisation seen from the person's."""
    if mentor_organisation.pk == organisation.pk:
        return (
            SAME_ORGANISATION,
            _("Наставник из вашей организации"),
            Level.INSTITUTIONAL,
        )
    if (
        organisation.municipality_id
        and mentor_organisation.municipality_id == organisation.municipality_id
    ):
        return SAME_MUNICIPALITY, _("В вашем муниципалитете"), Level.MUNICIPAL
    return SAME_REGION, _("В вашем регионе"), Level.REGIONAL


def route_offers(person, deficit_ids, today) -> list[RouteOffer]:
    """Mentors for the deficits: a fixed number of queries whatever their number."""
    ids = set(deficit_ids)
    organisation = getattr(person, "organisation", None) if person else None
    if not ids or organisation is None:
        return []
    passing = Mentor.competences.through.objects.filter(competence_id__in=ids)
    mine = Pair.objects.live().filter(mentees=person).values("mentor_id")
    mentors = (
        public_mentors()
        .filter(accepting_q(), person__organisation__region_id=organisation.region_id)
        .filter(pk__in=passing.values("mentor_id"))
        .exclude(person=person)
        .exclude(pk__in=mine)
    )
    registries = Registries()
    offers = []
    for mentor in card_queryset(mentors).order_by("pk"):
        card = make_card(mentor, registries.card_url(mentor))
        closes = [c for c in mentor.competences.all() if c.pk in ids]
        if card is None or not card.accepts or not closes:
            continue
        score, where, level = _nearness(mentor.person.organisation, organisation)
        score += DEFICIT_WEIGHT * min(len(closes), DEFICITS_CAP)
        score += min(card.free, FREE_PLACES_CAP)
        names = ", ".join(f"«{c.name}»" for c in closes)
        reasons = (
            where,
            ngettext(
                "Закрывает дефицит %(names)s",
                "Закрывает дефициты %(names)s",
                len(closes),
            )
            % {"names": names},
            _("Есть свободные места у наставника: %(free)s из %(capacity)s")
            % {"free": card.free, "capacity": mentor.capacity},
        )
        offers.append(
            RouteOffer(
                key=f"{PREFIX}{mentor.pk}",
                kind="mentoring",
                title=_("Наставник: %(name)s") % {"name": card.person["name"]},
                url=card.url,
                deficit_ids=tuple(c.pk for c in closes),
                level=level,
                score=score,
                reasons=reasons,
            )
        )
    return offers


def route_progress(keys, person_ids) -> list[RouteProgress]:
    """Completed pairs with the mentors among the keys: one query."""
    ids = {int(found[1]) for key in keys if (found := KEY.fullmatch(key))}
    if not ids or not person_ids:
        return []
    rows = Pair.mentees.through.objects.filter(
        person_id__in=list(person_ids),
        pair__mentor_id__in=ids,
        pair__status=PairStatus.COMPLETED,
    ).values_list(
        "person_id", "pair__mentor_id", "pair__actual_end_date",
        "pair__planned_end_date", "pair__updated_at", "pair__mentor__person__last_name",
        "pair__mentor__person__first_name", "pair__mentor__person__middle_name",
    )  # fmt: skip
    found = []
    for person_id, mentor_id, actual, planned, updated, *name in rows:
        mentor = Person(last_name=name[0], first_name=name[1], middle_name=name[2])
        done_on = actual or planned or timezone.localdate(updated)
        found.append(
            RouteProgress(
                key=f"{PREFIX}{mentor_id}",
                person_id=person_id,
                done_on=done_on,
                evidence=_("Наставничество завершено %(date)s (наставник %(name)s)")
                % {"date": f"{done_on:%d.%m.%Y}", "name": mentor.short_name},
            )
        )
    return found
