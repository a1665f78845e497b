"""The page's «Руководство» (``head``, ``deputies``) kept in step with the memberships.

Editors name the head and deputies on the community page; when a version goes live
(Wagtail's ``page_published``, connected in ``CommunitiesConfig.ready``) those people
get active memberships with that role, so they can use the head's tools at once. A
former leader the page no longer names stays in the community as a member (not
removed); a leader role is never given to anyone the page does not name.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import CommunityPage, Membership

logger = logging.getLogger(__name__)

Role, Status = Membership.Role, Membership.Status


def wanted_roles(community: CommunityPage) -> dict[int, str]:
    """person id → leader role the live page gives them (the head wins over deputy)."""
    roles = dict.fromkeys(community.deputies.values_list("pk", flat=True), Role.DEPUTY)
    if community.head_id:
        roles[community.head_id] = Role.HEAD
    return roles


@transaction.atomic
def sync_leaders(community: CommunityPage) -> None:
    """Give the page's head and deputies active memberships with their role; leaders
    the page no longer names become members."""
    wanted = wanted_roles(community)
    today = timezone.localdate()
    rows = {
        row.person_id: row
        for row in Membership.objects.select_for_update().filter(
            Q(person_id__in=list(wanted)) | Q(role__in=Membership.LEADERS),
            community=community,
        )
    }
    for person_id, role in wanted.items():
        row = rows.get(person_id) or Membership(
            community=community, person_id=person_id
        )
        changed = row.pk is None or row.role != role or not row.is_active
        if not changed:
            continue
        if not row.is_active:
            row.joined_on = (
                today if row.joined_on is None or row.left_on else row.joined_on
            )
            row.left_on = None
            row.status = Status.ACTIVE
            row.decided_at = timezone.now()
        row.role = role
        row.save()
    for person_id, row in rows.items():
        if person_id not in wanted and row.role in Membership.LEADERS:
            logger.info(
                "communities: %s is no longer a leader of %s, now a member",
                row.person_id,
                community.pk,
            )
            row.role = Role.MEMBER
            row.save(update_fields=["role"])


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    """Only the version that is live now counts (Wagtail also sends this signal for
    a version scheduled for later)."""
    if not isinstance(instance, CommunityPage) or not instance.live:
        return
    if revision is not None and instance.live_revision_id != revision.pk:
        return
    sync_leaders(instance)


def connect() -> None:
    from wagtail.signals import page_published

    page_published.connect(
        on_page_published, sender=CommunityPage, dispatch_uid="communities_leaders"
    )
