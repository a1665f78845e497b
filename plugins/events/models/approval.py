"""Approval of events of regional or higher level by the regional centre (001 L270).

A municipal editor who publishes such an event sends it, instead, through the
«Согласование с региональным центром» workflow (wagtail_hooks.before_publish_page);
its one task is reviewed by the regional administrators of the event's region.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from portal.core.models import EditorRole

#: Levels a municipal office may not publish by itself.
APPROVED_LEVELS = ("regional", "interregional", "federal")
WORKFLOW_NAME = "Согласование с региональным центром"


def is_regional_admin(user, region_id) -> bool:
    if user.is_superuser:
        return True
    if region_id is None:
        return False
    return EditorRole.objects.filter(
        user=user, role=EditorRole.Role.REGIONAL_ADMIN, territory_id=region_id
    ).exists()


def needs_approval(page, user) -> bool:
    """An event of regional or higher level published by someone who is not a regional
    administrator of its region."""
    from .pages import EventPage

    page = page.specific
    return (
        isinstance(page, EventPage)
        and page.level in APPROVED_LEVELS
        and not is_regional_admin(user, page.region_id)
    )


def submitted(task_state):
    """The event as submitted (its revision), not the live row: a live municipal event
    raised to regional level is still municipal in the database."""
    if task_state.revision_id is not None:
        return task_state.revision.as_object()
    return task_state.workflow_state.content_object.specific


class RegionalApprovalTask(Task):
    """Reviewed by the regional administrators of the event's region; anything that does
    not need their approval goes through at once."""

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        if user is not None and not needs_approval(submitted(task_state), user):
            task_state.approve(user=user)
        return task_state

    def _reviews(self, obj, user) -> bool:
        return is_regional_admin(user, getattr(obj.specific, "region_id", None))

    def user_can_access_editor(self, obj, user):
        return self._reviews(obj, user)

    def get_actions(self, obj, user):
        if self._reviews(obj, user):
            return [
                ("reject", _("Вернуть на доработку"), True),
                ("approve", _("Согласовать и опубликовать"), False),
                ("approve", _("Согласовать с комментарием"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        regions = EditorRole.objects.filter(
            user=user, role=EditorRole.Role.REGIONAL_ADMIN
        ).values_list("territory_id", flat=True)
        from .pages import EventPage

        pages = EventPage.objects.filter(region_id__in=regions).values_list(
            "pk", flat=True
        )
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in pages])

    @classmethod
    def get_description(cls):
        return _("Согласуют региональные администраторы региона мероприятия")

    class Meta:
        verbose_name = _("согласование с региональным центром")
        verbose_name_plural = _("согласования с региональным центром")
