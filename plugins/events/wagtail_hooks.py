"""Admin hooks of the events plugin: regional-level events go to the regional centre;
the organiser's check-in and certificates pages and their buttons on event pages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page, Workflow

from portal.permissions.policy import scope_for

from . import organiser
from .models import EventPage
from .models.approval import WORKFLOW_NAME, needs_approval


@hooks.register("register_admin_urls")
def organiser_urls():
    return [
        path(
            "events/<int:event_id>/checkin/",
            organiser.checkin_view,
            name="events_checkin",
        ),
        path(
            "events/<int:event_id>/checkin/<int:registration_id>/",
            organiser.mark_view,
            name="events_checkin_mark",
        ),
        path(
            "events/<int:event_id>/certificates.pdf",
            organiser.certificates_view,
            name="events_certificates",
        ),
    ]


def _organiser_buttons(page, user, priority: int, check: bool):
    """Participants, check-in, certificates. ``check`` reads the event (one page's
    header); a listing of many events shows them to editors without reading each
    page (the views check permissions anyway)."""
    if page.specific_class is not EventPage or not scope_for(user).is_editor:
        return
    if check:
        event = page.specific_deferred
        if event.registration_mode == EventPage.RegistrationMode.NONE:
            return
        if not organiser.organises(user, event):
            return
    participants = reverse("wagtailsnippets_events_registration:list")
    yield Button(
        _("Участники"), f"{participants}?event={page.pk}", icon_name="group",
        priority=priority,
    )  # fmt: skip
    yield Button(
        _("Отметка на входе"), reverse("events_checkin", args=[page.pk]),
        icon_name="tick", priority=priority + 1,
    )  # fmt: skip
    yield Button(
        _("Сертификаты (PDF)"), reverse("events_certificates", args=[page.pk]),
        icon_name="doc-full", priority=priority + 2,
    )  # fmt: skip


@hooks.register("register_page_listing_more_buttons")
def organiser_listing_buttons(page, user, next_url=None):
    yield from _organiser_buttons(page, user, priority=70, check=False)


@hooks.register("register_page_header_buttons")
def organiser_header_buttons(page, user, view_name, next_url=None):
    yield from _organiser_buttons(page, user, priority=80, check=True)


@hooks.register("before_publish_page")
def send_regional_events_for_approval(request, page):
    """«Опубликовать» on an event that needs the centre's approval: the draft is kept
    and submitted to the approval workflow instead (the editor sees where it stands)."""
    if not needs_approval(page, request.user):
        return None
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is None:  # the workflow was switched off by the administrators
        return None
    if page.first_published_at is None and page.live:
        # Wagtail's create view adds the page as live before it publishes; a page that
        # was never published must not be visible while it waits.
        Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        page.live, page.has_unpublished_changes = False, True
    if page.current_workflow_state is None:
        workflow.start(page, request.user)
    messages.warning(
        request,
        _(
            "Мероприятие «%(title)s» регионального уровня отправлено на согласование "
            "в региональный центр и будет опубликовано после одобрения."
        )
        % {"title": page.title},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_urls")
def young_invite_urls():
    """«Пригласить на мероприятие» from the young teachers' coverage list."""
    from .young_support import invite_view

    return [
        path(
            "events/young/<int:person_id>/invite/",
            invite_view,
            name="events_young_invite",
        )
    ]
