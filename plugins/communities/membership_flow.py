"""The states of a membership and the e-mails that go with them.

One row per person and community (``Membership``): joining, a request, an invitation,
the leader's decision and leaving move that row between states, so a person who left
and comes back keeps one history line. Every change runs in a transaction that locks
the row; e-mails leave after the commit and a mail server's failure is logged, never
shown to the user as an error (as in ``plugins.events.changes``).

Used by the public views (``membership_views``), the head's tools (``manage``) and
the admin form (``views.MembershipAdminForm``).
"""

import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CommunityPage, Membership
from .models.taxonomy import CommunityStatus, JoinMethod

logger = logging.getLogger(__name__)

Status = Membership.Status


class MembershipError(Exception):
    """A change that is not possible now (message in Russian, shown to the user)."""


def today():
    return timezone.localdate()


def _locked(community: CommunityPage, person) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(community=community, person=person)
        .first()
    )


def _activate(row: Membership, user=None) -> None:
    """Active from today; a returning member starts a new period on the same row."""
    row.status = Status.ACTIVE
    if row.joined_on is None or row.left_on is not None:
        row.joined_on = today()
    row.left_on = None
    row.decided_at = timezone.now()
    if user is not None and user.is_authenticated:
        row.decided_by = user


# The person's own steps -------------------------------------------------------------


def join(community: CommunityPage, person, message: str = "") -> Membership:
    """«Вступить» (open community: active at once) or «Подать заявку» (requested).
    Accepting a pending invitation this way is allowed too."""
    if community.status == CommunityStatus.ARCHIVED:
        raise MembershipError(_("Сообщество в архиве и не принимает участников."))
    try:
        with transaction.atomic():
            row = _locked(community, person)
            if row is not None and row.status == Status.INVITED:
                _activate(row)
                row.save()
                return row
            if community.join_method == JoinMethod.INVITATION:
                raise MembershipError(
                    _("В это сообщество вступают только по приглашению.")
                )
            if row is not None and row.status == Status.ACTIVE:
                raise MembershipError(_("Вы уже участник этого сообщества."))
            if row is not None and row.status == Status.REQUESTED:
                raise MembershipError(_("Ваша заявка уже на рассмотрении."))
            if row is None:
                row = Membership(community=community, person=person)
            if row.status in (Status.LEFT, Status.DECLINED) or row.pk is None:
                row.role = Membership.Role.MEMBER
            row.message = message
            row.decided_by = None
            if community.join_method == JoinMethod.OPEN:
                _activate(row)
            else:
                row.status = Status.REQUESTED
                row.decided_at = None
            row.save()
            if row.status == Status.REQUESTED:
                transaction.on_commit(lambda: safely(notify_leaders, row))
    except IntegrityError as error:  # the same form sent twice at once
        raise MembershipError(_("Ваша заявка уже на рассмотрении.")) from error
    return row


def leave(community: CommunityPage, person) -> Membership | None:
    """«Выйти из сообщества» (active) or withdraw a pending request. A request of
    someone who never was a member leaves no trace; None then."""
    with transaction.atomic():
        row = _locked(community, person)
        if row is None or row.status not in (Status.ACTIVE, Status.REQUESTED):
            raise MembershipError(_("Вы не состоите в этом сообществе."))
        if row.status == Status.ACTIVE:
            row.status, row.left_on = Status.LEFT, today()
            row.save(update_fields=["status", "left_on"])
            return row
        return _withdraw(row)


def answer_invitation(community: CommunityPage, person, accept: bool) -> Membership:
    with transaction.atomic():
        row = _locked(community, person)
        if row is None or row.status != Status.INVITED:
            raise MembershipError(_("Приглашение не найдено или уже неактуально."))
        if accept:
            if community.status == CommunityStatus.ARCHIVED:
                raise MembershipError(
                    _("Сообщество в архиве и не принимает участников.")
                )
            _activate(row)
        else:
            row.status, row.decided_at = Status.DECLINED, timezone.now()
        row.save()
    return row


def _withdraw(row: Membership) -> Membership | None:
    """A request or an invitation taken back: a former member's row goes back to
    «left» (keeping the dates), anyone else's is removed."""
    if row.joined_on is None:
        row.delete()
        return None
    row.status = Status.LEFT
    row.left_on = row.left_on or today()
    row.save(update_fields=["status", "left_on"])
    return row


# The leaders' steps -----------------------------------------------------------------


def _row(membership: Membership, *statuses) -> Membership:
    row = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if row is None or row.status not in statuses:
        raise MembershipError(_("Запись изменилась: обновите страницу."))
    return row


def decide(membership: Membership, approve: bool, user) -> Membership:
    """The leader approves or declines a request; the person gets an e-mail."""
    with transaction.atomic():
        row = _row(membership, Status.REQUESTED)
        if approve:
            _activate(row, user)
        else:
            row.status, row.decided_at, row.decided_by = (
                Status.DECLINED,
                timezone.now(),
                user,
            )
        row.save()
        transaction.on_commit(lambda: safely(notify_person, row, "decided"))
    return row


def invite(community: CommunityPage, person, role: str, user) -> Membership:
    """Invite a person of the registry; the row is reused when they left or declined.
    Raises MembershipError for members, pending requests and pending invitations."""
    if community.status == CommunityStatus.ARCHIVED:
        raise MembershipError(_("Сообщество в архиве и не принимает участников."))
    try:
        with transaction.atomic():
            row = _locked(community, person) or Membership(
                community=community, person=person
            )
            if row.status == Status.ACTIVE and row.pk:
                raise MembershipError(
                    _("%(name)s уже участник сообщества.") % {"name": person}
                )
            if row.status == Status.INVITED and row.pk:
                raise MembershipError(
                    _("%(name)s уже приглашен(а).") % {"name": person}
                )
            if row.status == Status.REQUESTED and row.pk:
                raise MembershipError(
                    _("%(name)s уже подал(а) заявку: одобрите её в списке заявок.")
                    % {"name": person}
                )
            row.status, row.role, row.message = Status.INVITED, role, ""
            row.invited_by, row.decided_at, row.decided_by = user, None, None
            row.save()
            transaction.on_commit(lambda: safely(notify_person, row, "invited"))
    except IntegrityError as error:
        raise MembershipError(
            _("%(name)s уже приглашен(а).") % {"name": person}
        ) from error
    return row


def withdraw_invitation(membership: Membership) -> None:
    with transaction.atomic():
        _withdraw(_row(membership, Status.INVITED))


def change_role(membership: Membership, role: str) -> Membership:
    with transaction.atomic():
        row = _row(membership, Status.ACTIVE)
        row.role = role
        row.save(update_fields=["role"])
    return row


def remove(membership: Membership, user) -> Membership:
    """The leader ends someone's membership (status «left», today)."""
    with transaction.atomic():
        row = _row(membership, Status.ACTIVE)
        row.status, row.left_on = Status.LEFT, today()
        row.decided_at, row.decided_by = timezone.now(), user
        row.save()
    return row


# E-mails ----------------------------------------------------------------------------


def safely(send, *args) -> None:
    """The change is saved whatever the mail server says: a failure is logged."""
    try:
        send(*args)
    except Exception:
        logger.exception("communities: e-mail not sent (%s)", send.__name__)


def person_email(person) -> str:
    if person.email:
        return person.email
    user = person.user if person.user_id else None
    return getattr(user, "email", "") or ""


def leader_emails(community: CommunityPage) -> list[str]:
    """The active head and deputies, then the community's contact address."""
    rows = Membership.objects.filter(
        community=community, status=Status.ACTIVE, role__in=Membership.LEADERS
    ).select_related("person__user")
    emails = [person_email(row.person) for row in rows]
    emails.append(community.contact_email)
    seen, result = set(), []
    for email in emails:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            result.append(email)
    return result


def community_url(community: CommunityPage) -> str:
    return community.full_url or community.url or ""


def notify_leaders(row: Membership) -> None:
    """A new request: the leaders get a link to «Участники» of the head's tools."""
    community = row.community
    recipients = leader_emails(community)
    if not recipients:
        return
    url = community_url(community)
    context = {
        "membership": row,
        "community": community,
        "community_url": url,
        "manage_url": f"{url}manage/members/",
    }
    send_mail(
        _("Заявка на вступление в сообщество: %(title)s") % {"title": community.title},
        render_to_string("communities/email/request.txt", context),
        None,
        recipients,
    )


SUBJECTS = {
    Status.ACTIVE: gettext_lazy("Вы приняты в сообщество: %(title)s"),
    Status.DECLINED: gettext_lazy("Заявка на вступление отклонена: %(title)s"),
    Status.INVITED: gettext_lazy("Приглашение в сообщество: %(title)s"),
}


def notify_person(row: Membership, what: str) -> None:
    """A decision on the person's request, or an invitation (if they have an e-mail)."""
    email = person_email(row.person)
    subject = SUBJECTS.get(row.status)
    if not email or subject is None:
        return
    community = row.community
    url = community_url(community)
    context = {
        "membership": row,
        "community": community,
        "what": what,
        "community_url": url,
        "invitation_url": f"{url}invitation/",
    }
    send_mail(
        str(subject) % {"title": community.title},
        render_to_string("communities/email/person.txt", context),
        None,
        [email],
    )
