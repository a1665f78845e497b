"""E-mails about an event itself, not one registration:

- to its participants when a published event changes what they planned around (time,
  place, format, the online link) or is postponed or cancelled;
- to the regional administrators of its region when an event waits for their approval.

What the participants were last told is kept in ``EventAnnouncement`` (the watched
facts of the live version), updated whenever a version goes live. Drafts, scheduled
versions that are not live yet, and purged revisions do not matter.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.signals import page_published, task_submitted

logger = logging.getLogger(__name__)

#: What participants plan around: a change to any of these is worth an e-mail.
WATCHED = (
    "start",
    "end",
    "time_zone",
    "venue",
    "address",
    "event_format",
    "online_url",
    "status",
)


def facts(event) -> dict:
    """The watched fields of ``event`` as JSON values."""
    values = {}
    for name in WATCHED:
        value = getattr(event, name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def changed_fields(old: dict, new: dict) -> list[str]:
    return [name for name in WATCHED if old.get(name) != new.get(name)]


def announce(event) -> list[str]:
    """Record the live version's facts; the watched fields that changed since the
    participants were last told (none on the first publication)."""
    from .models import EventAnnouncement

    new = facts(event)
    old = EventAnnouncement.objects.filter(event_id=event.pk).first()
    EventAnnouncement.objects.update_or_create(
        event_id=event.pk, defaults={"facts": new}
    )
    return changed_fields(old.facts, new) if old is not None else []


def _safely(send, *args) -> None:
    """After the commit the page is published whatever the mail server says: a
    failure is logged for the administrator, not shown to the editor as an error."""
    try:
        send(*args)
    except Exception:
        logger.exception("events: e-mail not sent (%s)", send.__name__)


def _subject(event, changed: list[str]) -> str:
    if "status" in changed and event.status == event.Status.CANCELLED:
        return _("Мероприятие отменено: %(title)s") % {"title": event.title}
    if "status" in changed and event.status == event.Status.POSTPONED:
        return _("Мероприятие перенесено: %(title)s") % {"title": event.title}
    return _("Изменения в мероприятии: %(title)s") % {"title": event.title}


def notify_participants(event, changed: list[str]) -> int:
    """One e-mail per live registration (each with its own ticket link), sent on one
    connection. Returns how many."""
    from .models import Registration
    from .registration import mail_context

    registrations = list(
        event.registrations.filter(status__in=Registration.ACTIVE).order_by("pk")
    )
    if not registrations:
        return 0
    subject = _subject(event, changed)
    messages = []
    for registration in registrations:
        registration.event = event
        context = {**mail_context(registration, "changed"), "changed": set(changed)}
        body = render_to_string("events/email/event_changed.txt", context)
        messages.append(EmailMessage(subject, body, None, [registration.email]))
    return get_connection().send_messages(messages) or 0


def on_event_published(sender, instance, revision, **kwargs):
    """Wagtail sends this also for a version scheduled for later: only a version that
    is live now is announced."""
    from .models import EventPage

    if not isinstance(instance, EventPage):
        return
    if not instance.live or instance.live_revision_id != revision.pk:
        return
    changed = announce(instance)
    if changed:
        transaction.on_commit(lambda: _safely(notify_participants, instance, changed))


def reviewers(event):
    """Who approves the event: the regional administrators of its region (active, with
    an e-mail); the superusers when the region has none."""
    from django.contrib.auth import get_user_model

    from portal.core.models import EditorRole

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    admins = users.filter(
        editor_roles__role=EditorRole.Role.REGIONAL_ADMIN,
        editor_roles__territory_id=event.region_id,
    ).distinct()
    return list(admins) or list(users.filter(is_superuser=True))


def on_task_submitted(sender, instance, user=None, **kwargs):
    """An event submitted to the regional centre: its reviewers get an e-mail. (The
    signal's sender is the task state's class, so the task is checked here; an event
    that needs no approval is approved at once, without an e-mail.)"""
    from .models.approval import RegionalApprovalTask, needs_approval, submitted

    if not isinstance(instance.task.specific, RegionalApprovalTask):
        return
    event = submitted(instance)
    if user is not None and not needs_approval(event, user):
        return
    recipients = [reviewer.email for reviewer in reviewers(event)]
    if not recipients:
        return
    context = {
        "event": event,
        "requester": user,
        "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("wagtailadmin_pages:edit", args=[event.pk]),
    }
    subject = _("Мероприятие ждёт согласования: %(title)s") % {"title": event.title}
    body = render_to_string("events/email/approval_request.txt", context)
    transaction.on_commit(lambda: _safely(send_mail, subject, body, None, recipients))


def connect() -> None:
    from .models import EventPage

    page_published.connect(on_event_published, sender=EventPage)
    task_submitted.connect(on_task_submitted)
