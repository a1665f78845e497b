"""Admin hooks of the events plugin: regional-level events go to the regional centre."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, Workflow

from .models.approval import WORKFLOW_NAME, needs_approval


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
