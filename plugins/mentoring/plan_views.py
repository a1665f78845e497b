"""The individual mentoring plan of a pair (``/mentoring/pairs/<id>/``, ``mentoring:pair``).

Private (DOMAIN.md "Personal data"): ``access.pair_for`` lets in the pair's mentor,
co-mentors and mentees and the coordinators whose scope covers the pair's
organisation; anyone else gets 404, an anonymous visitor the login page.

Who may do what on the page:

* mentors, co-mentors and coordinators who may change the pair
  (``access.can_edit_plan``) edit goals, target competences and tasks, and fill the
  plan from a template;
* a mentee updates a task's status and result and records their own self-assessment;
* the pair's people (mentor, co-mentors, mentees) add meetings to the log;
* a coordinator (``CHANGE`` on the pair) pauses and resumes the pair, completes it
  with an outcome or terminates it early with a reason (``pairing.close_pair``).

Every change is a POST with an ``action`` field, goes through a form of ``forms``,
runs in a transaction and ends with a redirect; invalid input re-renders the page
with the Russian errors next to the fields. The page works without JavaScript
(editing a task opens a ``<details>`` block) and reads a fixed number of queries
whatever the number of tasks, meetings and self-assessments.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.models import Competence
from portal.core.post_actions import PostActions
from portal.permissions.policy import CHANGE, can

from . import access, pairing, plan_templates
from .forms import (
    MeetingForm,
    PlanForm,
    SelfAssessmentForm,
    StatusForm,
    TaskForm,
    TaskProgressForm,
    TemplateForm,
    model_choices,
    preset,
)
from .models import PairStatus, Plan, PlanTask, SelfAssessment, TaskStatus

CLOSED_TASKS = (TaskStatus.DONE, TaskStatus.CANCELLED)


@dataclass(frozen=True)
class Rights:
    """What the signed-in user may do on this pair's plan."""

    role: str
    edit_plan: bool
    manage: bool

    @property
    def is_mentee(self) -> bool:
        return self.role == access.MENTEE

    @property
    def member(self) -> bool:
        return self.role in (access.MENTOR, access.CO_MENTOR, access.MENTEE)

    @property
    def update_tasks(self) -> bool:
        return self.edit_plan or self.is_mentee

    @property
    def is_coordinator(self) -> bool:
        return self.role == access.COORDINATOR or self.manage


def rights_for(user, pair, role) -> Rights:
    return Rights(
        role=role,
        edit_plan=access.can_edit_plan(user, pair),
        manage=can(user, CHANGE, pair),
    )


class PlanPage(PostActions):
    """One request to the plan page: the pair, the user's rights, the POST handlers
    and the context. Lists several forms share are read once (cached properties)."""

    #: action → (who may, handler name)
    ACTIONS = {
        "plan": ("edit_plan", "save_plan"),
        "template": ("edit_plan", "apply_template"),
        "add_task": ("edit_plan", "add_task"),
        "edit_task": ("edit_plan", "edit_task"),
        "delete_task": ("edit_plan", "delete_task"),
        "task_progress": ("update_tasks", "task_progress"),
        "add_meeting": ("member", "add_meeting"),
        "self_assessment": ("is_mentee", "self_assessment"),
        "status": ("manage", "change_status"),
    }

    def __init__(self, request, pair, role):
        self.request = request
        self.user = request.user
        self.pair = pair
        self.rights = rights_for(request.user, pair, role)
        self.person = access.person_of(request.user)
        self.plan = (
            Plan.objects.select_related("template").filter(pair=pair).first()
            or Plan.objects.create(pair=pair)  # a pair saved before plans existed
        )
        self.bound: dict[str, object] = {}  # forms sent back with their errors
        self.url = reverse("mentoring:pair", args=[pair.pk])
        self.today = timezone.localdate()

    # Shared lists -------------------------------------------------------------------

    @cached_property
    def competence_choices(self) -> list:
        return model_choices(Competence.objects.all())

    @cached_property
    def target_competences(self) -> list:
        return list(self.pair.target_competences.all())

    @cached_property
    def templates(self):
        return plan_templates.templates_for(self.pair.organisation)

    @cached_property
    def template_choices(self) -> list:
        return model_choices(self.templates, empty=_("выберите шаблон"))

    # Forms --------------------------------------------------------------------------

    def plan_form(self, data=None) -> PlanForm:
        form = PlanForm(
            data,
            instance=self.plan,
            prefix="plan",
            initial={"competences": [c.pk for c in self.target_competences]},
        )
        preset(form.fields["competences"], self.competence_choices[1:])
        return form

    def task_form(self, data=None, task=None) -> TaskForm:
        prefix = f"task-{task.pk}" if task else "new-task"
        return TaskForm(
            data,
            instance=task,
            prefix=prefix,
            pair=self.pair,
            competences=self.competence_choices,
        )

    def progress_form(self, data=None, task=None) -> TaskProgressForm:
        return TaskProgressForm(data, instance=task, prefix=f"progress-{task.pk}")

    def meeting_form(self, data=None) -> MeetingForm:
        initial = {"date": self.today} if data is None else None
        return MeetingForm(data, prefix="meeting", pair=self.pair, initial=initial)

    def assessment_form(self, data=None) -> SelfAssessmentForm:
        return SelfAssessmentForm(
            data,
            prefix="assessment",
            competences=self.pair.target_competences.all(),
            choices=model_choices(
                self.target_competences, empty=_("выберите компетенцию")
            ),
        )

    def template_form(self, data=None) -> TemplateForm:
        form = TemplateForm(data, prefix="template", templates=self.templates)
        preset(form.fields["template"], self.template_choices)
        return form

    def status_form(self, data=None) -> StatusForm:
        return StatusForm(data, prefix="status", pair=self.pair)

    # POST ---------------------------------------------------------------------------

    def _task(self) -> PlanTask | None:
        raw = self.request.POST.get("task", "")
        if not raw.isdigit():
            return None
        return (
            PlanTask.objects.select_for_update().filter(plan=self.plan, pk=raw).first()
        )

    def save_plan(self):
        form = self.plan_form(self.request.POST)
        if not form.is_valid():
            return self._fail("plan", form)
        form.save()
        self.pair.target_competences.set(form.cleaned_data["competences"])
        return _("Цели плана сохранены."), "goals"

    def apply_template(self):
        form = self.template_form(self.request.POST)
        if not form.is_valid():
            return self._fail("template", form)
        template = form.cleaned_data["template"]
        added = plan_templates.apply_template(self.plan, template)
        return (
            _("План заполнен по шаблону «%(title)s»: добавлено задач — %(n)s.")
            % {"title": template.title, "n": added}
        ), "tasks"

    def add_task(self):
        form = self.task_form(self.request.POST)
        if not form.is_valid():
            return self._fail("new-task", form)
        task = form.save(commit=False)
        task.plan = self.plan
        task.order = self.plan.tasks.count() + 1
        task.save()
        return _("Задача добавлена."), f"task-{task.pk}"

    def edit_task(self):
        task = self._task()
        if task is None:
            messages.error(self.request, _("Задача не найдена: обновите страницу."))
            return None
        form = self.task_form(self.request.POST, task)
        if not form.is_valid():
            return self._fail(f"task-{task.pk}", form)
        form.save()
        return _("Задача сохранена."), f"task-{task.pk}"

    def delete_task(self):
        task = self._task()
        if task is None:
            messages.error(self.request, _("Задача не найдена: обновите страницу."))
            return None
        task.delete()
        return _("Задача удалена."), "tasks"

    def task_progress(self):
        task = self._task()
        if task is None:
            messages.error(self.request, _("Задача не найдена: обновите страницу."))
            return None
        form = self.progress_form(self.request.POST, task)
        if not form.is_valid():
            return self._fail(f"progress-{task.pk}", form)
        form.save()
        return _("Отметка о выполнении сохранена."), f"task-{task.pk}"

    def add_meeting(self):
        form = self.meeting_form(self.request.POST)
        if not form.is_valid():
            return self._fail("meeting", form)
        meeting = form.save(commit=False)
        meeting.plan = self.plan
        meeting.created_by = self.user
        meeting.save()
        return _("Встреча записана в журнал."), "meetings"

    def self_assessment(self):
        form = self.assessment_form(self.request.POST)
        if not form.is_valid():
            return self._fail("assessment", form)
        data = form.cleaned_data
        SelfAssessment.objects.update_or_create(
            plan=self.plan,
            mentee=self.person,
            moment=data["moment"],
            competence=data["competence"],
            defaults={"score": data["score"], "comment": data["comment"].strip()},
        )
        return _("Самооценка сохранена."), "self-assessment"

    def change_status(self):
        form = self.status_form(self.request.POST)
        if not form.is_valid():
            return self._fail("status", form)
        data, pair = form.cleaned_data, self.pair
        operation = data["operation"]
        if operation in (StatusForm.PAUSE, StatusForm.RESUME):
            pair.status = (
                PairStatus.PAUSED
                if operation == StatusForm.PAUSE
                else PairStatus.ACTIVE
            )
            pair.save(update_fields=["status", "updated_at"])
            text = (
                _("Наставничество приостановлено.")
                if operation == StatusForm.PAUSE
                else _("Наставничество возобновлено.")
            )
            return text, "status"
        status = (
            PairStatus.COMPLETED
            if operation == StatusForm.COMPLETE
            else PairStatus.TERMINATED
        )
        try:
            pairing.close_pair(
                pair,
                status,
                on=data["on"],
                reason=data["reason"].strip(),
                outcome=data["outcome"].strip(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self._fail("status", form)
        text = (
            _("Наставничество завершено.")
            if status == PairStatus.COMPLETED
            else _("Наставничество прекращено досрочно.")
        )
        return text, "status"

    # GET ----------------------------------------------------------------------------

    def tasks(self) -> list:
        rows = []
        for task in self.plan.tasks.select_related("competence"):
            key = f"task-{task.pk}"
            progress_key = f"progress-{task.pk}"
            task.overdue = bool(
                task.deadline
                and task.deadline < self.today
                and task.status not in CLOSED_TASKS
            )
            task.edit_form = (
                self.bound.get(key) or self.task_form(task=task)
                if self.rights.edit_plan
                else None
            )
            task.progress_form = (
                self.bound.get(progress_key) or self.progress_form(task=task)
                if self.rights.is_mentee and not self.rights.edit_plan
                else None
            )
            task.open = key in self.bound or progress_key in self.bound
            rows.append(task)
        return rows

    def assessments(self, mentees: list) -> list:
        """Rows (mentee, competence, start, end) for the target competences and any
        competence already assessed."""
        found = {}
        competences = {c.pk: c for c in self.target_competences}
        for row in self.plan.self_assessments.select_related("competence"):
            found[(row.mentee_id, row.competence_id, row.moment)] = row
            competences.setdefault(row.competence_id, row.competence)
        rows = []
        for mentee in mentees:
            for competence in competences.values():
                rows.append(
                    {
                        "mentee": mentee,
                        "competence": competence,
                        "start": found.get((mentee.pk, competence.pk, "start")),
                        "end": found.get((mentee.pk, competence.pk, "end")),
                    }
                )
        return rows

    def documents(self) -> dict:
        pk = self.pair.pk
        links = {
            "programme": reverse("mentoring:pair_document", args=[pk, "programme"]),
            "report": reverse("mentoring:pair_document", args=[pk, "report"]),
        }
        if self.rights.is_coordinator:
            links["order"] = reverse(
                "mentoring:pairs_order", args=[self.pair.organisation_id]
            )
        return links

    def context(self) -> dict:
        pair, rights = self.pair, self.rights
        mentees = list(pair.mentees.all())
        meetings = list(self.plan.meetings.select_related("created_by__person"))
        return {
            "pair": pair,
            "plan": self.plan,
            "rights": rights,
            "mentees": mentees,
            "co_mentors": list(pair.co_mentors.all()),
            "target_competences": self.target_competences,
            "tasks": self.tasks(),
            "meetings": meetings,
            "assessment_rows": self.assessments(mentees),
            "documents": self.documents(),
            "today": self.today,
            "plan_form": (
                self.bound.get("plan") or self.plan_form() if rights.edit_plan else None
            ),
            "new_task_form": (
                self.bound.get("new-task") or self.task_form()
                if rights.edit_plan
                else None
            ),
            "template_form": (
                self.bound.get("template") or self.template_form()
                if rights.edit_plan and self.template_choices[1:]
                else None
            ),
            "meeting_form": (
                self.bound.get("meeting") or self.meeting_form()
                if rights.member
                else None
            ),
            "assessment_form": (
                self.bound.get("assessment") or self.assessment_form()
                if rights.is_mentee and self.target_competences
                else None
            ),
            "status_form": (
                self.bound.get("status") or self.status_form()
                if rights.manage
                else None
            ),
            "status_error": "status" in self.bound,
        }


def pair_plan(request, pair_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    pair, role = access.pair_for(request.user, pair_id)
    page = PlanPage(request, pair, role)
    if request.method == "POST":
        response = page.handle()
        if response is not None:
            return response
    return render(request, "mentoring/plan/pair.html", page.context())
