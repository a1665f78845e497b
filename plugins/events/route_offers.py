"""What the events plugin gives individual educational routes, through the typed hooks
only (the routes plugin never imports this one).

Offers (``portal_route_offers``): live public events that help close the asked
deficits («какие дефициты помогает закрыть», ``EventPage.competences``), not cancelled,
starting today or later, with a registration one can still ask for (open or not yet
open, not closed). Where: the events the person's school calendar shows (their
school's, municipality's, region's and federal ones, ``young_support.around``) and
online or hybrid events of any territory that are not a school's own. Closer ranks
higher: the person's school, their municipality, their region, then elsewhere.

Progress (``portal_route_progress``): a registration of the person (by the person, or
by their user account) marked present by the organiser (``Registration.attended``)
completes ``events:event:<page id>`` on the day the event ended.
"""

import datetime as dt
import re

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.levels import Level
from portal.core.models import Competence, Person
from portal.extensions.hooks import RouteOffer, RouteProgress

from .forms import zone_named
from .models import EventPage, Registration
from .models.taxonomy import EventFormat
from .young_support import around

PREFIX = "events:event:"
KEY = re.compile(rf"{PREFIX}([0-9]+)")
# Closeness outweighs the rest; then the deficits closed, then free seats.
NEARNESS = ((40, "organisation_id"), (30, "municipality_id"), (20, "region_id"))
ELSEWHERE = 10
DEFICIT_WEIGHT = 2  # per asked deficit the event closes, up to DEFICITS_CAP
DEFICITS_CAP = 3
WAITLIST_PENALTY = 5
REMOTE = (EventFormat.ONLINE, EventFormat.HYBRID)


def _where(person) -> tuple[Q, dict]:
    """Which events the person may go to, and their territory."""
    organisation = getattr(person, "organisation", None) if person else None
    if organisation is None:
        return Q(region__isnull=True) | Q(event_format__in=REMOTE), {}
    mine = {
        "organisation_id": organisation.pk,
        "municipality_id": organisation.municipality_id,
        "region_id": organisation.region_id,
    }
    near = around(organisation.region_id, organisation.municipality_id, organisation.pk)
    return near | Q(event_format__in=REMOTE, organisation__isnull=True), mine


def _nearness(event: EventPage, mine: dict) -> tuple[int, str]:
    reasons = (
        _("В вашей организации"),
        _("В вашем муниципалитете"),
        _("В вашем регионе"),
    )
    for (weight, column), reason in zip(NEARNESS, reasons, strict=True):
        if mine.get(column) and getattr(event, column) == mine[column]:
            return weight, reason
    if event.region_id is None:
        return ELSEWHERE, _("Всероссийское мероприятие")
    return ELSEWHERE, _("Дистанционное участие")


def upcoming_events(where: Q, deficit_ids, today: dt.date):
    """Live public events ``where``, for the deficits, from ``today`` on, not
    cancelled, whose registration is open or will open."""
    since = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    matching = EventPage.competences.through.objects.filter(
        competence_id__in=deficit_ids
    ).values("eventpage_id")
    return (
        EventPage.objects.live()
        .public()
        .filter(pk__in=matching, start__gte=since)
        .exclude(status=EventPage.Status.CANCELLED)
        .exclude(registration_mode=EventPage.RegistrationMode.NONE)
        .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gte=since))
        .filter(where)
    )


def route_offers(person, deficit_ids, today) -> list[RouteOffer]:
    """Upcoming events for the deficits: a fixed number of queries whatever their number."""
    ids = list(deficit_ids)
    if not ids:
        return []
    today = today or timezone.localdate()
    where, mine = _where(person)
    asked = Competence.objects.filter(pk__in=ids).order_by("name")
    events = (
        upcoming_events(where, ids, today)
        .annotate(
            seated=Count(
                "registrations",
                filter=Q(registrations__status__in=Registration.SEATED),
            )
        )
        .defer("description", "results")
        .prefetch_related(Prefetch("competences", queryset=asked))
        .order_by("start", "pk")
    )
    offers = []
    for event in events:
        closes = [c.name for c in event.competences.all()]
        score, where = _nearness(event, mine)
        reasons = [
            where,
            ngettext(
                "Закрывает дефицит %(names)s",
                "Закрывает дефициты %(names)s",
                len(closes),
            )
            % {"names": ", ".join(f"«{name}»" for name in closes)},
        ]
        score += DEFICIT_WEIGHT * min(len(closes), DEFICITS_CAP)
        if event.event_format in REMOTE and event.region_id is not None:
            reasons.append(_("Можно участвовать дистанционно"))
        if event.capacity is not None and event.seated >= event.capacity:
            score -= WAITLIST_PENALTY
            reasons.append(_("Мест нет: можно записаться в лист ожидания"))
        elif event.capacity is not None:
            reasons.append(
                _("Свободных мест: %(count)s")
                % {"count": event.capacity - event.seated}
            )
        end = event.local_end or event.local_start
        offers.append(
            RouteOffer(
                key=f"{PREFIX}{event.pk}",
                kind="event",
                title=event.title,
                url=event.url or "",
                deficit_ids=tuple(c.pk for c in event.competences.all()),
                level=event.level if event.level in Level.values else Level.FEDERAL,
                starts=event.local_start.date(),
                ends=end.date(),
                score=score,
                reasons=tuple(reasons),
            )
        )
    return offers


def route_progress(keys, person_ids) -> list[RouteProgress]:
    """Attended events among the keys: two queries."""
    ids = {int(found[1]) for key in keys if (found := KEY.fullmatch(key))}
    person_ids = list(person_ids)
    if not ids or not person_ids:
        return []
    by_user = dict(
        Person.objects.filter(pk__in=person_ids, user__isnull=False).values_list(
            "user_id", "pk"
        )
    )
    rows = (
        Registration.objects.filter(event_id__in=ids, attended=True)
        .filter(Q(person_id__in=person_ids) | Q(user_id__in=list(by_user)))
        .values_list(
            "person_id", "user_id", "event_id", "event__title", "event__start",
            "event__end", "event__time_zone",
        )
    )  # fmt: skip
    found = []
    for person_id, user_id, event_id, title, start, end, zone in rows:
        person_id = person_id if person_id in person_ids else by_user.get(user_id)
        if person_id is None:
            continue
        found.append(
            RouteProgress(
                key=f"{PREFIX}{event_id}",
                person_id=person_id,
                done_on=(end or start).astimezone(zone_named(zone)).date(),
                evidence=_("Посещение отмечено организатором: «%(title)s»")
                % {"title": title},
            )
        )
    return found
