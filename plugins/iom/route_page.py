"""The route page (``/iom/routes/<id>/``, ``iom:route``).

Private (DOMAIN.md "Personal data"): ``access.route_for`` lets in the owner, the
members of a team route, the tutor and the coordinators whose scope covers the
owner's organisation; anyone else gets 404, an anonymous visitor the login page.
Opening the page first runs ``progress.sync_routes`` on the route, so an attended
event or an imported course shows as a done step.

Who may do what (``Rights``):

* everyone who may edit the route (``access.can_edit_route``: owner, team, tutor,
  coordinators who may change it) changes its fields, adds steps from the offers or
  by hand, changes and removes steps not yet done (a step of an agreed route is
  cancelled rather than deleted, so the history stays), marks steps done with
  evidence and an optional file, and completes the route when every step is done;
* the owner (or a team member) sends a draft for agreement;
* the tutor, or a coordinator who may change the route (``access.can_agree_route``),
  agrees it, sends it back for changes and recognises non-formal learning.

Every change is a POST with an ``action`` field, goes through a form of ``forms``,
runs in a transaction and ends with a redirect; invalid input re-renders the page
with the Russian errors next to the fields. No JavaScript: editing opens a
``<details>`` block. The page reads a fixed number of queries whatever the number
of steps.
"""

import copy
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.post_actions import PostActions

from . import access, documents, progress, proposal
from .documents import OPEN_STEPS
from .forms import DoneForm, RouteForm, StepForm, competence_choices, tutor_candidates
from .models import LearningForm, Route, RouteStep
from .my_views import visible_route

Status = Route.Status
StepStatus = RouteStep.Status
NOT_FOUND = gettext_lazy("Шаг не найден: обновите страницу.")
#: Before agreement a removed step disappears; afterwards it is cancelled.
UNAGREED = (Status.DRAFT, Status.SUBMITTED)
MARKED_BY = {
    access.OWNER: gettext_lazy("отметка педагога"),
    access.TEAM: gettext_lazy("отметка участника команды"),
    access.TUTOR: gettext_lazy("отметка тьютора"),
    access.COORDINATOR: gettext_lazy("отметка координатора"),
}


@dataclass(frozen=True)
class Rights:
    """What the signed-in user may do on this route."""

    role: str
    edit: bool
    agree: bool

    @property
    def owner(self) -> bool:
        return self.edit and self.role in (access.OWNER, access.TEAM)


class RoutePage(PostActions):
    """One request to the route page: the route, the user's rights, the POST
    handlers and the context."""

    #: action → (who may, handler name)
    ACTIONS = {
        "route": ("edit", "save_route"),
        "add_step": ("edit", "add_step"),
        "add_offer": ("edit", "add_offer"),
        "edit_step": ("edit", "edit_step"),
        "remove_step": ("edit", "remove_step"),
        "done": ("edit", "mark_done"),
        "complete": ("edit", "change_status"),
        "submit": ("owner", "change_status"),
        "agree": ("agree", "change_status"),
        "return": ("agree", "change_status"),
        "recognise": ("agree", "recognise"),
    }
    #: status action → (statuses it starts from, what to say otherwise)
    STARTS = {
        "submit": (
            (Status.DRAFT,),
            gettext_lazy("Маршрут уже отправлен на согласование."),
        ),
        "agree": (UNAGREED, gettext_lazy("Маршрут уже согласован.")),
        "return": ((Status.SUBMITTED,), gettext_lazy("Маршрут не на согласовании.")),
        "complete": (
            (Status.AGREED, Status.IN_PROGRESS),
            gettext_lazy("Завершить можно согласованный маршрут."),
        ),
    }

    def __init__(self, request, route, role):
        self.request = request
        self.user = request.user
        self.route = route
        self.rights = Rights(
            role=role,
            edit=route.status != Status.COMPLETED
            and access.can_edit_route(request.user, route),
            agree=access.can_agree_route(request.user, route),
        )
        self.bound: dict[str, object] = {}  # forms sent back with their errors
        self.url = reverse("iom:route", args=[route.pk])
        self.today = timezone.localdate()

    @cached_property
    def competences(self) -> list:
        return competence_choices()

    @cached_property
    def tutors(self):
        """Whom the owner or a coordinator may choose as tutor (None: no choice)."""
        if not self.rights.edit or self.rights.role == access.TUTOR:
            return None
        return tutor_candidates(self.route.owner, keep=self.route.tutor)

    def route_form(self, data=None) -> RouteForm:
        # a bound form writes into its instance: keep the page's copy as it is stored
        instance = copy.copy(self.route) if data is not None else self.route
        return RouteForm(
            data, instance=instance, prefix="route", competences=self.competences,
            tutors=self.tutors,
        )  # fmt: skip

    def step_form(self, data=None, step=None) -> StepForm:
        prefix = f"step-{step.pk}" if step else "new-step"
        return StepForm(
            data, instance=step, prefix=prefix, competences=self.competences
        )

    def done_form(self, step, data=None, files=None) -> DoneForm:
        return DoneForm(
            data, files, instance=step, prefix=f"done-{step.pk}",
            initial={"done_on": step.done_on or self.today},
        )  # fmt: skip

    # POST ---------------------------------------------------------------------------

    def _step(self) -> RouteStep | None:
        raw = self.request.POST.get("step", "")
        if not raw.isdigit():
            return None
        return (
            RouteStep.objects.select_for_update()
            .filter(route=self.route, pk=raw)
            .first()
        )

    def _save_status(self, status, **fields) -> None:
        self.route.status = status
        for name, value in fields.items():
            setattr(self.route, name, value)
        self.route.save(update_fields=["status", *fields, "updated_at"])

    def save_route(self):
        form = self.route_form(self.request.POST)
        if not form.is_valid():
            return self._fail("route", form)
        self.route = form.save()
        return _("Маршрут сохранён."), "route"

    def add_step(self):
        form = self.step_form(self.request.POST)
        if not form.is_valid():
            return self._fail("new-step", form)
        step = form.save(commit=False)
        step.route = self.route
        last = self.route.steps.aggregate(last=Max("order"))["last"]
        step.order = 0 if last is None else last + 1
        step.save()
        return _("Шаг добавлен."), f"step-{step.pk}"

    def add_offer(self):
        """A step from the offers page: the offer is looked up again for the
        deficit, so a forged or stale key is refused."""
        raw, key = (
            self.request.POST.get("deficit", ""),
            self.request.POST.get("key", ""),
        )
        deficit = self.route.deficits.filter(pk=raw).first() if raw.isdigit() else None
        groups = (
            proposal.propose(self.route.owner, [deficit.pk], self.today)
            if deficit
            else []
        )
        offers = {offer.key: offer for group in groups for offer in group.offers}
        if key not in offers:
            return self._refuse(
                _("Это предложение больше недоступно: подберите шаги заново.")
            )
        if self.route.steps.filter(source_key=key, deficit=deficit).exists():
            return self._refuse(_("Этот шаг уже есть в маршруте."))
        step = proposal.add_offer_step(self.route, offers[key], deficit)
        return _("Шаг «%(title)s» добавлен.") % {"title": step.title}, f"step-{step.pk}"

    def edit_step(self):
        step = self._step()
        if step is None:
            return self._refuse(NOT_FOUND)
        if step.status in (StepStatus.DONE, StepStatus.SKIPPED):
            return self._refuse(_("Выполненный или отменённый шаг не меняют."))
        form = self.step_form(self.request.POST, step)
        if not form.is_valid():
            return self._fail(f"step-{step.pk}", form)
        form.save()
        return _("Шаг сохранён."), f"step-{step.pk}"

    def remove_step(self):
        step = self._step()
        if step is None:
            return self._refuse(NOT_FOUND)
        if step.status == StepStatus.DONE:
            return self._refuse(
                _("Выполненный шаг удалить нельзя: он уже часть результата.")
            )
        if self.route.status in UNAGREED:
            step.delete()
            return _("Шаг удалён."), "steps"
        if step.status == StepStatus.SKIPPED:
            return self._refuse(_("Шаг уже отменён."))
        step.status = StepStatus.SKIPPED
        step.save(update_fields=["status"])
        return (
            _("Шаг отменён: в согласованном маршруте он остаётся в истории."),
            f"step-{step.pk}",
        )

    def mark_done(self):
        step = self._step()
        if step is None:
            return self._refuse(NOT_FOUND)
        if step.status == StepStatus.SKIPPED:
            return self._refuse(_("Шаг отменён: отметить его выполненным нельзя."))
        form = self.done_form(step, self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self._fail(f"done-{step.pk}", form)
        step = form.save(commit=False)
        if step.status != StepStatus.DONE or not step.done_source:
            step.done_source = str(MARKED_BY[self.rights.role])
        step.status = StepStatus.DONE
        step.save()
        if self.route.status == Status.AGREED:
            self._save_status(Status.IN_PROGRESS)
        return _("Шаг отмечен выполненным."), f"step-{step.pk}"

    def recognise(self):
        step = self._step()
        if step is None:
            return self._refuse(NOT_FOUND)
        if step.learning_form == LearningForm.FORMAL:
            return self._refuse(_("Признают результаты неформального и информального "
                                  "обучения; формальное подтверждается документом."))  # fmt: skip
        if step.status != StepStatus.DONE:
            return self._refuse(_("Сначала отметьте выполнение шага с подтверждением."))
        step.recognised = self.request.POST.get("recognised") != "0"
        step.recognised_by = self.user if step.recognised else None
        step.save(update_fields=["recognised", "recognised_by"])
        if step.recognised:
            return _("Результаты обучения признаны частью маршрута."), f"step-{step.pk}"
        return _("Признание результатов снято."), f"step-{step.pk}"

    def change_status(self):
        """Submit (owner), agree or send back (tutor, coordinator), complete."""
        action, route = self.request.POST["action"], self.route
        starts, refusal = self.STARTS[action]
        if route.status not in starts:
            return self._refuse(refusal)
        steps = [s for s in route.steps.values_list("status", flat=True)
                 if s != StepStatus.SKIPPED]  # fmt: skip
        left = sum(1 for status in steps if status != StepStatus.DONE)
        if action in ("submit", "agree") and not steps:
            return self._refuse(_("Добавьте в маршрут хотя бы один шаг."))
        if action == "complete" and left:
            return self._refuse(
                _("Не выполнено шагов: %(n)s. Отметьте их выполнение или отмените "
                  "те, что уже не нужны.") % {"n": left}
            )  # fmt: skip
        if action == "submit":
            self._save_status(Status.SUBMITTED)
            if route.tutor_id is None:
                return _("Маршрут отправлен; тьютора назначит координатор."), "status"
            return _("Маршрут отправлен на согласование тьютору: %(name)s.") % {
                "name": route.tutor.full_name
            }, "status"
        if action == "agree":
            status = Status.IN_PROGRESS if left < len(steps) else Status.AGREED
            self._save_status(status, agreed_at=timezone.now(), agreed_by=self.user)
            return _("Маршрут согласован."), "status"
        if action == "return":
            self._save_status(Status.DRAFT)
            return _("Маршрут возвращён на доработку."), "status"
        self._save_status(Status.COMPLETED, completed_on=self.today)
        return _("Маршрут завершён."), "status"

    # GET ----------------------------------------------------------------------------

    def steps(self) -> list:
        rights, rows = self.rights, []
        for step in self.route.steps.select_related(
            "deficit", "programme", "recognised_by__person"
        ):
            open_step = step.status in OPEN_STEPS
            step.overdue = documents.is_overdue(step, self.today)
            key, done_key = f"step-{step.pk}", f"done-{step.pk}"
            step.edit_form = (
                self.bound.get(key) or self.step_form(step=step)
                if rights.edit and open_step
                else None
            )
            step.done_form = (
                self.bound.get(done_key) or self.done_form(step)
                if rights.edit and step.status != StepStatus.SKIPPED
                else None
            )
            step.open_edit, step.open_done = key in self.bound, done_key in self.bound
            step.can_remove = rights.edit and (
                open_step
                or self.route.status in UNAGREED
                and step.status != StepStatus.DONE
            )
            step.can_recognise = (
                rights.agree
                and step.status == StepStatus.DONE
                and step.learning_form != LearningForm.FORMAL
            )
            rows.append(step)
        return rows

    @staticmethod
    def groups(steps: list, deficits: list) -> list[dict]:
        """Steps under the route's deficits (in their order), then under deficits the
        route no longer lists, then those tied to no deficit."""
        groups = {d.pk: {"deficit": d, "steps": []} for d in deficits}
        loose = []
        for step in steps:
            if step.deficit_id is None:
                loose.append(step)
                continue
            groups.setdefault(step.deficit_id, {"deficit": step.deficit, "steps": []})
            groups[step.deficit_id]["steps"].append(step)
        rows = list(groups.values())
        if loose:
            rows.append({"deficit": None, "steps": loose})
        return rows

    def context(self) -> dict:
        route, rights = self.route, self.rights
        deficits = list(route.deficits.all())
        steps = self.steps()
        totals = documents.Totals.of(steps, self.today)
        return {
            "route": route,
            "rights": rights,
            "team": list(route.team.all()),
            "deficits": deficits,
            "groups": self.groups(steps, deficits),
            "scores": documents.diagnostic_scores(route.diagnostic),
            "totals": totals,
            "today": self.today,
            "route_form": (
                self.bound.get("route") or self.route_form() if rights.edit else None
            ),
            "new_step_form": (
                self.bound.get("new-step") or self.step_form() if rights.edit else None
            ),
            "can_submit": rights.owner and route.status == Status.DRAFT,
            "can_agree": rights.agree and route.status in UNAGREED,
            "can_return": rights.agree and route.status == Status.SUBMITTED,
            "can_complete": rights.edit
            and route.status in (Status.AGREED, Status.IN_PROGRESS)
            and totals.finished,
            "documents": {
                ext: reverse("iom:route_document", args=[route.pk, ext])
                for ext in ("docx", "pdf")
            },
        }


def route_page(request, route_id: int):
    route, role, response = visible_route(request, route_id)
    if response is not None:
        return response
    if request.method != "POST":
        progress.sync_routes([route])  # updates this copy's status too
    page = RoutePage(request, route, role)
    if request.method == "POST":
        response = page.handle()
        if response is not None:
            return response
    return render(request, "iom/route/page.html", page.context())
