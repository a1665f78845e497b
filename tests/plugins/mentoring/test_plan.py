"""The pair's individual plan page: who sees it, who may change what, templates, tasks
and bounded queries (meetings, self-assessment and the coordinator's status steps:
test_plan_meetings.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plugins.mentoring.models import (
    Meeting,
    PairStatus,
    PlanTask,
    PlanTemplate,
    PlanTemplateTask,
    TaskStatus,
)
from tests.factories.core import PersonFactory, editor

from .conftest import competence, make_mentor, make_pair, post, signed_in, young_teacher

pytestmark = pytest.mark.django_db


# Who sees the plan -------------------------------------------------------------------


def test_the_pair_people_and_coordinators_in_scope_see_the_plan(client, setup, users):
    for user in (
        setup.mentor_user,
        setup.co_mentor_user,
        setup.mentee_user,
        users.organisation_editor,
        users.municipal_editor,
        users.regional_admin,
    ):
        client.force_login(user)
        response = client.get(setup.url)
        assert response.status_code == 200, user
        assert "Индивидуальный план наставничества" in response.content.decode()


def test_strangers_get_404_and_anonymous_the_login_page(client, setup, users, tree):
    response = client.get(setup.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    outsider = editor("municipal_editor", territory=tree.mun_b)
    colleague = signed_in(PersonFactory(organisation=tree.school_a))
    for user in (outsider, colleague, users.teacher):
        client.force_login(user)
        assert client.get(setup.url).status_code == 404
        assert (
            post(client, setup.url, "add_task", **{"new-task-title": "x"}).status_code
            == 404
        )
    client.force_login(setup.mentor_user)
    assert client.get(reverse("mentoring:pair", args=[99999])).status_code == 404
    assert not PlanTask.objects.exists()


def test_each_role_gets_its_own_tools(client, setup, users):
    client.force_login(setup.mentor_user)
    page = client.get(setup.url).content.decode()
    assert 'value="add_task"' in page and 'value="plan"' in page
    assert 'value="add_meeting"' in page
    assert 'value="status"' not in page  # the mentor is no coordinator
    assert 'value="self_assessment"' not in page
    assert (
        reverse("mentoring:pairs_order", args=[setup.pair.organisation_id]) not in page
    )

    client.force_login(setup.co_mentor_user)
    page = client.get(setup.url).content.decode()
    assert 'value="add_task"' in page and 'value="add_meeting"' in page

    client.force_login(setup.mentee_user)
    page = client.get(setup.url).content.decode()
    assert 'value="add_task"' not in page and 'value="plan"' not in page
    assert 'value="self_assessment"' in page and 'value="add_meeting"' in page
    assert 'value="status"' not in page

    client.force_login(users.organisation_editor)
    page = client.get(setup.url).content.decode()
    assert 'value="status"' in page and 'value="add_task"' in page
    assert 'value="add_meeting"' not in page
    assert reverse("mentoring:pairs_order", args=[setup.pair.organisation_id]) in page
    programme = reverse("mentoring:pair_document", args=[setup.pair.pk, "programme"])
    report = reverse("mentoring:pair_document", args=[setup.pair.pk, "report"])
    assert programme in page and f"{report}?format=pdf" in page


def test_a_mentee_may_not_edit_goals_tasks_or_status(client, setup):
    task = PlanTask.objects.create(plan=setup.plan, title="Посетить урок")
    client.force_login(setup.mentee_user)
    response = post(client, setup.url, "plan", **{"plan-goals": "Взлом"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "Это действие вам недоступно." in response.content.decode()
    post(client, setup.url, "add_task", **{"new-task-title": "Чужая задача"})
    post(client, setup.url, "delete_task", task=task.pk)
    post(client, setup.url, "status", **{"status-operation": "pause"})
    setup.plan.refresh_from_db()
    setup.pair.refresh_from_db()
    assert setup.plan.goals == ""
    assert list(PlanTask.objects.values_list("title", flat=True)) == ["Посетить урок"]
    assert setup.pair.status == PairStatus.ACTIVE


# Goals, template, tasks --------------------------------------------------------------


def test_mentor_saves_goals_and_target_competences(client, setup):
    other = competence("Работа с родителями")
    client.force_login(setup.mentor_user)
    response = post(
        client,
        setup.url,
        "plan",
        **{
            "plan-goals": "Освоить формирующее оценивание",
            "plan-expected_results": "Открытый урок",
            "plan-agreed_on": "2026-10-01",
            "plan-competences": [setup.target.pk, other.pk],
        },
    )
    assert response.status_code == 302
    setup.plan.refresh_from_db()
    assert setup.plan.goals == "Освоить формирующее оценивание"
    assert setup.plan.agreed_on == datetime.date(2026, 10, 1)
    assert set(setup.pair.target_competences.all()) == {setup.target, other}
    bad = post(client, setup.url, "plan", **{"plan-agreed_on": "31.02.2026"})
    assert bad.status_code == 200
    assert "Введите правильную дату" in bad.content.decode()


def test_coordinator_fills_the_plan_from_a_template(client, setup, users, tree):
    template = PlanTemplate.objects.create(
        title="Адаптация молодого педагога",
        goals="Адаптация в коллективе",
        expected_results="Уверенное ведение уроков",
        municipality=tree.mun_a,
    )
    PlanTemplateTask.objects.create(
        template=template, title="Знакомство", offset_days=7
    )
    PlanTemplateTask.objects.create(
        template=template, title="Открытый урок", offset_days=90, order=2
    )
    foreign = PlanTemplate.objects.create(title="Чужой", organisation=tree.school_b)
    client.force_login(users.organisation_editor)
    page = client.get(setup.url).content.decode()
    assert "Адаптация молодого педагога" in page and "Чужой" not in page
    response = post(client, setup.url, "template", **{"template-template": foreign.pk})
    assert response.status_code == 200
    assert "Этот шаблон недоступен для пары." in response.content.decode()
    assert not PlanTask.objects.exists()
    response = post(client, setup.url, "template", **{"template-template": template.pk})
    assert response.status_code == 302
    setup.plan.refresh_from_db()
    assert setup.plan.goals == "Адаптация в коллективе"
    assert setup.plan.template == template
    deadlines = dict(PlanTask.objects.values_list("title", "deadline"))
    assert deadlines == {
        "Знакомство": setup.start + datetime.timedelta(days=7),
        "Открытый урок": setup.start + datetime.timedelta(days=90),
    }
    page = client.get(response["Location"]).content.decode()
    assert "добавлено задач — 2" in page


def test_mentor_adds_and_edits_tasks_with_russian_errors(client, setup):
    client.force_login(setup.mentor_user)
    empty = post(client, setup.url, "add_task", **{"new-task-status": "planned"})
    assert empty.status_code == 200
    assert "Требуется заполнить это поле." in empty.content.decode()
    early = post(
        client,
        setup.url,
        "add_task",
        **{
            "new-task-title": "Разработать урок",
            "new-task-deadline": (setup.start - datetime.timedelta(days=1)).isoformat(),
            "new-task-status": "planned",
        },
    )
    assert "Срок раньше начала наставничества" in early.content.decode()
    assert not PlanTask.objects.exists()
    ok = post(
        client,
        setup.url,
        "add_task",
        **{
            "new-task-title": "Разработать урок",
            "new-task-competence": setup.target.pk,
            "new-task-deadline": "2026-12-20",
            "new-task-status": "planned",
        },
    )
    assert ok.status_code == 302
    task = PlanTask.objects.get()
    assert task.competence == setup.target and task.plan == setup.plan
    prefix = f"task-{task.pk}"
    future = post(
        client,
        setup.url,
        "edit_task",
        task=task.pk,
        **{
            f"{prefix}-title": "Разработать урок",
            f"{prefix}-status": "done",
            f"{prefix}-done_on": "2099-01-01",
        },
    )
    assert "Дата выполнения не может быть позже сегодняшней." in future.content.decode()
    post(
        client,
        setup.url,
        "edit_task",
        task=task.pk,
        **{f"{prefix}-title": "Разработать урок", f"{prefix}-status": "done"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_on == timezone.localdate()
    post(client, setup.url, "delete_task", task=task.pk)
    assert not PlanTask.objects.exists()


def test_mentee_reports_progress_on_a_task(client, setup, tree):
    task = PlanTask.objects.create(plan=setup.plan, title="Провести урок")
    other_pair = make_pair(make_mentor(tree.school_a), young_teacher(tree.school_a))
    foreign = PlanTask.objects.create(plan=other_pair.plan, title="Чужая")
    client.force_login(setup.mentee_user)
    prefix = f"progress-{task.pk}"
    bad = post(
        client,
        setup.url,
        "task_progress",
        task=task.pk,
        **{f"{prefix}-status": "in_progress", f"{prefix}-done_on": "2026-11-01"},
    )
    assert bad.status_code == 200
    assert "только для выполненной задачи" in bad.content.decode()
    ok = post(
        client,
        setup.url,
        "task_progress",
        task=task.pk,
        **{f"{prefix}-status": "done", f"{prefix}-result": "Урок проведён"},
    )
    assert ok.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.DONE, "Урок проведён")
    assert task.title == "Провести урок"
    # A task of another pair is not reachable through this plan.
    post(
        client,
        setup.url,
        "task_progress",
        task=foreign.pk,
        **{f"progress-{foreign.pk}-status": "done"},
    )
    foreign.refresh_from_db()
    assert foreign.status == TaskStatus.PLANNED


def test_overdue_tasks_are_highlighted(client, setup):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    PlanTask.objects.create(plan=setup.plan, title="Просроченная", deadline=yesterday)
    PlanTask.objects.create(
        plan=setup.plan,
        title="Сделанная",
        deadline=yesterday,
        status=TaskStatus.DONE,
        done_on=yesterday,
    )
    client.force_login(setup.mentee_user)
    page = client.get(setup.url).content.decode()
    assert page.count("mentoring-task--overdue") == 1
    assert page.count("просрочено</strong>") == 1


# Bounded queries ---------------------------------------------------------------------


def fill(setup, n):
    """n tasks with a competence and n meetings recorded by the mentor."""
    today = timezone.localdate()
    PlanTask.objects.bulk_create(
        PlanTask(
            plan=setup.plan,
            title=f"Задача {i}",
            deadline=today,
            order=i,
            competence=setup.target,
        )
        for i in range(n)
    )
    Meeting.objects.bulk_create(
        Meeting(
            plan=setup.plan,
            date=today,
            topic=f"Встреча {i}",
            created_by=setup.mentor_user,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("who", ["mentor_user", "mentee_user", "coordinator"])
def test_plan_page_queries_do_not_grow(
    client, setup, users, who, django_assert_max_num_queries
):
    user = users.organisation_editor if who == "coordinator" else getattr(setup, who)
    client.force_login(user)
    fill(setup, 5)
    client.get(setup.url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(setup.url).status_code == 200
    fill(setup, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(setup.url)
    assert response.content.decode().count("Задача ") >= 30
