"""What mentoring gives the young-teacher support plugin, through the typed hooks only
(that plugin never imports this one).

* A support source: a pair that covers the date with the person as a mentee counts as
  «Непрерывное образование … наставничество» (``continuous-education``). Coverage is
  read from the pair's period (``needs.covering_pairs``), the same rule as the
  mentoring indicator, so a young teacher who had a mentor in September is covered on a
  September date of a past report even if the pair has ended since.
* A coordinator's action on the coverage list: «Подобрать наставника» opens the
  «Нужен наставник» pick page for the person. Offered only to an editor whose scope
  covers the person, and only while the person has no live pair as a mentee. The list
  asks once per row: who has a live pair is read in one query per request for the
  whole scope and kept on the request, so a page of a hundred rows costs one query,
  not a hundred.
* The young teachers' public section: consenting mentors of its territory who take
  mentees now, with links to their cards on the mentors' registry. Only what
  ``Person.public_data`` allows; never a pair or a mentee.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.extensions.hooks import PersonAction, SectionPanel, SupportSource
from portal.permissions.policy import VIEW, can, scope_for, scope_queryset

from .models import Pair
from .needs import covering_pairs
from .public import (
    Registries,
    Territory,
    accepting_q,
    card_queryset,
    make_card,
    public_mentors,
)

#: Mentors shown on the young teachers' section (the registry lists them all).
PANEL_SIZE = 6
_LIVE_MENTEES = "_mentoring_live_mentees"


# Support source ----------------------------------------------------------------------
def has_pair(on: datetime.date) -> Exists:
    """People who were a mentee of a pair covering the date."""
    return Exists(covering_pairs(on).filter(mentees=OuterRef("pk")))


def support_sources() -> list[SupportSource]:
    return [
        SupportSource(
            code="mentoring.pair",
            form="continuous-education",
            title=gettext_lazy("Наставничество (пара с наставником)"),
            condition=has_pair,
        )
    ]


# Coordinator's action ----------------------------------------------------------------
def live_mentees(request) -> frozenset[int]:
    """Ids of the people in the user's scope who are mentees of a live pair; one query
    per request, kept on the request."""
    found = getattr(request, _LIVE_MENTEES, None)
    if found is None:
        people = scope_queryset(request.user, Person.objects.all(), VIEW)
        live = Pair.objects.live().filter(mentees=OuterRef("pk"))
        found = frozenset(
            people.filter(Exists(live)).order_by().values_list("pk", flat=True)
        )
        setattr(request, _LIVE_MENTEES, found)
    return found


def person_actions(person, request) -> list[PersonAction]:
    user = getattr(request, "user", None)
    if not scope_for(user).is_editor or not can(user, VIEW, person):
        return []
    if person.pk in live_mentees(request):
        return []
    try:
        url = reverse("mentoring_needs:pick", args=[person.pk])
    except NoReverseMatch:  # the admin is not mounted (a bare test site)
        return []
    return [PersonAction(title=_("Подобрать наставника"), url=url, order=10)]


# The young teachers' section ---------------------------------------------------------
def audience_panels(audience: str, page, request) -> list[SectionPanel]:
    """«Наставники, принимающие наставляемых» of the page's territory (its
    ``SectionTerritory`` columns: a region lists the whole region, a municipality its
    schools, a school its own mentors). Five queries whatever the number of mentors."""
    if audience != "young" or not hasattr(page, "region_id"):
        return []
    territory = Territory.of(page)
    offered = public_mentors().filter(accepting_q(), territory.q())
    mentors = list(
        card_queryset(offered).order_by(
            "person__last_name", "person__first_name", "pk"
        )[:PANEL_SIZE]
    )
    total = len(mentors)
    if total == PANEL_SIZE:
        total = offered.count()
    registries = Registries()
    cards = [
        card
        for mentor in mentors
        if (card := make_card(mentor, registries.card_url(mentor))) is not None
    ]
    registry = registries.covering(territory)
    if not cards and registry is None:
        return []
    return [
        SectionPanel(
            title=_("Наставники, принимающие наставляемых"),
            template="mentoring/young_panel.html",
            context={"mentors": cards, "total": total, "registry": registry},
            order=30,
        )
    ]
