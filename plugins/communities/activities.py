"""«Мои сообщества» on a teacher's profile (the portal_person_activities hook)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.extensions.hooks import PersonActivity

from .models import Membership

#: What the profile says about each state of a membership.
KINDS = {
    Membership.Status.ACTIVE: None,  # the role: «Участник», «Руководитель»…
    Membership.Status.REQUESTED: gettext_lazy("Заявка на вступление в сообщество"),
    Membership.Status.INVITED: gettext_lazy("Приглашение в сообщество"),
}


def person_activities(person) -> list[PersonActivity]:
    memberships = (
        Membership.objects.filter(person=person, status__in=list(KINDS))
        .filter(community__live=True)
        .select_related("community")
        .order_by("community__title")
    )
    activities = []
    for membership in memberships:
        community = membership.community
        if membership.is_active:
            kind = _("Сообщество: %(role)s") % {"role": membership.get_role_display()}
            url = community.url
        else:
            kind = str(KINDS[membership.status])
            url = (
                f"{community.url}invitation/"
                if membership.status == (Membership.Status.INVITED)
                else community.url
            )
        activities.append(
            PersonActivity(
                kind=kind,
                title=community.title,
                url=url or "",
                start=membership.joined_on,
                end=membership.left_on,
            )
        )
    return activities
