"""The pair's individual plan page: who sees it, who may change what, templates, tasks,
meetings, self-assessment, the coordinator's status steps and bounded queries."""

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
    SelfAssessment,
    TaskStatus,
)
from portal.core.models import Competence, CompetenceArea
from tests.factories.core import PersonFactory, UserFactory, editor

from .conftest import make_mentor, make_pair, young_teacher

pytestmark = pytest.mark.django_db


def signed_in(person):
    user = UserFactory()
    user.save()
    person.user = user
    person.save()
    return user


def competence(name="Формирующее оценивание"):
    """A competence of its own (the seeded list is there too)."""
    area = CompetenceArea.objects.first() or CompetenceArea.objects.create(
        name="Методическая (тест)", code="test-method"
    )
    return Competence.objects.create(
        area=area,
        name=f"{name} (тест)",
        code=f"test-{Competence.objects.count() + 1}",
    )


@pytest.fixture
def setup(tree, users):
    """A pair at school A: mentor, co-mentor, mentee (each with an account)."""
    mentor = make_mentor(tree.school_a, capacity=3)
    mentee = young_teacher(tree.school_a, last_name="Молодова")
    co_mentor = PersonFactory(organisation=tree.school_a, last_name="Соратникова")
    start = timezone.localdate() - datetime.timedelta(days=60)
    pair = make_pair(mentor, mentee, start_date=start, co_mentors=[co_mentor])
    target = competence()
    pair.target_competences.set([target])

    class Setup:
        pass

    s = Setup()
    s.pair, s.plan, s.target = pair, pair.plan, target
    s.mentor_user = signed_in(mentor.person)
    s.mentee_user = signed_in(mentee)
    s.co_mentor_user = signed_in(co_mentor)
    s.mentee = mentee
    s.url = reverse("mentoring:pair", args=[pair.pk])
    s.start = start
    return s


def post(client, url, action, **data):
    return client.post(url, {"action": action, **data})


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


# Meetings and self-assessment -------------------------------------------------------


def test_meetings_are_logged_by_the_pair_with_date_checks(client, setup, users):
    client.force_login(setup.mentee_user)
    future = post(
        client,
        setup.url,
        "add_meeting",
        **{
            "meeting-date": "2099-01-01",
            "meeting-duration_minutes": "45",
            "meeting-format": "in_person",
            "meeting-topic": "Разбор урока",
        },
    )
    assert future.status_code == 200
    assert "дата ещё не наступила" in future.content.decode()
    early = post(
        client,
        setup.url,
        "add_meeting",
        **{
            "meeting-date": (setup.start - datetime.timedelta(days=3)).isoformat(),
            "meeting-duration_minutes": "0",
            "meeting-format": "online",
            "meeting-topic": "",
        },
    )
    text = early.content.decode()
    assert "Встреча раньше начала наставничества" in text
    assert "Продолжительность — от 5 до 600 минут." in text
    assert not Meeting.objects.exists()
    for user, topic in (
        (setup.mentee_user, "Разбор урока"),
        (setup.mentor_user, "План"),
    ):
        client.force_login(user)
        response = post(
            client,
            setup.url,
            "add_meeting",
            **{
                "meeting-date": timezone.localdate().isoformat(),
                "meeting-duration_minutes": "40",
                "meeting-format": "lesson",
                "meeting-topic": topic,
            },
        )
        assert response.status_code == 302
    assert Meeting.objects.filter(plan=setup.plan).count() == 2
    assert Meeting.objects.get(topic="План").created_by == setup.mentor_user
    # A coordinator reads the log but does not write in it.
    client.force_login(users.organisation_editor)
    page = client.get(setup.url).content.decode()
    assert "Разбор урока" in page
    post(client, setup.url, "add_meeting", **{"meeting-topic": "x"})
    assert Meeting.objects.count() == 2


def test_mentee_fills_their_self_assessment_others_read_it(client, setup, tree):
    stranger = competence("Чужая компетенция")
    client.force_login(setup.mentee_user)
    bad = post(
        client,
        setup.url,
        "self_assessment",
        **{
            "assessment-competence": stranger.pk,
            "assessment-moment": "start",
            "assessment-score": "7",
        },
    )
    text = bad.content.decode()
    assert "Оценивают только целевые компетенции пары." in text
    assert "Оценка — целое число от 1 до 5." in text
    assert not SelfAssessment.objects.exists()
    for score in ("2", "3"):  # the second one replaces the first
        post(
            client,
            setup.url,
            "self_assessment",
            **{
                "assessment-competence": setup.target.pk,
                "assessment-moment": "start",
                "assessment-score": score,
                "assessment-comment": "Пока неуверенно",
            },
        )
    row = SelfAssessment.objects.get()
    assert (row.mentee, row.score, row.moment) == (setup.mentee, 3, "start")
    client.force_login(setup.mentor_user)
    page = client.get(setup.url).content.decode()
    assert "Пока неуверенно" in page
    assert 'value="self_assessment"' not in page
    post(
        client,
        setup.url,
        "self_assessment",
        **{
            "assessment-competence": setup.target.pk,
            "assessment-moment": "end",
            "assessment-score": "5",
        },
    )
    assert SelfAssessment.objects.count() == 1


# The coordinator's status steps ------------------------------------------------------


def test_coordinator_pauses_resumes_completes_and_terminates(
    client, setup, users, tree
):
    client.force_login(users.municipal_editor)
    post(client, setup.url, "status", **{"status-operation": "pause"})
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.PAUSED
    paused = client.get(setup.url).content.decode()
    assert 'value="resume"' in paused and 'value="pause"' not in paused
    post(client, setup.url, "status", **{"status-operation": "resume"})
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.ACTIVE
    no_outcome = post(client, setup.url, "status", **{"status-operation": "complete"})
    assert no_outcome.status_code == 200
    assert "Опишите результат" in no_outcome.content.decode()
    done = post(
        client,
        setup.url,
        "status",
        **{"status-operation": "complete", "status-outcome": "Аттестована"},
    )
    assert done.status_code == 302
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.COMPLETED
    assert setup.pair.outcome == "Аттестована"
    assert setup.pair.actual_end_date == timezone.localdate()
    assert 'value="status"' not in client.get(setup.url).content.decode()
    again = post(client, setup.url, "status", **{"status-operation": "pause"})
    assert "этот шаг невозможен" in again.content.decode()

    other = make_pair(make_mentor(tree.school_a), young_teacher(tree.school_a))
    url = reverse("mentoring:pair", args=[other.pk])
    no_reason = post(client, url, "status", **{"status-operation": "terminate"})
    assert "Укажите причину досрочного прекращения." in no_reason.content.decode()
    post(
        client,
        url,
        "status",
        **{"status-operation": "terminate", "status-reason": "Увольнение"},
    )
    other.refresh_from_db()
    assert (other.status, other.termination_reason) == (
        PairStatus.TERMINATED,
        "Увольнение",
    )


def test_mentor_may_not_change_the_pair_status(client, setup):
    client.force_login(setup.mentor_user)
    post(client, setup.url, "status", **{"status-operation": "pause"})
    setup.pair.refresh_from_db()
    assert setup.pair.status == PairStatus.ACTIVE


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
