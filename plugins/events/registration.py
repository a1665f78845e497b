"""Registering for an event, cancelling, and the waiting list that moves up by itself.

Every change runs in one transaction that first locks the event's page row, so two
people asking for the last seat at once are served one after the other: one gets the
seat, the other the waiting list (PostgreSQL; SQLite serialises writers anyway).
E-mails leave after the commit, never for a change that was rolled back.
"""

import uuid

from django import forms
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .models import EventPage, Registration

CONSENT_TEXT = _(
    "Я согласен(на) на обработку моих персональных данных (ФИО, организация, должность, "
    "e-mail) организатором мероприятия для регистрации и участия в нём (152-ФЗ)."
)


CONSENT_TEXT_HEAD = _(
    "Я согласен(на) на обработку моих персональных данных (ФИО, организация, должность, "
    "e-mail) организатором мероприятия для регистрации и участия в нём и на передачу "
    "ФИО, организации и должности руководителю моей организации по указанному адресу "
    "для согласования участия (152-ФЗ)."
)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=255)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(
        label=_("Организация"), max_length=500, required=False
    )
    position = forms.CharField(label=_("Должность"), max_length=255, required=False)
    head_email = forms.EmailField(
        label=_("E-mail руководителя организации (или приёмной)"),
        help_text=_("Руководитель получит письмо и согласует ваше участие."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Без согласия на обработку данных регистрация невозможна.")},
    )  # fmt: skip

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is None or event.registration_mode != EventPage.RegistrationMode.HEAD:
            del self.fields["head_email"]
        else:
            self.fields["consent"].label = CONSENT_TEXT_HEAD

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_head_email(self):
        head_email = self.cleaned_data["head_email"].strip().lower()
        if head_email == self.cleaned_data.get("email"):
            raise forms.ValidationError(
                _(
                    "Укажите e-mail руководителя, а не свой: участие согласует руководитель."
                )
            )
        return head_email


class RegistrationClosed(Exception):
    """Registration is not open for this event (message in Russian)."""


class AlreadyRegistered(Exception):
    """This e-mail already holds a live registration for the event."""


def person_of(user):
    """The Person record of a signed-in user, if any."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def initial_for(user) -> dict:
    """A signed-in teacher registers in one click: the form filled from their profile."""
    person = person_of(user)
    if person is None:
        return {"email": getattr(user, "email", "")} if user.is_authenticated else {}
    organisation = person.organisation
    return {
        "name": person.full_name,
        "email": person.email or user.email,
        "organisation_name": str(organisation or ""),
        "position": person.position,
        "head_email": organisation.email if organisation else "",
    }


def _lock(event: EventPage) -> EventPage:
    """The event, re-read under a row lock on its page (serialises seat decisions)."""
    list(Page.objects.select_for_update().filter(pk=event.pk).values_list("pk"))
    return EventPage.objects.get(pk=event.pk)


def seats_taken(event: EventPage) -> int:
    return event.registrations.filter(status__in=Registration.SEATED).count()


def register(event: EventPage, data: dict, user=None) -> Registration:
    """Create a registration from cleaned RegistrationForm data; raises
    RegistrationClosed or AlreadyRegistered, writing nothing."""
    try:
        with transaction.atomic():
            event = _lock(event)
            if not event.registration_open:
                raise RegistrationClosed(_("Регистрация на это мероприятие закрыта."))
            if event.capacity is not None and seats_taken(event) >= event.capacity:
                status = Registration.Status.WAITLIST
            else:
                status = seated_status(event, data.get("head_email", ""))
            person = person_of(user)
            registration = Registration.objects.create(
                event=event,
                user=user if user and user.is_authenticated else None,
                person=person,
                name=data["name"],
                email=data["email"],
                organisation_name=data.get("organisation_name", ""),
                position=data.get("position", ""),
                head_email=data.get("head_email", ""),
                status=status,
                consent_at=timezone.now(),
            )
            if status == Registration.Status.HEAD:
                ask_head(registration)
            transaction.on_commit(lambda: notify(registration, "registered"))
    except IntegrityError as error:
        raise AlreadyRegistered(
            _("Этот e-mail уже зарегистрирован на мероприятие.")
        ) from error
    return registration


def cancel(registration: Registration) -> Registration | None:
    """The participant cancels; the first of the waiting list takes the freed seat.
    Returns the promoted registration, if any."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_related("event").get(
            pk=registration.pk
        )
        if registration.status not in Registration.ACTIVE:
            return None
        freed = registration.holds_seat
        registration.status = Registration.Status.CANCELLED
        registration.decided_at = timezone.now()
        registration.save(update_fields=["status", "decided_at"])
        transaction.on_commit(lambda: notify(registration, "cancelled"))
        promoted = promote(event) if freed else None
    return promoted


def seated_status(event: EventPage, head_email: str = "") -> str:
    """The status of a registration that got a seat, by the event's mode (read under
    the lock). Without a head's address (registered before the mode was switched to
    head approval) the organiser decides instead."""
    mode = event.registration_mode
    if mode == EventPage.RegistrationMode.HEAD and head_email:
        return Registration.Status.HEAD
    if mode in (EventPage.RegistrationMode.MODERATED, EventPage.RegistrationMode.HEAD):
        return Registration.Status.PENDING
    return Registration.Status.CONFIRMED


def ask_head(registration: Registration) -> None:
    """A seat that needs the head's consent: a fresh link for the head, by e-mail."""
    registration.head_token = uuid.uuid4()
    Registration.objects.filter(pk=registration.pk).update(
        head_token=registration.head_token
    )
    transaction.on_commit(lambda: notify_head(registration))


def promote(event: EventPage) -> Registration | None:
    """Give a free seat to the first of the waiting list (inside the caller's lock)."""
    if event.capacity is not None and seats_taken(event) >= event.capacity:
        return None
    first = event.registrations.filter(status=Registration.Status.WAITLIST).first()
    if first is None:
        return None
    first.status = seated_status(event, first.head_email)
    first.decided_at = timezone.now()
    first.save(update_fields=["status", "decided_at"])
    if first.status == Registration.Status.HEAD:
        ask_head(first)
    transaction.on_commit(lambda: notify(first, "promoted"))
    return first


def head_decide(registration: Registration, approve: bool) -> bool:
    """The head of the participant's organisation agrees (the participant is confirmed)
    or declines (the seat goes to the waiting list). False when the request is no longer
    waiting for them (decided already, cancelled)."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_related("event").get(
            pk=registration.pk
        )
        if registration.status != Registration.Status.HEAD:
            return False
        if not approve:
            registration.status = Registration.Status.REJECTED
        elif event.registration_mode == EventPage.RegistrationMode.MODERATED:
            registration.status = Registration.Status.PENDING  # the mode was switched
        else:
            registration.status = Registration.Status.CONFIRMED
        registration.decided_at = timezone.now()
        registration.save(update_fields=["status", "decided_at"])
        transaction.on_commit(lambda: notify(registration, "head"))
        if not approve:
            promote(event)
    return True


def decide(registration: Registration, status: str | None, attended: bool) -> None:
    """The organiser confirms, rejects (``status``; None keeps it) or marks attendance.
    The registration is read again under the lock, so a cancellation that came in
    meanwhile is not undone. A seat freed by a rejection goes to the waiting list; the
    participant is told by e-mail."""
    with transaction.atomic():
        event = _lock(registration.event)
        current = Registration.objects.get(pk=registration.pk)
        before = current.status
        current.attended = attended
        fields = ["attended"]
        if status is not None and status != before:
            current.status = status
            current.decided_at = timezone.now()
            fields += ["status", "decided_at"]
        current.save(update_fields=fields)
        registration.status, registration.attended = current.status, current.attended
        if current.status != before:
            current.event = event
            transaction.on_commit(lambda: notify(current, "decided"))
            if current.status == Registration.Status.HEAD and current.head_email:
                ask_head(current)
            if before in Registration.SEATED and not current.holds_seat:
                promote(event)


def send_reminders(now=None, hours: int = 24) -> int:
    """Remind confirmed participants of events starting within ``hours``; once each
    (``reminded_at``), so the command may run every hour from cron. Returns how many."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        event__status=EventPage.Status.SCHEDULED,
        event__live=True,
        event__start__gt=now,
        event__start__lte=now + timezone.timedelta(hours=hours),
    ).select_related("event")
    sent = 0
    for registration in due:
        notify(registration, "reminder")
        Registration.objects.filter(pk=registration.pk).update(reminded_at=now)
        sent += 1
    return sent


SUBJECTS = {
    ("reminder", "confirmed"): _("Напоминание: %(title)s"),
    ("decided", "confirmed"): _("Участие подтверждено: %(title)s"),
    ("decided", "rejected"): _("Заявка отклонена: %(title)s"),
    ("registered", "confirmed"): _("Вы зарегистрированы: %(title)s"),
    ("registered", "pending"): _("Заявка принята: %(title)s"),
    ("registered", "head"): _("Заявка направлена руководителю: %(title)s"),
    ("promoted", "head"): _("Освободилось место: %(title)s"),
    ("head", "confirmed"): _("Руководитель согласовал участие: %(title)s"),
    ("head", "rejected"): _("Руководитель не согласовал участие: %(title)s"),
    ("registered", "waitlist"): _("Вы в листе ожидания: %(title)s"),
    ("promoted", "confirmed"): _("Освободилось место: %(title)s"),
    ("promoted", "pending"): _("Освободилось место: %(title)s"),
    ("cancelled", "cancelled"): _("Регистрация отменена: %(title)s"),
}


def notify(registration: Registration, what: str) -> None:
    """The e-mail for a change of a registration (Russian, plain text)."""
    event = registration.event
    subject = SUBJECTS.get((what, registration.status))
    if subject is None:
        return
    send_mail(
        str(subject) % {"title": event.title},
        render_to_string(
            "events/email/registration.txt", mail_context(registration, what)
        ),
        None,
        [registration.email],
    )


def mail_context(registration: Registration, what: str) -> dict:
    event = registration.event
    event_url = event.full_url or event.url
    return {
        "registration": registration,
        "event": event,
        "what": what,
        "event_url": event_url,
        "ticket_url": f"{event_url}registered/{registration.token}/",
        "head_url": f"{event_url}head/{registration.head_token}/",
    }


def notify_head(registration: Registration) -> None:
    """The request to the head of the participant's organisation."""
    send_mail(
        str(_("Согласование участия сотрудника: %(title)s"))
        % {"title": registration.event.title},
        render_to_string(
            "events/email/head_request.txt", mail_context(registration, "head")
        ),
        None,
        [registration.head_email],
    )
