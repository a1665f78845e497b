"""Joining a community, requests decided by its head, invitations, leaving and coming
back, members-only materials, e-mails, and the page's head and deputies kept in step
with the memberships."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core import mail
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from plugins.communities.membership_views import membership_context
from plugins.communities.models import CommunityMaterial, Membership
from tests.factories.core import PersonFactory, UserFactory, editor

from .conftest import make_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """client.post, then the callbacks its transaction registered for after commit."""

    def send(url, data=None, **extra):
        client.cookies.pop("messages", None)  # read: only this request's messages
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return send


def person_with_account(organisation, username, **fields):
    user = UserFactory(username=username)
    user.save()
    return PersonFactory(organisation=organisation, user=user, **fields)


@pytest.fixture
def head(tree):
    return person_with_account(
        tree.school_a, "head", last_name="Сергеева", email="head@example.org"
    )


@pytest.fixture
def community(registries, head):
    """A district МО of municipality A, on request, headed by ``head``."""
    return make_community(
        registries.mun_a,
        "РМО учителей математики",
        join_method="request",
        head=head,
        contact_email="rmo@example.org",
    )


def members_material(community, title="Протокол заседания", content=b"secret"):
    return CommunityMaterial.objects.create(
        community=community,
        title=title,
        members_only=True,
        file=ContentFile(content, name="protocol.pdf"),
    )


def box(community, user) -> str:
    """The «Участие» block as ``user`` sees it on the community page."""
    request = RequestFactory().get(community.url)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    context = {"page": community, **membership_context(community, request)}
    return render_to_string("communities/includes/membership.html", context, request)


def messages_of(response) -> list[str]:
    """The messages shown by (or after) this request."""
    return [str(m) for m in response.wsgi_request._messages]


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_teacher_asks_the_head_approves_and_the_teacher_gets_members_materials(
    client, post, tree, users, community, head
):
    material = members_material(community)
    material_url = f"{community.url}materials/{material.pk}/"
    client.force_login(users.teacher)
    assert client.get(material_url).status_code == 404
    assert "Подать заявку" in box(community, users.teacher)

    response = post(f"{community.url}join/", {"message": "Веду алгебру в 7–9 классах"})
    assert response.status_code == 302 and response["Location"].endswith("#membership")
    row = Membership.objects.get(community=community, person=tree.person_a)
    assert row.status == "requested" and row.message == "Веду алгебру в 7–9 классах"
    (request_mail,) = mail.outbox
    assert (
        request_mail.subject
        == "Заявка на вступление в сообщество: РМО учителей математики"
    )
    assert request_mail.to == ["head@example.org", "rmo@example.org"]
    assert f"{community.url}manage/members/" in request_mail.body
    assert tree.person_a.full_name in request_mail.body
    page = client.get(community.url).content.decode()  # where the redirect leads
    assert "Заявка отправлена. Руководитель сообщества рассмотрит её." in page
    assert "Заявка на рассмотрении" in page and "Отозвать заявку" in page
    assert client.get(material_url).status_code == 404

    mail.outbox.clear()
    client.force_login(head.user)
    members_page = client.get(f"{community.url}manage/members/").content.decode()
    assert tree.person_a.full_name in members_page
    assert "Веду алгебру" in members_page
    response = post(
        f"{community.url}manage/members/",
        {"action": "decide", "membership": row.pk, "decision": "approve"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "active" and row.joined_on == timezone.localdate()
    assert row.decided_by == head.user
    (approved,) = mail.outbox
    assert approved.subject == "Вы приняты в сообщество: РМО учителей математики"
    assert approved.to == [
        users.teacher.email
    ]  # no e-mail in the registry: the account's

    client.force_login(users.teacher)
    response = client.get(material_url)
    assert response.status_code == 200 and downloaded(response) == b"secret"
    teacher_box = box(community, users.teacher)
    assert "Протокол заседания" in teacher_box and "Выйти из сообщества" in teacher_box
    assert "Управление сообществом" not in teacher_box

    outsider = person_with_account(tree.school_b, "outsider")
    client.force_login(outsider.user)
    assert client.get(material_url).status_code == 404
    assert "Протокол заседания" not in box(community, outsider.user)
    client.logout()
    assert client.get(material_url).status_code == 404


def test_declined_request_is_mailed_and_may_be_sent_again(
    client, post, tree, users, community, head
):
    client.force_login(users.teacher)
    post(f"{community.url}join/")
    row = Membership.objects.get(person=tree.person_a)
    client.force_login(head.user)
    mail.outbox.clear()
    post(
        f"{community.url}manage/members/",
        {"action": "decide", "membership": row.pk, "decision": "decline"},
    )
    row.refresh_from_db()
    assert row.status == "declined"
    assert mail.outbox[0].subject == (
        "Заявка на вступление отклонена: РМО учителей математики"
    )
    client.force_login(users.teacher)
    assert "Ваша прошлая заявка была отклонена" in box(community, users.teacher)
    post(f"{community.url}join/")
    assert Membership.objects.get(pk=row.pk).status == "requested"
    assert Membership.objects.filter(person=tree.person_a).count() == 1


def test_open_community_leave_and_join_again_reuses_the_row(
    client, post, tree, users, registries
):
    club = make_community(
        registries.mun_a, "Клуб молодых педагогов", join_method="open"
    )
    client.force_login(users.teacher)
    assert "Вступить" in box(club, users.teacher)
    response = post(f"{club.url}join/")
    row = Membership.objects.get(community=club, person=tree.person_a)
    assert row.status == "active" and row.joined_on == timezone.localdate()
    assert not mail.outbox  # nothing to decide
    messages = messages_of(response)
    assert messages == ["Вы вступили в сообщество."]

    post(f"{club.url}leave/")
    row.refresh_from_db()
    assert row.status == "left" and row.left_on == timezone.localdate()
    assert "Вступить снова" in box(club, users.teacher)

    post(f"{club.url}join/")
    again = Membership.objects.get(community=club, person=tree.person_a)
    assert again.pk == row.pk
    assert again.status == "active" and again.left_on is None


def test_a_request_withdrawn_leaves_no_trace(client, post, tree, users, community):
    client.force_login(users.teacher)
    post(f"{community.url}join/")
    assert "Отозвать заявку" in box(community, users.teacher)
    post(f"{community.url}leave/")
    assert not Membership.objects.filter(person=tree.person_a).exists()


def test_invitation_accepted_and_declined(client, post, tree, users, community, head):
    client.force_login(head.user)
    found = client.get(f"{community.url}manage/members/", {"q": "иванова"})
    assert tree.person_a.full_name in found.content.decode()
    assert tree.school_a.name in found.content.decode()  # shown to the leader
    post(
        f"{community.url}manage/members/",
        {"action": "invite", "person": tree.person_a.pk, "role": "expert"},
    )
    row = Membership.objects.get(person=tree.person_a)
    assert row.status == "invited" and row.role == "expert"
    assert row.invited_by == head.user
    (invitation,) = mail.outbox
    assert invitation.subject == "Приглашение в сообщество: РМО учителей математики"
    assert f"{community.url}invitation/" in invitation.body

    client.force_login(users.teacher)
    assert "Принять приглашение" in box(community, users.teacher)
    assert client.get(f"{community.url}invitation/").status_code == 302  # to the page
    post(f"{community.url}invitation/", {"decision": "accept"})
    row.refresh_from_db()
    assert row.status == "active" and row.role == "expert" and row.joined_on

    other = person_with_account(tree.school_a, "other", email="other@example.org")
    client.force_login(head.user)
    post(
        f"{community.url}manage/members/",
        {"action": "invite", "email": "OTHER@example.org", "role": "member"},
    )
    client.force_login(other.user)
    post(f"{community.url}invitation/", {"decision": "decline"})
    assert Membership.objects.get(person=other).status == "declined"
    response = post(f"{community.url}invitation/", {"decision": "accept"})
    assert messages_of(response) == ["Приглашение не найдено или уже неактуально."]


def test_invitation_only_and_archived_communities_accept_nobody(
    client, post, tree, users, registries
):
    council = make_community(
        registries.mun_a, "Экспертный совет", join_method="invitation"
    )
    archive = make_community(
        registries.mun_a, "Старое МО", join_method="open", status="archived"
    )
    client.force_login(users.teacher)
    assert "по приглашению" in box(council, users.teacher)
    assert "Вступить" not in box(council, users.teacher)
    assert "в архиве" in box(archive, users.teacher)
    for community, error in (
        (council, "В это сообщество вступают только по приглашению."),
        (archive, "Сообщество в архиве и не принимает участников."),
    ):
        response = post(f"{community.url}join/")
        assert response.status_code == 302
        assert messages_of(response) == [error]
    assert not Membership.objects.exists()


def test_get_anonymous_no_person_csrf_and_bad_input(
    client, post, tree, users, community
):
    for route in ("join/", "leave/"):
        assert client.get(community.url + route).status_code == 302
    response = client.post(community.url + "join/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Войдите, чтобы вступить" in box(community, AnonymousUser())

    client.force_login(users.municipal_editor)  # an account without a Person card
    response = post(community.url + "join/")
    assert "не связана с карточкой педагога" in messages_of(response)[0]
    assert "не связана с карточкой педагога" in box(community, users.municipal_editor)

    client.force_login(users.teacher)
    response = post(community.url + "join/", {"message": "х" * 2001})
    assert messages_of(response) == [
        "Сообщение слишком длинное: не больше 2000 символов."
    ]
    response = post(community.url + "invitation/", {"decision": "maybe"})
    assert response.status_code == 302
    response = post(community.url + "leave/")
    assert messages_of(response) == ["Вы не состоите в этом сообществе."]
    assert not Membership.objects.filter(person=tree.person_a).exists()

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users.teacher)
    assert strict.post(community.url + "join/").status_code == 403


def test_public_materials_for_everyone_links_redirect(client, tree, users, community):
    product = CommunityMaterial.objects.create(
        community=community,
        title="Сборник заданий",
        kind="product",
        members_only=False,
        file=ContentFile(b"tasks", name="tasks.pdf"),
    )
    link = CommunityMaterial.objects.create(
        community=community,
        title="Запись вебинара",
        members_only=False,
        url="https://example.org/video",
    )
    response = client.get(f"{community.url}materials/{product.pk}/")
    assert response.status_code == 200 and downloaded(response) == b"tasks"
    response = client.get(f"{community.url}materials/{link.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/video"
    assert client.get(f"{community.url}materials/999999/").status_code == 404


def test_page_editors_see_members_only_materials_other_territories_do_not(
    client, tree, users, community
):
    material = members_material(community)
    url = f"{community.url}materials/{material.pk}/"
    client.force_login(users.municipal_editor)
    assert client.get(url).status_code == 200
    assert "Протокол заседания" in box(community, users.municipal_editor)
    assert "Управление сообществом" in box(community, users.municipal_editor)
    client.force_login(editor("municipal_editor", territory=tree.mun_b))
    assert client.get(url).status_code == 404


def test_mail_failure_is_logged_not_an_error(
    client, post, users, community, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("plugins.communities.membership_flow.send_mail", broken)
    client.force_login(users.teacher)
    response = post(f"{community.url}join/")
    assert response.status_code == 302
    assert Membership.objects.get(person__user=users.teacher).status == "requested"
    assert "e-mail not sent" in caplog.text


# The page's head and deputies --------------------------------------------------------


def test_publishing_the_page_makes_its_head_and_deputies_leaders(
    tree, users, community, head
):
    row = Membership.objects.get(community=community, person=head)
    assert (row.status, row.role) == ("active", "head")
    assert row.joined_on == timezone.localdate()

    deputy = person_with_account(tree.school_a, "deputy")
    member = Membership.objects.create(
        community=community,
        person=tree.person_a,
        status="active",
        role="secretary",
        joined_on=timezone.localdate(),
    )
    community.head = deputy
    community.deputies.set([head])
    community.save_revision().publish()
    roles = dict(
        Membership.objects.filter(community=community).values_list("person_id", "role")
    )
    assert roles == {
        head.pk: "deputy",
        deputy.pk: "head",
        tree.person_a.pk: "secretary",
    }

    community.head = None
    community.deputies.set([])
    community.save_revision().publish()
    rows = Membership.objects.filter(community=community)
    assert {r.person_id: (r.status, r.role) for r in rows} == {
        head.pk: ("active", "member"),  # no longer a leader, still in the community
        deputy.pk: ("active", "member"),
        tree.person_a.pk: ("active", "secretary"),
    }
    member.refresh_from_db()
    assert member.role == "secretary"


def test_a_head_who_had_left_comes_back_when_named_again(tree, community, head):
    row = Membership.objects.get(community=community, person=head)
    row.status, row.left_on = "left", timezone.localdate()
    row.save()
    community.save_revision().publish()
    row.refresh_from_db()
    assert (row.status, row.role, row.left_on) == ("active", "head", None)
    assert Membership.objects.filter(community=community).count() == 1
