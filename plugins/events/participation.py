"""Public registration views of an event page: register, the ticket page, cancel."""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .models import Registration
from .registration import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationForm,
    cancel,
    register,
)


def register_view(event, request):
    if request.method != "POST":
        return redirect(event.url)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            registration = register(event, form.cleaned_data, request.user)
        except (RegistrationClosed, AlreadyRegistered) as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{event.url}registered/{registration.token}/")
    return event.render(request, context_overrides={"registration_form": form})


def _registration(event, token) -> Registration:
    try:
        return Registration.objects.select_related("event").get(
            event=event, token=token
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
    return TemplateResponse(request, "events/ticket.html", context)


def cancel_view(event, request, token):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    registration = _registration(event, token)
    cancel(registration)
    return redirect(f"{event.url}registered/{registration.token}/")
