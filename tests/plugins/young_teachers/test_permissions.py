"""Who sees which young teachers, cell by cell: roles × records of the own and of
another territory × actions — the policy's answer, the admin listing and export, the
edit and delete pages (404 outside the scope) for support records and young
teachers' cards, and the coordinator's list."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from plugins.young_teachers.models import YoungTeacherCard
from portal.permissions import policy

from .conftest import support, young_teacher

pytestmark = pytest.mark.django_db

ROLES = [
    "regional_admin",
    "municipal_editor",
    "organisation_editor",
    "teacher",
    "anonymous",
    "superuser",
]
EDITORS = {"regional_admin", "municipal_editor", "organisation_editor", "superuser"}
# "_a" records lie in school A (district A: the municipal and the school editor's
# own); "_b" in school B of district B (only the region and superusers).
ALLOWED = {
    "support_a": EDITORS,
    "card_a": EDITORS,
    "support_b": {"regional_admin", "superuser"},
    "card_b": {"regional_admin", "superuser"},
}
#: What the export of a listing shows of a record.
EXPORTS = {
    "support": lambda obj: obj.person.full_name,
    "card": lambda obj: obj.person.full_name,
}


@pytest.fixture
def records(tree):
    found = {}
    for side, school in (("a", tree.school_a), ("b", tree.school_b)):
        found[f"support_{side}"] = support(
            young_teacher(school, last_name=f"Поддержанная{side.upper()}")
        )
        found[f"card_{side}"] = YoungTeacherCard.objects.create(
            person=young_teacher(school, last_name=f"Карточкина{side.upper()}")
        )
    return found


def user_for(users, role):
    return AnonymousUser() if role == "anonymous" else getattr(users, role)


def admin_url(obj, action):
    meta = obj._meta
    name = f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}"
    return reverse(name, args=[obj.pk]) if action != "list" else reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(ALLOWED))
def test_matrix_cell(client, users, records, role, key):
    user = user_for(users, role)
    obj = records[key]
    allowed = role in ALLOWED[key]

    for action in (policy.VIEW, policy.CHANGE, policy.DELETE):
        assert policy.can(user, action, obj) is allowed, f"can({role}, {action}, {key})"
    scoped = policy.scope_queryset(user, type(obj).objects.all(), policy.VIEW)
    assert scoped.filter(pk=obj.pk).exists() is allowed, f"scope of {role}: {key}"

    if role != "anonymous":
        client.force_login(user)
    listing = client.get(admin_url(obj, "list"))
    if role in EDITORS:
        assert listing.status_code == 200, f"{role} listing of {key}"
        marker = f'id="snippet_{obj.pk}_title"'
        assert (marker in listing.content.decode()) is allowed, f"{role} lists {key}"
        export = client.get(admin_url(obj, "list") + "?export=csv")
        assert export.status_code == 200
        body = (
            b"".join(export.streaming_content).decode()
            if export.streaming
            else export.content.decode()
        )
        kind = key.rsplit("_", 1)[0]
        assert (EXPORTS[kind](obj) in body) is allowed, f"{role} export of {key}"
    else:
        assert listing.status_code in (302, 403), f"{role} opened the {key} listing"

    edit = client.get(admin_url(obj, "edit"))
    delete = client.get(admin_url(obj, "delete"))
    if allowed:
        assert edit.status_code == 200, f"{role} should edit {key}"
        assert delete.status_code == 200, f"{role} should see delete of {key}"
    else:
        expected = (404,) if role in EDITORS else (302, 403)
        assert edit.status_code in expected, f"{role} edit {key}: {edit.status_code}"
        assert delete.status_code in expected, f"{role} delete {key}"
        client.post(admin_url(obj, "delete"))
        assert type(obj).objects.filter(pk=obj.pk).exists(), f"{role} deleted {key}"


COORDINATOR_ALLOWED = {"a": EDITORS, "b": {"regional_admin", "superuser"}}


@pytest.mark.parametrize("role", ROLES)
def test_coordinator_list_shows_only_people_in_scope(client, users, tree, role):
    people = {
        "a": young_teacher(tree.school_a, last_name="Аистова"),
        "b": young_teacher(tree.school_b, last_name="Боброва"),
    }
    url = reverse("young_teachers_coordinator:index")
    if role != "anonymous":
        client.force_login(user_for(users, role))
    response = client.get(url)
    if role not in EDITORS:
        assert response.status_code in (302, 403)
        for person in people.values():
            assert person.full_name not in response.content.decode()
        return
    assert response.status_code == 200
    html = response.content.decode()
    for side, person in people.items():
        assert (person.full_name in html) is (role in COORDINATOR_ALLOWED[side]), (
            f"{role} sees {side}"
        )
    young = response.context["figures"]["young"]
    assert young == sum(role in COORDINATOR_ALLOWED[side] for side in "ab")
    # Another territory's organisation or district is not a choice: the filter is
    # refused (the whole scope is shown), never a window onto it.
    for params in (
        {"organisation": tree.school_b.pk},
        {"municipality": tree.mun_b.pk},
    ):
        filtered = client.get(url, params)
        assert filtered.status_code == 200
        shown = filtered.content.decode()
        if role not in COORDINATOR_ALLOWED["b"]:
            assert people["b"].full_name not in shown
            form = filtered.context["filters"]
            assert form.errors or set(params) - set(form.fields)
    # The dashboard's table behind the XLSX link follows the same scope.
    export = client.get(url, {"format": "xlsx"})
    assert export.status_code == 302
    assert client.get(export["Location"]).status_code == 200
    if role not in COORDINATOR_ALLOWED["b"]:
        other = reverse("dashboard:unit_export", args=["municipality", tree.mun_b.pk])
        assert client.get(other).status_code == 404
