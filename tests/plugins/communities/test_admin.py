"""«Сообщества» in the admin: memberships scoped to the editor's territory, approval
by setting the status, community types."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plugins.communities.models import Membership

from .conftest import make_community

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_communities_membership:list"
EDIT = "wagtailsnippets_communities_membership:edit"


@pytest.fixture
def memberships(tree, registries):
    mine = make_community(registries.mun_a, "РМО района А")
    other = make_community(registries.mun_b, "РМО района Б")
    return {
        "request": Membership.objects.create(
            community=mine, person=tree.person_a, message="Прошу принять"
        ),
        "other": Membership.objects.create(
            community=other,
            person=tree.person_b,
            status="active",
            joined_on="2024-09-01",
        ),
    }


def test_municipal_editors_see_only_their_communities_members(
    client, users, tree, memberships
):
    client.force_login(users.municipal_editor)
    page = client.get(reverse(LIST)).content.decode()
    assert tree.person_a.full_name in page
    assert tree.person_b.full_name not in page
    assert "РМО района Б" not in page  # not even among the filter's choices
    other = reverse(EDIT, args=[memberships["other"].pk])
    assert client.get(other).status_code in (302, 403, 404)
    response = client.post(other, {"role": "member", "status": "left"})
    assert response.status_code in (302, 403, 404)
    assert Membership.objects.get(pk=memberships["other"].pk).status == "active"
    client.force_login(users.regional_admin)
    page = client.get(reverse(LIST)).content.decode()
    assert tree.person_a.full_name in page and tree.person_b.full_name in page


def test_filter_by_community_status_and_role(
    client, users, tree, registries, memberships
):
    client.force_login(users.regional_admin)
    community = memberships["other"].community_id
    page = client.get(reverse(LIST), {"community": community}).content.decode()
    assert tree.person_b.full_name in page and tree.person_a.full_name not in page
    page = client.get(reverse(LIST), {"status": "requested"}).content.decode()
    assert tree.person_a.full_name in page and tree.person_b.full_name not in page
    client.force_login(users.municipal_editor)
    empty = make_community(registries.mun_a, "Новое МО")  # nobody in it yet
    page = client.get(reverse(LIST), {"community": empty.pk}).content.decode()
    assert tree.person_a.full_name not in page


def test_adding_a_member_in_the_admin(client, users, tree, memberships):
    community = memberships["request"].community
    other = memberships["other"].community
    client.force_login(users.municipal_editor)
    add = reverse("wagtailsnippets_communities_membership:add")
    assert client.get(add).status_code == 200
    data = {"person": tree.person_a.pk, "role": "expert", "status": "active"}
    response = client.post(add, {**data, "community": other.pk})
    assert response.status_code == 200  # another territory's community: refused
    assert "чужой территории" in response.content.decode()
    memberships["request"].delete()
    response = client.post(add, {**data, "community": community.pk})
    assert response.status_code == 302
    row = Membership.objects.get(community=community)
    assert (row.role, row.status, row.joined_on) == (
        "expert",
        "active",
        timezone.localdate(),
    )


def test_approving_in_the_admin_sets_joined_on_and_mails(
    client, users, tree, memberships, django_capture_on_commit_callbacks
):
    tree.person_a.email = "ivanova@example.org"
    tree.person_a.save()
    request = memberships["request"]
    client.force_login(users.municipal_editor)
    url = reverse(EDIT, args=[request.pk])
    form = client.get(url).content.decode()
    assert 'value="head"' not in form  # leaders are named on the community page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"role": "member", "status": "active", "joined_on": "", "left_on": ""}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "active"
    assert request.joined_on == timezone.localdate()
    assert request.decided_by == users.municipal_editor and request.decided_at
    (message,) = mail.outbox
    assert message.to == ["ivanova@example.org"]
    assert message.subject == "Вы приняты в сообщество: РМО района А"


def test_community_types_for_administrators(client, users):
    url = reverse("wagtailsnippets_communities_communitytype:list")
    client.force_login(users.superuser)
    page = client.get(url).content.decode()
    assert "Региональное учебно-методическое объединение" in page
    client.force_login(users.municipal_editor)
    assert client.get(url).status_code in (302, 403)


def test_community_page_header_links_to_members_and_the_head_tools(
    client, users, memberships
):
    community = memberships["request"].community
    client.force_login(users.municipal_editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[community.pk]))
    text = page.content.decode()
    assert f"{reverse(LIST)}?community={community.pk}" in text
    assert f"{community.url}manage/" in text
