"""The community head's tools on the site: who may use them, members (roles, removal,
invitations by name or e-mail), the plan of work and its publication, materials."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plugins.communities.models import CommunityMaterial, Membership, WorkPlan
from tests.factories.core import PersonFactory

from .conftest import make_community
from .test_membership import messages_of, person_with_account

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(url, data=None, **extra):
        client.cookies.pop("messages", None)  # read: only this request's messages
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return send


@pytest.fixture
def head(tree):
    return person_with_account(
        tree.school_a, "head", last_name="Сергеева", email="head@example.org"
    )


@pytest.fixture
def community(registries, head):
    return make_community(
        registries.mun_a, "РМО учителей математики", join_method="request", head=head
    )


def member(community, person, role="member", status="active"):
    return Membership.objects.create(
        community=community,
        person=person,
        role=role,
        status=status,
        joined_on=timezone.localdate() if status == "active" else None,
    )


ROUTES = ("manage/", "manage/members/", f"manage/plan/{YEAR}/", "manage/materials/")


def test_only_leaders_and_page_editors_manage(
    client, tree, users, registries, community, head
):
    other = make_community(registries.mun_b, "РМО учителей физики")
    deputy = person_with_account(tree.school_a, "deputy")
    member(community, deputy, role="deputy")
    member(community, tree.person_a)  # users.teacher: an ordinary member
    for route in ROUTES:
        client.logout()
        response = client.get(community.url + route)
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
        for user in (head.user, deputy.user, users.municipal_editor, users.superuser):
            client.force_login(user)
            assert client.get(community.url + route).status_code == 200, (route, user)
        for user in (users.teacher, users.organisation_editor):
            client.force_login(user)
            assert client.get(community.url + route).status_code == 404, (route, user)
        client.force_login(head.user)  # the head of A is nobody in B
        assert client.get(other.url + route).status_code == 404
        client.force_login(users.municipal_editor)  # an editor of A is nobody in B
        assert client.get(other.url + route).status_code == 404


def test_head_of_a_cannot_decide_requests_of_b(client, post, tree, registries, head):
    mine = make_community(registries.mun_a, "РМО А", head=head)
    other = make_community(registries.mun_b, "РМО Б")
    request = member(other, tree.person_b, status="requested")
    client.force_login(head.user)
    response = post(
        f"{other.url}manage/members/",
        {"action": "decide", "membership": request.pk, "decision": "approve"},
    )
    assert response.status_code == 404
    response = post(  # B's request through A's page: not one of A's records
        f"{mine.url}manage/members/",
        {"action": "decide", "membership": request.pk, "decision": "approve"},
    )
    assert response.status_code == 400
    assert messages_of(response) == [
        "Выберите запись из списка: эта запись не найдена."
    ]
    request.refresh_from_db()
    assert request.status == "requested"


def test_roles_removal_and_leaders_left_to_the_page(
    client, post, tree, community, head
):
    row = member(community, tree.person_a)
    url = f"{community.url}manage/members/"
    client.force_login(head.user)
    response = post(url, {"action": "role", "membership": row.pk, "role": "secretary"})
    assert messages_of(response) == [f"{tree.person_a.full_name}: роль «Секретарь»."]
    row.refresh_from_db()
    assert row.role == "secretary"

    response = post(url, {"action": "role", "membership": row.pk, "role": "head"})
    assert response.status_code == 400
    assert messages_of(response) == ["Выберите роль из списка."]
    head_row = Membership.objects.get(person=head)
    response = post(url, {"action": "remove", "membership": head_row.pk})
    assert response.status_code == 400
    assert Membership.objects.get(person=head).status == "active"

    post(url, {"action": "remove", "membership": row.pk})
    row.refresh_from_db()
    assert row.status == "left" and row.left_on == timezone.localdate()
    assert row.decided_by == head.user
    page = client.get(url).content.decode()
    assert f'name="membership" value="{row.pk}"' not in page


def test_invitations_by_name_and_e_mail_with_russian_errors(
    client, post, tree, community, head
):
    url = f"{community.url}manage/members/"
    client.force_login(head.user)
    other_region = PersonFactory(last_name="Иванова-Заречная")  # another region
    page = client.get(url, {"q": "ИВАНОВА мария"}).content.decode()
    assert tree.person_a.full_name in page and tree.school_a.name in page
    assert tree.person_b.full_name in page  # the region's other municipality
    assert other_region.full_name not in page
    response = post(
        url, {"action": "invite", "person": other_region.pk, "role": "member"}
    )
    assert response.status_code == 400
    assert "Человек не найден среди педагогов региона." in messages_of(response)

    response = post(url, {"action": "invite", "email": "nobody@example.org"})
    assert "Педагог с таким e-mail не найден в реестре портала." in messages_of(
        response
    )
    response = post(url, {"action": "invite", "email": "not an address"})
    assert "E-mail: Введите правильный e-mail." in messages_of(response)
    response = post(url, {"action": "invite"})
    assert "Найдите педагога по фамилии или укажите его e-mail." in messages_of(
        response
    )
    assert not Membership.objects.filter(status="invited").exists()

    post(url, {"action": "invite", "person": tree.person_b.pk, "role": "member"})
    invited = Membership.objects.get(person=tree.person_b)
    response = post(url, {"action": "invite", "person": tree.person_b.pk})
    assert messages_of(response) == [f"{tree.person_b.full_name} уже приглашен(а)."]
    post(url, {"action": "withdraw", "membership": invited.pk})
    assert not Membership.objects.filter(person=tree.person_b).exists()


def test_members_page_runs_a_bounded_number_of_queries(client, tree, community, head):
    url = f"{community.url}manage/members/"
    client.force_login(head.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        member(community, PersonFactory(organisation=tree.school_a))
    queries()  # the site's caches (site, theme settings) warm up
    few = queries()
    for n in range(40):
        person = PersonFactory(organisation=tree.school_a)
        member(community, person, status="active" if n % 2 else "requested")
    page = client.get(url).content.decode()
    assert page.count("Исключить") == 23  # 20 + 3 members besides the head
    assert queries() == few


def test_plan_items_done_edit_delete_and_publication(
    client, post, tree, community, head
):
    url = f"{community.url}manage/plan/{YEAR}/"
    client.force_login(head.user)
    assert not WorkPlan.objects.exists()
    response = post(url, {"action": "add", "topic": "", "date": f"{YEAR - 1}-10-10"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Укажите тему." in text
    assert f"Дата должна относиться к {YEAR} году." in text
    assert not WorkPlan.objects.exists()  # nothing written
    response = post(url, {"action": "add", "topic": "Заседание РМО"})
    assert "Укажите дату или срок" in response.content.decode()

    response = post(
        url,
        {
            "action": "add",
            "topic": "Заседание РМО",
            "form": "заседание",
            "date": f"{YEAR}-10-10",
            "responsible": head.pk,
            "order": 0,
        },
    )
    assert response.status_code == 302
    plan = WorkPlan.objects.get(community=community, year=YEAR)
    item = plan.items.get()
    assert item.responsible == head and item.date == dt.date(YEAR, 10, 10)
    outsider = PersonFactory(organisation=tree.school_b)
    response = post(
        url,
        {"action": "edit", "item": item.pk, "topic": "Заседание", "period": "октябрь",
         "responsible": outsider.pk, "order": 0},
    )  # fmt: skip
    assert response.status_code == 400  # only members may be responsible
    post(
        url,
        {"action": "edit", "item": item.pk, "topic": "Заседание № 1", "period": "октябрь",
         "order": 0},
    )  # fmt: skip
    item.refresh_from_db()
    assert item.topic == "Заседание № 1" and item.date is None

    post(url, {"action": "done", "item": item.pk, "result": "Утверждён план"})
    item.refresh_from_db()
    assert item.done and item.result == "Утверждён план"

    assert client.get(community.url).context["plan"] is None
    post(url, {"action": "publish"})
    plan.refresh_from_db()
    assert plan.published and plan.published_at
    public = client.get(community.url)
    assert public.context["plan"].pk == plan.pk
    assert "Заседание № 1" in public.content.decode()
    client.logout()
    assert "Заседание № 1" in client.get(community.url).content.decode()
    client.force_login(head.user)
    post(url, {"action": "unpublish"})
    plan.refresh_from_db()
    assert not plan.published

    post(url, {"action": "delete", "item": item.pk})
    assert not plan.items.exists()
    response = post(url, {"action": "publish"})
    assert messages_of(response) == [
        "В плане нет ни одного пункта: публиковать нечего."
    ]
    assert client.get(f"{community.url}manage/plan/1800/").status_code == 404


def test_plan_works_without_the_events_plugin(
    client, post, community, head, monkeypatch
):
    monkeypatch.setattr("plugins.communities.forms.is_enabled", lambda label: False)
    client.force_login(head.user)
    url = f"{community.url}manage/plan/{YEAR}/"
    page = client.get(url)
    assert 'name="event"' not in page.content.decode()
    post(url, {"action": "add", "topic": "Семинар", "period": "май", "order": 0})
    assert WorkPlan.objects.get().items.get().event is None


@pytest.mark.skipif(
    not apps.is_installed("plugins.events"), reason="the events plugin is not enabled"
)
def test_plan_item_links_an_event_of_the_year(client, post, tree, community, head):
    from tests.plugins.events.conftest import add_calendar, make_event

    calendar = add_calendar(tree.mun_a_page)
    start = dt.datetime(YEAR, 11, 5, 10, tzinfo=dt.UTC)
    seminar = make_event(calendar, "Семинар учителей математики", start=start)
    last_year = make_event(
        calendar, "Прошлогодний семинар", start=start.replace(year=YEAR - 1)
    )
    client.force_login(head.user)
    url = f"{community.url}manage/plan/{YEAR}/"
    page = client.get(url).content.decode()
    assert "Семинар учителей математики" in page and "Прошлогодний" not in page
    data = {"action": "add", "topic": "Семинар", "period": "ноябрь", "order": 0}
    response = post(url, {**data, "event": last_year.pk})
    assert response.status_code == 400
    post(url, {**data, "event": seminar.pk})
    assert WorkPlan.objects.get().items.get().event_id == seminar.pk


def test_materials_upload_checks_and_delete(client, post, community, head, monkeypatch):
    url = f"{community.url}manage/materials/"
    client.force_login(head.user)
    data = {"action": "add", "title": "Методичка", "kind": "product"}
    response = post(url, {**data, "file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert response.status_code == 400
    assert "Файлы такого типа не принимаются" in response.content.decode()
    response = post(url, data)
    assert (
        "Загрузите файл или укажите ссылку (одно из двух)." in response.content.decode()
    )
    response = post(
        url,
        {**data, "url": "https://example.org/a",
         "file": SimpleUploadedFile("a.pdf", b"%PDF")},
    )  # fmt: skip
    assert "одно из двух" in response.content.decode()
    monkeypatch.setattr("plugins.communities.forms.MAX_UPLOAD_BYTES", 10)
    response = post(url, {**data, "file": SimpleUploadedFile("big.pdf", b"x" * 11)})
    assert "Файл слишком большой" in response.content.decode()
    assert not CommunityMaterial.objects.exists()

    response = post(
        url,
        {**data, "members_only": "on", "file": SimpleUploadedFile("plan.pdf", b"%PDF")},
    )
    assert response.status_code == 302
    material = CommunityMaterial.objects.get()
    assert material.members_only and material.added_by == head.user
    storage, name = material.file.storage, material.file.name
    assert storage.exists(name)
    post(url, {"action": "delete", "material": material.pk})
    assert not CommunityMaterial.objects.exists() and not storage.exists(name)


def test_overview_counts_and_links(client, tree, community, head):
    member(community, tree.person_a, status="requested")
    WorkPlan.objects.create(community=community, year=YEAR - 1, published=True)
    client.force_login(head.user)
    page = client.get(f"{community.url}manage/").content.decode()
    assert 'class="count-requested">1<' in page and 'class="count-active">1<' in page
    assert f"manage/plan/{YEAR - 1}/" in page and f"report/{YEAR}/" in page
