"""Public registration views of an event page: register, the ticket page, cancel, the
head's approval page, the attendee's certificate."""

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .models import Registration
from .registration import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationForm,
    cancel,
    head_decide,
    register,
)


def register_view(event, request):
    if request.method != "POST":
        return redirect(event.url)
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = register(event, form.cleaned_data, request.user)
        except (RegistrationClosed, AlreadyRegistered) as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{event.url}registered/{registration.token}/")
    return event.render(request, context_overrides={"registration_form": form})


def _registration(event, token, field="token") -> Registration:
    try:
        return Registration.objects.select_related("event").get(
            event=event, **{field: token}
        )
    except Registration.DoesNotExist as error:
        raise Http404 from error


def ticket_view(event, request, token):
    registration = _registration(event, token)
    context = event.get_context(request)
    context.update(
        registration=registration,
        show_online_link=bool(event.online_url)
        and registration.status == Registration.Status.CONFIRMED,
    )
    if registration.holds_seat:
        from .organiser import checkin_qr_svg

        context["checkin_qr"] = checkin_qr_svg(request, registration)
    return TemplateResponse(request, "events/ticket.html", context)


def head_view(event, request, token):
    """The head of the participant's organisation agrees or declines (link by e-mail;
    the participant's own link cannot do this)."""
    registration = _registration(event, token, field="head_token")
    decided = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision in ("approve", "reject"):
            head_decide(registration, decision == "approve")
            registration.refresh_from_db()
            decided = decision
    context = event.get_context(request)
    context.update(registration=registration, decided=decided)
    return TemplateResponse(request, "events/head_approval.html", context)


def certificate_view(event, request, token):
    """An attendee's certificate of participation (PDF)."""
    from .certificates import certificates_pdf

    registration = _registration(event, token)
    if not registration.attended:
        raise Http404
    return pdf_response(
        certificates_pdf(event, [registration]), f"certificate-{registration.number}"
    )


def pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def cancel_view(event, request, token):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    registration = _registration(event, token)
    cancel(registration)
    return redirect(f"{event.url}registered/{registration.token}/")
