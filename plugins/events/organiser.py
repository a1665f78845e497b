"""Organiser tools in the admin: the check-in page (made for a phone at the door) and
the certificates of the attendees, and the QR code on a ticket that opens check-in.

Only those who may change the event's registrations (its territory's editors,
`docs/permissions.md`) reach these pages: participants' personal data stays with the
event's organisers.
"""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.imports.normalise import key
from portal.permissions.policy import CHANGE, can

from .models import EventPage, Registration
from .participation import pdf_response
from .registration import decide

#: Most people listed at once (a search narrows the list).
SHOWN = 300
#: Who is expected at the door: everyone holding a seat, and whoever was marked.
AT_THE_DOOR = Q(status__in=Registration.SEATED) | Q(attended=True)


def organises(user, event: EventPage) -> bool:
    """May ``user`` see and change the participants of ``event``?"""
    return can(user, CHANGE, Registration(event=event))


def _event(request, event_id: int) -> EventPage:
    event = get_object_or_404(EventPage, pk=event_id)
    if not organises(request.user, event):
        raise PermissionDenied
    return event


#: Check-in codes are signed registration ids: the QR code on a ticket must not carry
#: the ticket's own token, which also cancels and opens the ticket page.
CHECKIN = signing.Signer(salt="events.checkin")


def checkin_code(registration: Registration) -> str:
    return CHECKIN.sign(str(registration.pk))


def _registration_id(code: str | None) -> int | None:
    """The registration id of a scanned check-in code, or None if it is not one."""
    try:
        value = CHECKIN.unsign((code or "").strip())
    except signing.BadSignature:
        return None
    return int(value) if value.isascii() and value.isdigit() else None


def checkin_view(request, event_id: int):
    """Participants at the door: search by name or e-mail (case and ё folded, in
    Python: one query whatever the database), a scanned ticket (``?code=``) first; one
    button per person marks them present."""
    event = _event(request, event_id)
    expected = list(event.registrations.filter(AT_THE_DOOR).order_by("name", "pk"))
    query = request.GET.get("q", "").strip()
    participants = expected
    if query:
        wanted = key(query)
        participants = [
            person
            for person in expected
            if wanted in key(person.name) or wanted in key(person.email)
        ]
    scanned = None
    code = request.GET.get("code")
    if code:
        registration_id = _registration_id(code)
        scanned = next((p for p in expected if p.pk == registration_id), None)
        if scanned is None:
            messages.error(
                request, _("Билет не найден среди участников этого мероприятия.")
            )
    context = {
        "event": event,
        "participants": participants[:SHOWN],
        "shown_all": len(participants) <= SHOWN,
        "query": query,
        "scanned": scanned,
        "present": sum(person.attended for person in expected),
        "expected": len(expected),
        "page_title": _("Отметка участников"),
        "page_subtitle": event.title,
        "header_icon": "tick",
    }
    return TemplateResponse(request, "events/admin/checkin.html", context)


@require_POST
def mark_view(request, event_id: int, registration_id: int):
    event = _event(request, event_id)
    registration = get_object_or_404(
        event.registrations.filter(AT_THE_DOOR), pk=registration_id
    )
    attended = request.POST.get("attended") == "1"
    decide(registration, None, attended)
    if attended:
        messages.success(
            request, _("%(name)s: присутствие отмечено.") % {"name": registration.name}
        )
    else:
        messages.info(
            request, _("%(name)s: отметка снята.") % {"name": registration.name}
        )
    back = reverse("events_checkin", args=[event.pk])
    query = request.POST.get("q")
    return redirect(f"{back}?{urlencode({'q': query})}" if query else back)


def certificates_view(request, event_id: int):
    """Certificates of everyone marked present, one PDF."""
    from .certificates import certificates_pdf

    event = _event(request, event_id)
    attendees = list(event.registrations.filter(attended=True).order_by("name", "pk"))
    if not attendees:
        messages.warning(
            request, _("Никто не отмечен как присутствовавший: сертификатов нет.")
        )
        return redirect("events_checkin", event.pk)
    return pdf_response(certificates_pdf(event, attendees), f"certificates-{event.pk}")


def checkin_qr_svg(request, registration: Registration) -> str:
    """The QR code on a ticket: the organiser's camera opens check-in on this ticket."""
    url = request.build_absolute_uri(
        reverse("events_checkin", args=[registration.event_id])
    )
    code = segno.make(
        f"{url}?{urlencode({'code': checkin_code(registration)})}", error="m"
    )
    return code.svg_inline(scale=4, title=_("Код для отметки на входе"))
