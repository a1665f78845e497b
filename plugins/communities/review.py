"""Expert review of best practices as a Wagtail workflow (003 §6.12).

Migration 0003 creates the group «Эксперты лучших практик» (admin access only), one
``ExpertReviewTask`` assigned to it and the workflow «Экспертиза лучшей практики»;
every practice catalogue gets that workflow (``assign_workflow``, on the catalogue's
first save), so the practices under it are submitted to the experts from the page
editor («Отправить на экспертизу»).

The practice's stage follows the review, always in revisions, never by rewriting the
live row (which is what the public sees):

* submitted → the submitted revision says «На экспертизе»; the published version
  keeps its stage until the review ends;
* approved → an ``ExpertReview`` (recommend, the expert's comment) and the revision
  that is published says «Рекомендована к распространению»;
* returned → an ``ExpertReview`` (revise, the comment, which the editor sees in the
  workflow history and in Wagtail's e-mail) and the draft goes back to the stage of the
  published version (a new practice: «Обобщена», the stage before review).

Experts open the editor of a practice under review (``user_can_access_editor``) and
act on it; they hold no page permissions, so they can do nothing else.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, WorkflowState

from .models.practices import ExpertReview, PracticePage
from .models.taxonomy import PracticeStage

EXPERTS_GROUP = "Эксперты лучших практик"
WORKFLOW_NAME = "Экспертиза лучшей практики"
TASK_NAME = "Экспертиза практики"


class ApprovalForm(forms.Form):
    comment = forms.CharField(
        label=_("Заключение эксперта"), required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Публикуется на странице практики без имени эксперта."),
    )  # fmt: skip


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Замечания эксперта"), widget=forms.Textarea({"rows": 4}),
        help_text=_("Что доработать; автор увидит замечания в истории экспертизы."),
    )  # fmt: skip


def set_revision_stage(revision, stage: str) -> None:
    """Write ``stage`` into a revision of a practice (its saved form data)."""
    if revision is None or revision.content.get("stage") == stage:
        return
    revision.content = {**revision.content, "stage": stage}
    revision.save(update_fields=["content"])


def stage_before_review(page: PracticePage) -> str:
    """The stage a practice returns to when the review does not end in a recommendation:
    that of the published version, else «Обобщена» (a practice is generalised before
    it goes to the experts)."""
    live = (
        PracticePage.objects.filter(pk=page.pk, live=True)
        .values_list("stage", flat=True)
        .first()
    )
    if live and live != PracticeStage.UNDER_REVIEW:
        return live
    return PracticeStage.GENERALISED


class ExpertReviewTask(AbstractGroupApprovalTask):
    """Reviewed by the members of the task's groups (the experts); a page that is not a
    practice (the catalogue itself, which carries the workflow) goes through at once."""

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object.specific
        if not isinstance(page, PracticePage):
            task_state.approve(user=user, update=False)  # the workflow moves on
        else:
            set_revision_stage(task_state.revision, PracticeStage.UNDER_REVIEW)
        return task_state

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        page = task_state.workflow_state.content_object.specific
        if isinstance(page, PracticePage) and action_name in ("approve", "reject"):
            approved = action_name == "approve"
            ExpertReview.objects.create(
                practice=page,
                reviewer=user,
                verdict=ExpertReview.Verdict.RECOMMEND
                if approved
                else ExpertReview.Verdict.REVISE,
                comments=kwargs.get("comment", ""),
            )
            # The latest revision is the one the finished workflow publishes
            # (wagtail.workflows.publish_workflow_state), edits made while approving
            # included.
            set_revision_stage(
                page.get_latest_revision(),
                PracticeStage.RECOMMENDED if approved else stage_before_review(page),
            )
            if approved:
                task_state.approve(user=user, update=False, **kwargs)
                # Experts hold no page permissions, and Wagtail publishes the end of a
                # workflow as the last approver, checking their publish permission:
                # the workflow moves on (and publishes) on its own; the approval stays
                # logged under the expert.
                task_state.workflow_state.update(user=None)
                return None
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Вернуть на доработку"), True),
                ("approve", _("Рекомендовать к распространению"), True),
            ]
        return []

    def get_form_for_action(self, action):
        return ReturnForm if action == "reject" else ApprovalForm

    @classmethod
    def get_description(cls):
        return _(
            "Эксперты выбранных групп дают заключение: рекомендовать практику "
            "к распространению или вернуть на доработку"
        )

    class Meta:
        verbose_name = _("экспертиза лучшей практики")
        verbose_name_plural = _("экспертизы лучших практик")


def assign_workflow(sender, instance, created=False, raw=False, **kwargs):
    """post_save of PracticeCatalogPage: a new catalogue gets the review workflow.

    A signal rather than Wagtail's ``after_create_page`` hook: that hook runs only in
    the admin's create view, and catalogues are also made by code (``portal demo``,
    copies of a section, tests). A catalogue that already has a workflow (an
    administrator chose another) keeps it; without the workflow (deleted or
    deactivated by an administrator) nothing is assigned.
    """
    from wagtail.models import Workflow, WorkflowPage

    if raw or not created:
        return
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(
            page_id=instance.pk, defaults={"workflow": workflow}
        )


def review_cancelled(sender, instance, **kwargs):
    """task_cancelled: a review cancelled (or cut short by publishing the page) leaves no
    «На экспертизе» behind, in the draft nor in the version just published. A task
    restarted on a new revision (the workflow still in progress) is left alone."""
    if not isinstance(instance.task.specific, ExpertReviewTask):
        return
    workflow_state = instance.workflow_state
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return
    page = workflow_state.content_object.specific
    if not isinstance(page, PracticePage):
        return
    stage = stage_before_review(page)
    set_revision_stage(page.get_latest_revision(), stage)
    if page.live and page.stage == PracticeStage.UNDER_REVIEW:
        set_revision_stage(page.live_revision, stage)
        PracticePage.objects.filter(pk=page.pk).update(stage=stage)


def connect() -> None:
    """Called from CommunitiesConfig.ready()."""
    from django.db.models.signals import post_save
    from wagtail.signals import task_cancelled

    from .models import PracticeCatalogPage

    post_save.connect(
        assign_workflow,
        sender=PracticeCatalogPage,
        dispatch_uid="communities-assign-review-workflow",
    )
    task_cancelled.connect(review_cancelled, dispatch_uid="communities-review-cancel")
