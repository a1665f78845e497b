"""Expert review of a practice as a Wagtail workflow, driven through the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from plugins.communities.models import (
    ExpertReview,
    PracticeCatalogPage,
    PracticePage,
    PracticeStage,
)
from plugins.communities.review import (
    EXPERTS_GROUP,
    WORKFLOW_NAME,
    ExpertReviewTask,
)
from tests.factories.core import UserFactory

from .conftest import make_practice, publish_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def mun_catalogue(tree):
    return publish_child(
        tree.mun_a_page, PracticeCatalogPage(title="Практики района", slug="practices")
    )


@pytest.fixture
def expert():
    user = UserFactory(username="expert", first_name="Пётр", last_name="Экспертов")
    user.save()
    user.groups.add(Group.objects.get(name=EXPERTS_GROUP))
    return user


def form(title, slug, action="action-submit", **fields):
    data = {
        "title": title,
        "slug": slug,
        "level": "",
        "kind": "pedagogical",
        "intro": "Пары «наставник — молодой педагог» в школах района",
        "description": streamfield([]),
        "materials": streamfield([]),
        "stage": PracticeStage.GENERALISED,
        "federal_registry_url": "",
        action: action.removeprefix("action-"),
        **fields,
    }
    return nested_form_data(data)


def test_education_stages_are_optional_checkboxes(client, users, mun_catalogue):
    """None ticked is an empty list (was a 500: NOT NULL); ticks are kept."""
    client.force_login(users.superuser)
    url = reverse(
        "wagtailadmin_pages:add", args=("communities", "practicepage", mun_catalogue.pk)
    )
    response = client.post(url, form("Без уровней", "bez-urovney", "action-publish"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PracticePage.objects.get(slug="bez-urovney").education_stages == []
    data = form("С уровнями", "s-urovnyami", "action-publish")
    data["education_stages"] = ["basic", "secondary"]
    assert client.post(url, data).status_code == 302
    practice = PracticePage.objects.get(slug="s-urovnyami")
    assert practice.education_stages == ["basic", "secondary"]
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(practice.pk,)))
    assert edit.status_code == 200
    assert (
        'value="secondary" checked'
        in edit.content.decode().replace('value="secondary"\n', 'value="secondary" ')
        or "checked" in edit.content.decode()
    )


def submit_new(client, user, catalogue, slug="nastavniki"):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:add", args=("communities", "practicepage", catalogue.pk)
    )
    response = client.post(url, form("Школа наставничества", slug))
    assert response.status_code == 302, response.content.decode()[:3000]
    return PracticePage.objects.get(slug=slug)


def act(client, user, practice, action, comment=""):
    client.force_login(user)
    task_state = TaskState.objects.get(
        workflow_state=practice.current_workflow_state, status="in_progress"
    )
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(practice.pk, action, task_state.pk),
    )
    return client.post(url, {"comment": comment})


def denied(response) -> bool:
    """Wagtail's admin answers a refusal with a redirect to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def draft_stage(practice) -> str:
    practice.refresh_from_db()
    return practice.get_latest_revision().content["stage"]


def test_catalogues_carry_the_review_workflow(catalogue, mun_catalogue):
    for page in (catalogue, mun_catalogue):
        assert page.get_workflow().name == WORKFLOW_NAME
    task = mun_catalogue.get_workflow().tasks.get().specific
    assert isinstance(task, ExpertReviewTask)
    assert list(task.groups.values_list("name", flat=True)) == [EXPERTS_GROUP]
    # Experts reach the admin and nothing else (Wagtail's own migrations let every
    # group with admin access choose images and documents).
    experts = Group.objects.get(name=EXPERTS_GROUP)
    codenames = set(experts.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames
    assert codenames <= {"access_admin", "choose_image", "choose_document"}
    assert not GroupPagePermission.objects.filter(group=experts).exists()


def test_review_path_submit_return_resubmit_recommend(
    client, users, mun_catalogue, expert
):
    practice = submit_new(client, users.municipal_editor, mun_catalogue)
    assert not practice.live
    assert practice.current_workflow_state.workflow.name == WORKFLOW_NAME
    assert draft_stage(practice) == PracticeStage.UNDER_REVIEW

    # Neither the author's office nor a regional administrator is an expert.
    for outsider in (users.municipal_editor, users.regional_admin):
        response = act(client, outsider, practice, "approve", "Сам себе эксперт")
        assert denied(response)
    assert not ExpertReview.objects.exists()
    practice.refresh_from_db()
    assert not practice.live

    # The expert opens the editor of the practice under review, and nothing else.
    client.force_login(expert)
    edit = reverse("wagtailadmin_pages:edit", args=(practice.pk,))
    assert client.get(edit).status_code == 200
    other = reverse("wagtailadmin_pages:edit", args=(mun_catalogue.pk,))
    assert denied(client.get(other))
    add = reverse(
        "wagtailadmin_pages:add",
        args=("communities", "practicepage", mun_catalogue.pk),
    )
    assert denied(client.get(add))

    # Returned with a comment: a «revise» review, the draft back to «Обобщена», and
    # the editor reads the comment in the workflow history.
    comment = "Добавьте результаты диагностики до и после"
    assert act(client, expert, practice, "reject", comment).status_code == 302
    review = ExpertReview.objects.get()
    assert (review.verdict, review.comments) == ("revise", comment)
    practice.refresh_from_db()
    workflow_state = practice.current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert draft_stage(practice) == PracticeStage.GENERALISED
    client.force_login(users.municipal_editor)
    history = client.get(
        reverse(
            "wagtailadmin_pages:workflow_history_detail",
            args=(practice.pk, workflow_state.pk),
        )
    )
    assert comment in history.content.decode()

    # Resubmitted: under review again; recommended: published as recommended.
    response = client.post(edit, form("Школа наставничества", "nastavniki"))
    assert response.status_code == 302
    assert draft_stage(practice) == PracticeStage.UNDER_REVIEW
    response = act(client, expert, practice, "approve", "Рекомендуем")
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.live and practice.stage == PracticeStage.RECOMMENDED
    assert ExpertReview.objects.filter(verdict="recommend").get().comments == (
        "Рекомендуем"
    )
    client.logout()
    html = client.get(practice.url).content.decode()
    assert "Рекомендуем" in html and comment in html
    assert "Экспертов" not in html


def test_a_live_practice_keeps_its_public_stage_while_under_review(
    client, users, mun_catalogue, expert
):
    practice = make_practice(
        mun_catalogue, "Музейные уроки", stage=PracticeStage.GENERALISED
    )
    client.force_login(users.municipal_editor)
    edit = reverse("wagtailadmin_pages:edit", args=(practice.pk,))
    response = client.post(edit, form("Музейные уроки (дополнено)", practice.slug))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.stage == PracticeStage.GENERALISED  # the live row
    assert draft_stage(practice) == PracticeStage.UNDER_REVIEW
    client.logout()
    html = client.get(practice.url).content.decode()
    assert 'aria-current="step"><strong>Обобщена</strong>' in html

    # While the experts review it, the office cannot change it (Wagtail's lock).
    assert practice.get_lock().for_user(users.municipal_editor)

    # A superuser publishes past the review: the review is cancelled and the
    # published version does not claim to be under review.
    client.force_login(users.superuser)
    publish = form("Музейные уроки", practice.slug, action="action-publish")
    publish["stage"] = PracticeStage.UNDER_REVIEW  # what the editor's form showed
    assert client.post(edit, publish).status_code == 302
    practice.refresh_from_db()
    assert practice.live and practice.current_workflow_state is None
    assert practice.stage == PracticeStage.GENERALISED
    assert draft_stage(practice) == PracticeStage.GENERALISED
    html = client.get(practice.url).content.decode()
    assert 'aria-current="step"><strong>Обобщена</strong>' in html
    assert not ExpertReview.objects.exists()


def test_a_cancelled_review_leaves_no_under_review_draft(client, users, mun_catalogue):
    practice = submit_new(client, users.municipal_editor, mun_catalogue)
    assert draft_stage(practice) == PracticeStage.UNDER_REVIEW
    practice.current_workflow_state.cancel(user=users.municipal_editor)
    assert draft_stage(practice) == PracticeStage.GENERALISED
    assert not practice.live


def test_the_catalogue_itself_is_not_sent_to_the_experts(client, users, mun_catalogue):
    client.force_login(users.municipal_editor)
    edit = reverse("wagtailadmin_pages:edit", args=(mun_catalogue.pk,))
    data = nested_form_data(
        {"title": "Банк практик района", "slug": "practices", "intro": rich_text(""),
         "action-submit": "submit"}
    )  # fmt: skip
    assert client.post(edit, data).status_code == 302
    mun_catalogue.refresh_from_db()
    assert mun_catalogue.title == "Банк практик района"
    assert mun_catalogue.current_workflow_state is None


def test_expert_recommends_from_the_editor_with_a_correction(
    client, users, mun_catalogue, expert
):
    practice = submit_new(client, users.municipal_editor, mun_catalogue)
    client.force_login(expert)
    edit = reverse("wagtailadmin_pages:edit", args=(practice.pk,))
    data = form("Школа наставничества района", "nastavniki", "action-workflow-action")
    data["stage"] = PracticeStage.UNDER_REVIEW  # as the editor's form loaded it
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = '{"comment": "Опыт воспроизводим"}'
    assert client.post(edit, data).status_code == 302
    practice.refresh_from_db()
    assert practice.live and practice.title == "Школа наставничества района"
    assert practice.stage == PracticeStage.RECOMMENDED
    review = ExpertReview.objects.get()
    assert (review.verdict, review.comments, review.reviewer) == (
        "recommend",
        "Опыт воспроизводим",
        expert,
    )
