"""The permission matrix of the mentoring records, cell by cell (as
tests/site/test_permissions.py does for the core): roles × records of the own and of
another territory × actions — the policy's answer, the admin listing and export,
the edit and delete pages (404 outside the scope), and the coordinator's
«Нужен наставник» list."""

import datetime

import pytest
from django.urls import reverse

from plugins.mentoring.models import MentoringNeed, PairRequest, PlanTemplate
from portal.permissions import policy
from tests.factories.core import PersonFactory

from .conftest import make_mentor, make_pair, young_teacher

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
# Records "_a" lie in school A (district A: the municipal and organisation editors'
# own); "_b" in school B of district B (only the region and superusers).
KINDS = ("mentor", "pair", "request", "need", "template", "plan")
ALLOWED = {
    **{f"{kind}_a": EDITORS for kind in KINDS},
    **{f"{kind}_b": {"regional_admin", "superuser"} for kind in KINDS},
}
#: Records with an admin listing (plans live on the pair's page, not in the admin).
ADMIN_MODELS = {"mentor", "pair", "request", "need", "template"}
#: Listings with an export, and what the export shows of a record.
EXPORTS = {
    "mentor": lambda obj: obj.person.full_name,
    "pair": lambda obj: obj.mentor.person.full_name,
}


@pytest.fixture
def records(tree):
    found = {}
    for side, school, municipality in (
        ("a", tree.school_a, tree.mun_a),
        ("b", tree.school_b, tree.mun_b),
    ):
        mentor = make_mentor(school, capacity=3)
        pair = make_pair(mentor, young_teacher(school))
        found[f"mentor_{side}"] = mentor
        found[f"pair_{side}"] = pair
        found[f"plan_{side}"] = pair.plan
        found[f"request_{side}"] = PairRequest.objects.create(
            mentor=mentor,
            mentee=young_teacher(school),
            deadline=datetime.date(2026, 12, 1),
        )
        found[f"need_{side}"] = MentoringNeed.objects.create(
            person=PersonFactory(organisation=school), reason="deficit"
        )
        found[f"template_{side}"] = PlanTemplate.objects.create(
            title=f"Шаблон {side}",
            organisation=school,
            municipality=municipality,
            region=tree.region,
        )
    return found


def user_for(users, role):
    from django.contrib.auth.models import AnonymousUser

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

    kind = key.rsplit("_", 1)[0]
    if kind not in ADMIN_MODELS:
        return
    if role != "anonymous":
        client.force_login(user)
    model = type(obj)

    listing = client.get(admin_url(obj, "list"))
    if role in EDITORS:
        assert listing.status_code == 200, f"{role} listing of {kind}"
        marker = f'id="snippet_{obj.pk}_title"'
        assert (marker in listing.content.decode()) is allowed, f"{role} lists {key}"
    else:
        assert listing.status_code in (302, 403), f"{role} opened {kind} listing"

    if kind in EXPORTS and role in EDITORS:
        export = client.get(admin_url(obj, "list") + "?export=csv")
        assert export.status_code == 200
        body = (
            b"".join(export.streaming_content).decode()
            if export.streaming
            else export.content.decode()
        )
        assert (EXPORTS[kind](obj) in body) is allowed, f"{role} export of {key}"

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
        assert model.objects.filter(pk=obj.pk).exists(), f"{role} deleted {key}"


NEEDS_ALLOWED = {
    "a": EDITORS,
    "b": {"regional_admin", "superuser"},
}


@pytest.mark.parametrize("role", ROLES)
def test_needs_list_shows_only_people_in_scope(client, users, tree, role):
    people = {
        "a": young_teacher(tree.school_a, last_name="Аистова"),
        "b": young_teacher(tree.school_b, last_name="Боброва"),
    }
    if role != "anonymous":
        client.force_login(user_for(users, role))
    response = client.get(reverse("mentoring_needs:index"))
    if role not in EDITORS:
        assert response.status_code in (302, 403)
        for person in people.values():
            assert person.full_name not in response.content.decode()
        return
    assert response.status_code == 200
    html = response.content.decode()
    for side, person in people.items():
        assert (person.full_name in html) is (role in NEEDS_ALLOWED[side]), (
            f"{role} sees {side}"
        )
        pick = client.get(reverse("mentoring_needs:pick", args=[person.pk]))
        expected = 200 if role in NEEDS_ALLOWED[side] else 404
        assert pick.status_code == expected, f"{role} pick {side}"


@pytest.mark.parametrize("role", ["municipal_editor", "organisation_editor"])
def test_forms_offer_only_the_own_territorys_people_and_mentors(
    client, users, records, tree, role
):
    client.force_login(user_for(users, role))
    html = client.get(reverse("wagtailsnippets_mentoring_pair:add")).content.decode()
    assert records["mentor_a"].person.full_name in html
    assert records["mentor_b"].person.full_name not in html
    assert records["request_a"].mentee.full_name in html
    assert records["request_b"].mentee.full_name not in html


def test_editing_another_territorys_pair_by_post_changes_nothing(
    client, users, records
):
    pair = records["pair_b"]
    client.force_login(users.municipal_editor)
    response = client.post(
        admin_url(pair, "edit"),
        {"status": "terminated", "termination_reason": "Взлом"},
    )
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.status == "active"
