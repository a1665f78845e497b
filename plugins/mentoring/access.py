"""Who may see a pair and its plan (DOMAIN.md "Personal data"; issue: «nobody else sees
plans, self-assessments or meeting logs»).

* the pair's mentor, co-mentors and mentees (through ``Person.user``);
* coordinators: editors whose territorial scope covers the pair's organisation
  (school → its pairs, municipal office → its municipality, region → all);
* nobody else — other teachers, the public, search.
"""

from django.http import Http404

from portal.permissions.policy import CHANGE, VIEW, can

from .models import Pair

MENTOR, CO_MENTOR, MENTEE, COORDINATOR = "mentor", "co_mentor", "mentee", "coordinator"


def person_of(user):
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def pair_role(user, pair: Pair) -> str | None:
    """The user's role in the pair, or None when they may not see it."""
    person = person_of(user)
    if person is not None:
        if pair.mentor.person_id == person.pk:
            return MENTOR
        if pair.mentees.filter(pk=person.pk).exists():
            return MENTEE
        if pair.co_mentors.filter(pk=person.pk).exists():
            return CO_MENTOR
    if user is not None and user.is_authenticated and can(user, VIEW, pair):
        return COORDINATOR
    return None


def can_edit_plan(user, pair: Pair) -> bool:
    """Mentors and coordinators edit the plan; mentees add meetings and self-assessments."""
    role = pair_role(user, pair)
    if role in (MENTOR, CO_MENTOR):
        return True
    return role == COORDINATOR and can(user, CHANGE, pair)


def pair_for(user, pair_id: int) -> tuple[Pair, str]:
    """The pair and the user's role in it, or Http404 (never 403: a stranger must not
    learn that the pair exists)."""
    pair = (
        Pair.objects.select_related(
            "mentor__person", "form", "organisation", "programme"
        )
        .filter(pk=pair_id)
        .first()
    )
    if pair is None:
        raise Http404
    role = pair_role(user, pair)
    if role is None:
        raise Http404
    return pair, role
