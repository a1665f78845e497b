"""«План работы» of the community head's tools: the plan of one year, its items (add,
edit, delete, mark done with the result) and its publication on the community page.

Reached through ``manage.plan_view`` (``manage/plan/<year>/``), which checks access
first. The plan row is created with its first saved item or note; a published plan is
shown publicly on the community page.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import ItemChoiceForm, PlanItemForm, PlanNoteForm
from .manage import form_errors, parse_id, render_manage
from .models import WorkPlan

#: Years a plan may be kept for.
YEARS = range(2000, 2101)


def edit_plan(page, request, year: int):
    if year not in YEARS:
        raise Http404
    plan = WorkPlan.objects.filter(community=page, year=year).first()
    editing = None
    item_form = PlanItemForm(community=page, year=year)
    note_form = PlanNoteForm(instance=plan)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = ACTIONS.get(action)
        if handler is None:
            messages.error(request, _("Неизвестное действие."))
            return redirect(request.path)
        result = handler(page, request, year, plan)
        if result is True:
            return redirect(request.path)
        status = 400
        if action in ("add", "edit"):
            item_form, editing = result
        elif action == "note":
            note_form = result
    elif request.GET.get("edit") and plan is not None:
        editing = plan.items.filter(pk=parse_id(request.GET["edit"])).first()
        if editing is not None:
            item_form = PlanItemForm(instance=editing, community=page, year=year)
    items = list(plan.items.select_related("responsible", "event")) if plan else []
    years = sorted(
        {*page.plans.values_list("year", flat=True), timezone.localdate().year, year}
    )
    return render_manage(
        request,
        page,
        "plan.html",
        {
            "year": year,
            "plan": plan,
            "items": items,
            "editing": editing,
            "item_form": item_form,
            "note_form": note_form,
            "years": years,
            "has_events": "event" in item_form.fields,
        },
        status=status,
    )


def _plan(page, year: int, plan: WorkPlan | None) -> WorkPlan:
    """The plan of the year, created on the first save (under the caller's atomic)."""
    if plan is not None:
        return plan
    return WorkPlan.objects.get_or_create(community=page, year=year)[0]


def _save_item(page, request, year, plan):
    """Add (``action=add``) or edit (``action=edit``, ``item``) an item."""
    instance = None
    if request.POST.get("action") == "edit":
        instance = (
            plan.items.filter(pk=parse_id(request.POST.get("item"))).first()
            if plan
            else None
        )
        if instance is None:
            messages.error(request, _("Пункт плана не найден: обновите страницу."))
            return True
    form = PlanItemForm(request.POST, instance=instance, community=page, year=year)
    if not form.is_valid():
        form_errors(request, form)
        return form, instance
    with transaction.atomic():
        item = form.save(commit=False)
        item.plan = _plan(page, year, plan)
        item.save()
    messages.success(
        request,
        (
            _("Пункт «%(topic)s» сохранён.")
            if instance
            else _("Пункт «%(topic)s» добавлен.")
        )
        % {"topic": item.topic},
    )
    return True


def _item_action(page, request, year, plan):
    """Delete an item or mark it done with its result."""
    form = ItemChoiceForm(request.POST, plan=plan)
    if not form.is_valid():
        form_errors(request, form)
        return True
    item = form.cleaned_data["item"]
    with transaction.atomic():
        if request.POST["action"] == "delete":
            item.delete()
            messages.success(request, _("Пункт «%(topic)s» удалён.") % {"topic": item})
        else:
            item.done = True
            item.result = form.cleaned_data["result"] or item.result
            item.save(update_fields=["done", "result"])
            messages.success(
                request, _("Пункт «%(topic)s» выполнен.") % {"topic": item}
            )
    return True


def _note(page, request, year, plan):
    form = PlanNoteForm(
        request.POST, instance=plan or WorkPlan(community=page, year=year)
    )
    if not form.is_valid():
        form_errors(request, form)
        return form
    with transaction.atomic():
        note = form.cleaned_data["note"]
        plan = _plan(page, year, plan)
        plan.note = note
        plan.save(update_fields=["note"])
    messages.success(request, _("Пояснение к плану сохранено."))
    return True


def _publish(page, request, year, plan):
    """Publish (shown on the community page) or withdraw the plan."""
    publish = request.POST["action"] == "publish"
    with transaction.atomic():
        plan = (
            WorkPlan.objects.select_for_update().filter(pk=plan.pk).first()
            if plan
            else None
        )
        if publish and (plan is None or not plan.items.exists()):
            messages.error(
                request, _("В плане нет ни одного пункта: публиковать нечего.")
            )
            return True
        if plan is None:
            return True
        plan.published = publish
        plan.published_at = timezone.now() if publish else None
        plan.save(update_fields=["published", "published_at"])
    messages.success(
        request,
        _("План на %(year)s год опубликован на странице сообщества.") % {"year": year}
        if publish
        else _("План на %(year)s год снят с публикации.") % {"year": year},
    )
    return True


ACTIONS = {
    "add": _save_item,
    "edit": _save_item,
    "delete": _item_action,
    "done": _item_action,
    "note": _note,
    "publish": _publish,
    "unpublish": _publish,
}
