"""A route proposed from diagnosed deficits (issue 9, «Built for the teacher, not typed
by them»).

Every enabled plugin offers what closes a deficit through ``portal_route_offers``
(``portal.extensions.hooks.route_offers``); this plugin offers its own catalogue:
published programmes of the person's region and the federal ones, and internship
sites (organisations with the status «Стажировочная площадка») of the person's region.

Ranking (``propose``), per deficit: programmes, then events, communities, mentors and
internship sites; within a kind by the offering plugin's ``score``. A programme's
score puts federal-registry programmes first (``REGISTRY_WEIGHT`` outweighs the rest
together), then those with an open cohort, then those closing more of the asked
deficits, then the person's region's own. At most ``PORTAL_IOM_OFFERS_PER_DEFICIT``
offers per deficit; the best offer of each kind is kept before the remaining places go
by rank, so a rich programme catalogue never hides the only fitting event.

``build_route`` and ``adopt_template`` turn offers and typical routes into a draft
route whose steps carry ``source_key``, so ``progress.sync_routes`` marks them done.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, IntegerField, Max, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.levels import Level
from portal.core.models import Competence, Organisation
from portal.extensions.hooks import RouteOffer, route_offers
from portal.extensions.registry import plugin_setting
from portal.sections.models import OrganisationPage

from .models import (
    DEFAULT_FORM,
    Programme,
    ProgrammeCatalogPage,
    ProgrammeCohort,
    Route,
    RouteStep,
    StepKind,
)
from .progress import PROGRAMME_PREFIX, key_ids

INTERNSHIP_PREFIX = "iom:internship:"
#: The seeded organisation status of internship sites (core migration 0002).
INTERNSHIP_STATUS = "Стажировочная площадка"

# A programme's score: each step outweighs all later ones together.
REGISTRY_WEIGHT = 1000
OPEN_COHORT_WEIGHT = 100
DEFICIT_WEIGHT = 20  # per asked deficit the programme closes, up to DEFICITS_CAP
DEFICITS_CAP = 3
OWN_REGION_WEIGHT = 10
SAME_MUNICIPALITY_WEIGHT = 10  # an internship site in the person's municipality

#: The order of the kinds of offers for one deficit.
KIND_ORDER = {
    StepKind.PROGRAMME: 0,
    StepKind.EVENT: 1,
    StepKind.COMMUNITY: 2,
    StepKind.MENTORING: 3,
    StepKind.INTERNSHIP: 4,
}


@dataclass
class DeficitOffers:
    """One deficit and its ranked offers (possibly none)."""

    deficit: Competence
    offers: list[RouteOffer]


# The plugin's own offers ----------------------------------------------------------------
def _territory(person) -> tuple[int | None, int | None, int | None]:
    """(region, municipality, organisation) ids of the person's organisation."""
    organisation = getattr(person, "organisation", None) if person else None
    if organisation is None:
        return None, None, None
    return organisation.region_id, organisation.municipality_id, organisation.pk


def open_cohort(cohorts, today: datetime.date) -> ProgrammeCohort | None:
    """The earliest cohort one can still enrol in: its enrolment has not closed or,
    without an enrolment deadline, it has not started."""
    open_ = [c for c in cohorts if (c.enrolment_closes or c.start_date) >= today]
    return min(open_, key=lambda c: (c.start_date, c.pk), default=None)


def closes_reason(names: list[str]) -> str:
    quoted = ", ".join(f"«{name}»" for name in names)
    return ngettext(
        "Закрывает дефицит %(names)s", "Закрывает дефициты %(names)s", len(names)
    ) % {"names": quoted}


def catalogue_url(region_id) -> str:
    """The programme catalogue of the person's region, else a federal one (its own
    programme pages are ``<catalogue>/<id>/``)."""
    own_first = Case(
        When(region_id=region_id, municipality__isnull=True, then=0),
        When(region_id=region_id, then=1),
        default=2,
        output_field=IntegerField(),
    )
    page = (
        ProgrammeCatalogPage.objects.live()
        .public()
        .filter(Q(region__isnull=True) | Q(region_id=region_id))
        .annotate(own=own_first)
        .order_by("own", "path")
        .first()
    )
    return (page.url or "") if page is not None else ""


def programme_offer(programme: Programme, today, closes=(), base="") -> RouteOffer:
    """The offer of one programme; ``closes``: the asked deficits it closes, ``base``:
    the catalogue page its own page is under (else its enrolment or registry link)."""
    cohort = open_cohort(programme.cohorts.all(), today)
    score, reasons = DEFICIT_WEIGHT * min(len(closes), DEFICITS_CAP), []
    if programme.in_federal_registry:
        score += REGISTRY_WEIGHT
        reasons.append(_("Программа из федерального реестра"))
    if closes:
        reasons.append(closes_reason([d.name for d in closes]))
    if cohort is not None:
        score += OPEN_COHORT_WEIGHT
        reasons.append(
            _("Открыт набор: начало обучения %(date)s")
            % {"date": f"{cohort.start_date:%d.%m.%Y}"}
        )
    if programme.region_id is not None:
        score += OWN_REGION_WEIGHT
        reasons.append(_("Программа вашего региона"))
    if programme.distance:
        reasons.append(_("Можно учиться дистанционно"))
    return RouteOffer(
        key=f"{PROGRAMME_PREFIX}{programme.pk}",
        kind=StepKind.PROGRAMME.value,
        title=programme.title,
        url=f"{base}{programme.pk}/"
        if base
        else programme.enrolment_url or programme.registry_url,
        deficit_ids=tuple(d.pk for d in closes),
        level=Level.REGIONAL.value if programme.region_id else Level.FEDERAL.value,
        starts=cohort.start_date if cohort else None,
        ends=cohort.end_date if cohort else None,
        hours=programme.hours,
        score=score,
        reasons=tuple(reasons),
    )


def programme_offers(person, deficit_ids, today) -> list[RouteOffer]:
    """Published programmes closing any of the deficits, federal or of the person's
    region: three queries whatever their number, and one for the catalogue page."""
    region_id = _territory(person)[0]
    asked = Competence.objects.filter(pk__in=deficit_ids).order_by("name")
    closing = Programme.deficits.through.objects.filter(competence_id__in=deficit_ids)
    programmes = list(
        Programme.objects.filter(published=True, pk__in=closing.values("programme_id"))
        .filter(Q(region__isnull=True) | Q(region_id=region_id))
        .defer("description")
        .prefetch_related(Prefetch("deficits", queryset=asked), "cohorts")
        .order_by("-in_federal_registry", "title", "pk")
    )
    base = catalogue_url(region_id) if programmes else ""
    return [
        programme_offer(p, today, closes=list(p.deficits.all()), base=base)
        for p in programmes
    ]


def internship_offers(person, deficit_ids) -> list[RouteOffer]:
    """Internship sites of the person's region other than their own organisation,
    those of their municipality first (two queries). A site addresses every deficit:
    what is learnt there is agreed with the site."""
    region_id, municipality_id, organisation_id = _territory(person)
    if region_id is None:
        return []
    limit = plugin_setting("iom", "OFFERS_PER_DEFICIT")
    sites = list(
        Organisation.objects.filter(
            region_id=region_id, statuses__name=INTERNSHIP_STATUS
        )
        .exclude(pk=organisation_id)
        .annotate(
            near=Case(
                When(municipality_id=municipality_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("near", "name", "pk")
        .distinct()[:limit]
    )
    if not sites:
        return []
    pages = {
        page.organisation_id: page
        for page in OrganisationPage.objects.live()
        .public()
        .filter(organisation_id__in=[s.pk for s in sites])
    }
    offers = []
    for site in sites:
        near = municipality_id is not None and site.municipality_id == municipality_id
        page = pages.get(site.pk)
        offers.append(
            RouteOffer(
                key=f"{INTERNSHIP_PREFIX}{site.pk}",
                kind=StepKind.INTERNSHIP.value,
                title=_("Стажировка: %(name)s")
                % {"name": site.short_name or site.name},
                url=(page.url or "") if page is not None else site.website,
                deficit_ids=tuple(deficit_ids),
                level=Level.INSTITUTIONAL.value,
                score=SAME_MUNICIPALITY_WEIGHT if near else 0,
                reasons=(
                    _("Стажировочная площадка в вашем муниципалитете")
                    if near
                    else _("Стажировочная площадка в вашем регионе"),
                ),
            )
        )
    return offers


def catalogue_offers(person, deficit_ids, today) -> list[RouteOffer]:
    """This plugin's answer to ``portal_route_offers``."""
    ids = sorted({int(pk) for pk in deficit_ids})
    if not ids:
        return []
    today = today or timezone.localdate()
    return programme_offers(person, ids, today) + internship_offers(person, ids)


# Ranking ----------------------------------------------------------------------------------
def rank_key(offer: RouteOffer):
    return (
        KIND_ORDER.get(offer.kind, len(KIND_ORDER)),
        -offer.score,
        offer.starts or datetime.date.max,
        offer.title,
        offer.key,
    )


def pick(ranked: list[RouteOffer], limit: int) -> list[RouteOffer]:
    """The best offer of each kind, then the best of the rest, in rank order."""
    chosen, kinds = [], set()
    for offer in ranked:
        if offer.kind not in kinds and len(chosen) < limit:
            kinds.add(offer.kind)
            chosen.append(offer)
    for offer in ranked:
        if len(chosen) >= limit:
            break
        if offer not in chosen:
            chosen.append(offer)
    return sorted(chosen, key=rank_key)


def propose(person, deficit_ids, today=None) -> list[DeficitOffers]:
    """For each deficit (in the taxonomy's order) its ranked offers from every
    enabled plugin; a deficit nothing closes comes with an empty list."""
    ids = sorted({int(pk) for pk in deficit_ids or ()})
    if not ids:
        return []
    today = today or timezone.localdate()
    deficits = list(Competence.objects.filter(pk__in=ids).select_related("area"))
    ranked = sorted(route_offers(person, ids, today), key=rank_key)
    limit = plugin_setting("iom", "OFFERS_PER_DEFICIT")
    return [
        DeficitOffers(
            deficit=deficit,
            offers=pick([o for o in ranked if deficit.pk in o.deficit_ids], limit),
        )
        for deficit in deficits
    ]


# Routes from offers and typical routes ------------------------------------------------
def step_fields(offer: RouteOffer) -> dict:
    """RouteStep fields from an offer."""
    kind = offer.kind if offer.kind in StepKind.values else StepKind.OTHER
    return {
        "kind": kind,
        "learning_form": DEFAULT_FORM[StepKind(kind)],
        "title": offer.title[:500],
        "url": offer.url[:1000],
        "source_key": offer.key[:100],
        "programme_id": next(iter(key_ids([offer.key], PROGRAMME_PREFIX)), None),
        "hours": offer.hours,
        "planned_start": offer.starts,
        "planned_end": offer.ends or offer.starts,
    }


def add_offer_step(route: Route, offer: RouteOffer, deficit) -> RouteStep:
    """Append a step made from ``offer`` to the route (``deficit``: a Competence, its
    id or None)."""
    last = route.steps.aggregate(last=Max("order"))["last"]
    return RouteStep.objects.create(
        route=route,
        order=0 if last is None else last + 1,
        deficit_id=getattr(deficit, "pk", deficit),
        **step_fields(offer),
    )


def _dates(route: Route, steps: list[RouteStep], today) -> None:
    planned = [d for s in steps for d in (s.planned_start, s.planned_end) if d]
    route.start_date = min([today, *planned])
    route.end_date = max(planned) if planned else None
    route.save(update_fields=["start_date", "end_date", "updated_at"])


def _create(route: Route, deficit_ids, steps: list[RouteStep], today) -> Route:
    route.save()
    route.deficits.set(deficit_ids)
    for order, step in enumerate(steps):
        step.route, step.order = route, order
    RouteStep.objects.bulk_create(steps)
    _dates(route, steps, today)
    return route


@transaction.atomic
def build_route(
    owner, *, diagnostic=None, deficit_ids=None, keys=None, tutor=None, user=None,
    today=None,
) -> Route:  # fmt: skip
    """A draft route for the deficits (the diagnostic's when not given): for each,
    steps for the offers among its proposals whose keys are chosen, or its top offer
    when ``keys`` is None. An offer closing several deficits becomes one step, tied
    to the first of them; a deficit whose top offer is already taken gets its next.
    ``user`` is who builds it (kept for the callers' symmetry; a route records its
    owner, not its author)."""
    today = today or timezone.localdate()
    if deficit_ids is None:
        deficit_ids = (
            list(diagnostic.deficits.values_list("pk", flat=True)) if diagnostic else []
        )
    chosen = None if keys is None else set(keys)
    steps, used = [], set()
    for item in propose(owner, deficit_ids, today):
        fresh = [o for o in item.offers if o.key not in used]
        picked = fresh[:1] if chosen is None else [o for o in fresh if o.key in chosen]
        for offer in picked:
            used.add(offer.key)
            steps.append(RouteStep(deficit=item.deficit, **step_fields(offer)))
    route = Route(
        owner=owner, diagnostic=diagnostic, tutor=tutor, status=Route.Status.DRAFT
    )
    return _create(route, [int(pk) for pk in deficit_ids], steps, today)


@transaction.atomic
def adopt_template(owner, template_page, *, user=None, today=None) -> Route:
    """The owner's draft route from a typical route: its deficits, and its steps in
    order. A step naming a programme becomes that programme's step (dates of its open
    cohort); a generic event, community, mentoring or internship step is bound to the
    best not yet used offer of that kind for its deficit, when there is one, so that it
    marks itself done too; otherwise it is copied as it is. ``user``: as in
    ``build_route``."""
    today = today or timezone.localdate()
    deficit_ids = list(template_page.deficits.values_list("pk", flat=True))
    template_steps = list(
        template_page.steps.select_related("programme")
        .prefetch_related("programme__cohorts")
        .order_by("sort_order", "pk")
    )
    asked = set(deficit_ids) | {s.deficit_id for s in template_steps if s.deficit_id}
    offers = {item.deficit.pk: item.offers for item in propose(owner, asked, today)}
    everything = {o.key: o for found in offers.values() for o in found}
    steps, used = [], set()
    for source in template_steps:
        offer = None
        if source.programme_id:
            key = f"{PROGRAMME_PREFIX}{source.programme_id}"
            offer = everything.get(key) or programme_offer(source.programme, today)
        elif source.kind in KIND_ORDER:
            offer = next(
                (
                    o
                    for o in offers.get(source.deficit_id, [])
                    if o.kind == source.kind and o.key not in used
                ),
                None,
            )
        if offer is not None:
            used.add(offer.key)
            fields = step_fields(offer)
            fields["learning_form"] = source.learning_form
            fields["hours"] = source.hours or offer.hours
        else:
            fields = {
                "kind": source.kind,
                "learning_form": source.learning_form,
                "title": source.title,
                "hours": source.hours,
            }
        steps.append(RouteStep(deficit_id=source.deficit_id, **fields))
    route = Route(
        owner=owner, template=template_page, title=template_page.title[:500],
        status=Route.Status.DRAFT,
    )  # fmt: skip
    return _create(route, deficit_ids, steps, today)
