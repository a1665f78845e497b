"""What the communities plugin gives individual educational routes, through the typed
hooks only (the routes plugin never imports this one).

Offers (``portal_route_offers``): live public communities that help close the asked
deficits («какие дефициты помогает закрыть», ``CommunityPage.competences``), active and
taking members (not «по приглашению», ``CommunityPage.accepts_members``), of the
person's school, municipality, region and the federal ones (``young_support.around``),
closer first; not those the person already belongs to.

Progress (``portal_route_progress``): an active membership (``Membership.Status.ACTIVE``
with its ``joined_on``) completes ``communities:community:<page id>`` on the day the
person joined. A request or an invitation never counts.
"""

import re

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.models import Competence
from portal.extensions.hooks import RouteOffer, RouteProgress

from .models import CommunityPage, CommunityStatus, JoinMethod, Membership
from .young_support import around

PREFIX = "communities:community:"
KEY = re.compile(rf"{PREFIX}([0-9]+)")
# Closeness outweighs the rest; then the deficits closed, then how easy joining is.
NEARNESS = ((40, "organisation_id"), (30, "municipality_id"), (20, "region_id"))
FEDERAL = 10
DEFICIT_WEIGHT = 2  # per asked deficit the community closes, up to DEFICITS_CAP
DEFICITS_CAP = 3
OPEN_WEIGHT = 1


def _nearness(community: CommunityPage, organisation) -> tuple[int, str]:
    reasons = (
        _("Сообщество вашей организации"),
        _("В вашем муниципалитете"),
        _("В вашем регионе"),
    )
    mine = {
        "organisation_id": organisation.pk,
        "municipality_id": organisation.municipality_id,
        "region_id": organisation.region_id,
    }
    for (weight, column), reason in zip(NEARNESS, reasons, strict=True):
        if mine[column] and getattr(community, column) == mine[column]:
            return weight, reason
    return FEDERAL, _("Федеральное сообщество")


def route_offers(person, deficit_ids, today) -> list[RouteOffer]:
    """Communities for the deficits: a fixed number of queries whatever their number."""
    ids = list(deficit_ids)
    organisation = getattr(person, "organisation", None) if person else None
    if not ids or organisation is None:
        return []
    asked = Competence.objects.filter(pk__in=ids).order_by("name")
    matching = CommunityPage.competences.through.objects.filter(
        competence_id__in=ids
    ).values("communitypage_id")
    joined = Membership.objects.filter(
        person=person, status=Membership.Status.ACTIVE
    ).values("community_id")
    communities = (
        CommunityPage.objects.live()
        .public()
        .filter(pk__in=matching, status=CommunityStatus.ACTIVE)
        .exclude(join_method=JoinMethod.INVITATION)
        .exclude(pk__in=joined)
        .filter(
            around(
                organisation.region_id, organisation.municipality_id, organisation.pk
            )
        )
        .defer("description", "contacts")
        .prefetch_related(Prefetch("competences", queryset=asked))
        .order_by("title", "pk")
    )
    offers = []
    for community in communities:
        closes = list(community.competences.all())
        score, where = _nearness(community, organisation)
        score += DEFICIT_WEIGHT * min(len(closes), DEFICITS_CAP)
        names = ", ".join(f"«{c.name}»" for c in closes)
        reasons = [
            where,
            ngettext(
                "Закрывает дефицит %(names)s",
                "Закрывает дефициты %(names)s",
                len(closes),
            )
            % {"names": names},
        ]
        if community.join_method == JoinMethod.OPEN:
            score += OPEN_WEIGHT
            reasons.append(_("Свободное вступление"))
        else:
            reasons.append(_("Вступление по заявке"))
        offers.append(
            RouteOffer(
                key=f"{PREFIX}{community.pk}",
                kind="community",
                title=community.title,
                url=community.url or "",
                deficit_ids=tuple(c.pk for c in closes),
                level=community.level,
                score=score,
                reasons=tuple(reasons),
            )
        )
    return offers


def route_progress(keys, person_ids) -> list[RouteProgress]:
    """Active memberships among the keys: one query."""
    ids = {int(found[1]) for key in keys if (found := KEY.fullmatch(key))}
    if not ids or not person_ids:
        return []
    rows = Membership.objects.filter(
        community_id__in=ids,
        person_id__in=list(person_ids),
        status=Membership.Status.ACTIVE,
        joined_on__isnull=False,
    ).values_list("person_id", "community_id", "community__title", "joined_on")
    return [
        RouteProgress(
            key=f"{PREFIX}{community_id}",
            person_id=person_id,
            done_on=joined_on,
            evidence=_("Участник сообщества «%(title)s» с %(date)s")
            % {"title": title, "date": f"{joined_on:%d.%m.%Y}"},
        )
        for person_id, community_id, title, joined_on in rows
    ]
