"""Plan templates a coordinator can reuse, and filling a pair's plan from one."""

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from .models import Plan, PlanTask, PlanTemplate


def templates_for(organisation) -> QuerySet:
    """Templates offered to an organisation's pairs: its own, its municipality's, its
    region's and the shared ones (no territory)."""
    q = Q(region__isnull=True, municipality__isnull=True, organisation__isnull=True)
    if organisation is not None:
        q |= Q(organisation=organisation)
        if organisation.municipality_id:
            q |= Q(
                municipality_id=organisation.municipality_id, organisation__isnull=True
            )
        if organisation.region_id:
            q |= Q(
                region_id=organisation.region_id,
                municipality__isnull=True,
                organisation__isnull=True,
            )
    return PlanTemplate.objects.filter(q).select_related("form")


@transaction.atomic
def apply_template(plan: Plan, template: PlanTemplate) -> int:
    """Fill the plan from the template: goals and expected results where still empty,
    tasks appended with deadlines counted from the pair's start. Returns tasks added."""
    start: datetime.date = plan.pair.start_date
    if not plan.goals.strip():
        plan.goals = template.goals
    if not plan.expected_results.strip():
        plan.expected_results = template.expected_results
    plan.template = template
    plan.save()
    offset = plan.tasks.count()
    tasks = [
        PlanTask(
            plan=plan,
            order=offset + i,
            title=t.title,
            description=t.description,
            competence_id=t.competence_id,
            deadline=start + datetime.timedelta(days=t.offset_days),
        )
        for i, t in enumerate(template.tasks.all(), start=1)
    ]
    PlanTask.objects.bulk_create(tasks)
    return len(tasks)
