"""E-mails about an event itself, not one registration:

- to its participants when a published event changes what they planned around (time,
  place, format, the online link) or is postponed or cancelled;
- to the regional administrators of its region when an event waits for their approval.

The old state of an event is the revision that was live before this publication (the
last «wagtail.publish» in its log: Wagtail logs the new one after the signal).
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, task_submitted

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


def previous_live(page, revision):
    """The event as it was published before ``revision``, or None (first publication)."""
    entry = (
        PageLogEntry.objects.filter(
            page_id=page.pk, action="wagtail.publish", revision__isnull=False
        )
        .exclude(revision_id=revision.pk)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry else None


def changed_fields(old, new) -> list[str]:
    return [name for name in WATCHED if getattr(old, name) != getattr(new, name)]


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
    from .models import EventPage

    if not isinstance(instance, EventPage):
        return
    old = previous_live(instance, revision)
    if old is None:
        return
    changed = changed_fields(old, instance)
    if changed:
        transaction.on_commit(lambda: notify_participants(instance, changed))


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
    from .models.approval import RegionalApprovalTask, needs_approval

    if not isinstance(instance.task.specific, RegionalApprovalTask):
        return
    event = instance.workflow_state.content_object.specific
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
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def connect() -> None:
    from .models import EventPage

    page_published.connect(on_event_published, sender=EventPage)
    task_submitted.connect(on_task_submitted)
