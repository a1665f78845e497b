"""The permission matrix: roles × own/other-territory objects × actions, every cell asserted.

Wagtail's snippet views ignore per-object rules (wagtail#13314); these tests prove the
core's scoped viewsets, forms and page permissions close that gap, through real HTTP
requests to the admin, and that the policy itself answers the same.
"""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from portal.core.models import Organisation, Person
from portal.permissions import policy
from tests.plugins.dummy.models import DummyNote

ROLES = [
    "regional_admin",
    "municipal_editor",
    "organisation_editor",
    "teacher",
    "superuser",
]

# Objects by key → which roles may change them. Territory A is the municipal and
# organisation editors' own; B is another municipality of the same region.
CHANGE_ALLOWED = {
    "school_a": {
        "regional_admin",
        "municipal_editor",
        "organisation_editor",
        "superuser",
    },
    "school_b": {"regional_admin", "superuser"},
    "regional_org": {"regional_admin", "superuser"},
    "person_a": {
        "regional_admin",
        "municipal_editor",
        "organisation_editor",
        "teacher",
        "superuser",
    },
    "person_b": {"regional_admin", "superuser"},
    "note_a": {"regional_admin", "municipal_editor", "superuser"},
    "note_b": {"regional_admin", "superuser"},
    "region_page": {"regional_admin", "superuser"},
    "mun_a_page": {"regional_admin", "municipal_editor", "superuser"},
    "mun_b_page": {"regional_admin", "superuser"},
    "school_a_page": {
        "regional_admin",
        "municipal_editor",
        "organisation_editor",
        "superuser",
    },
    "school_b_page": {"regional_admin", "superuser"},
}
# Roles whose group grants the model permission to edit records of that model in the
# admin at all (the organisation editor may only view organisations; teachers have
# no admin access and edit their profile at /profile/).
ADMIN_EDIT_MODELS = {
    "regional_admin": {"organisation", "person", "dummynote"},
    "municipal_editor": {"organisation", "person", "dummynote"},
    "organisation_editor": {"person", "dummynote"},
    "teacher": set(),
    "superuser": {"organisation", "person", "dummynote"},
}


@pytest.fixture
def objects(tree):
    return {
        "school_a": tree.school_a,
        "school_b": tree.school_b,
        "regional_org": tree.regional_org,
        "person_a": tree.person_a,
        "person_b": tree.person_b,
        "note_a": DummyNote.objects.create(text="Заметка А", municipality=tree.mun_a),
        "note_b": DummyNote.objects.create(text="Заметка Б", municipality=tree.mun_b),
        "region_page": tree.region_page,
        "mun_a_page": tree.mun_a_page,
        "mun_b_page": tree.mun_b_page,
        "school_a_page": tree.school_a_page,
        "school_b_page": tree.school_b_page,
    }


def snippet_url(obj, action):
    meta = obj._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}", args=[obj.pk]
    )


def listing_url(model):
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")


def record_label(obj):
    return obj.last_name if isinstance(obj, Person) else str(obj)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(CHANGE_ALLOWED))
def test_matrix_cell(client, users, objects, role, key):
    user = getattr(users, role)
    obj = objects[key].specific if hasattr(objects[key], "specific") else objects[key]
    allowed = role in CHANGE_ALLOWED[key]

    # The policy answers the same as the matrix.
    assert policy.can(user, policy.CHANGE, obj) is allowed, (
        f"policy.can({role}, change, {key})"
    )

    client.force_login(user)
    if key.endswith("_page"):
        _assert_page_cell(client, obj, allowed, role, key)
    else:
        _assert_record_cell(
            client,
            obj,
            allowed and obj._meta.model_name in ADMIN_EDIT_MODELS[role],
            role,
            key,
        )


def _assert_page_cell(client, page, allowed, role, key):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(edit_url)
    if allowed:
        assert response.status_code == 200, f"{role} should edit {key}"
        response = client.post(edit_url, page_form_data(page, title="Новое название"))
        assert response.status_code == 302, (
            f"{role} publish {key}: {response.status_code}"
        )
        page.refresh_from_db()
        assert page.title == "Новое название"
    else:
        assert response.status_code in (302, 403, 404), (
            f"{role} must not open {key} edit page"
        )
        client.post(edit_url, page_form_data(page, title="Взлом"))
        page.refresh_from_db()
        assert page.title != "Взлом", f"{role} changed {key}"
        add_url = reverse("wagtailadmin_pages:add_subpage", args=[page.pk])
        assert client.get(add_url).status_code in (302, 403, 404), (
            f"{role} may add under {key}"
        )


def page_form_data(page, title):
    data = {
        "title": title,
        "slug": page.slug,
        "intro": rich_text(""),
        "body": streamfield([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    for field in ("territory", "organisation"):
        if hasattr(page, f"{field}_id"):
            data[field] = getattr(page, f"{field}_id")
    return nested_form_data(data)


def _assert_record_cell(client, obj, allowed, role, key):
    model = type(obj)
    label = record_label(obj)

    listing = client.get(listing_url(model))
    if listing.status_code == 200:
        marker = f'id="snippet_{obj.pk}_title"'
        assert (marker in listing.content.decode()) is policy.can(
            client_user(client), policy.VIEW, obj
        ), f"{role} listing of {key}"

    export = client.get(listing_url(model) + "?export=csv")
    if export.status_code == 200:
        body = (
            b"".join(export.streaming_content).decode()
            if export.streaming
            else export.content.decode()
        )
        assert (label in body) is policy.can(client_user(client), policy.VIEW, obj), (
            f"{role} export of {key}"
        )

    edit = client.get(snippet_url(obj, "edit"))
    delete = client.get(snippet_url(obj, "delete"))
    if allowed:
        assert edit.status_code == 200, f"{role} should edit {key}"
        assert delete.status_code == 200, f"{role} should see delete of {key}"
    else:
        assert edit.status_code in (302, 403, 404), (
            f"{role} opened edit of {key}: {edit.status_code}"
        )
        assert delete.status_code in (302, 403, 404), f"{role} opened delete of {key}"
        client.post(snippet_url(obj, "delete"))
        assert model.objects.filter(pk=obj.pk).exists(), f"{role} deleted {key}"


def client_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_municipal_editor_cannot_create_record_in_other_municipality(
    client, tree, users
):
    client.force_login(users.municipal_editor)
    url = reverse("wagtailsnippets_core_organisation:add")
    data = {
        "name": "Чужая школа",
        "kind": "school",
        "level": "institutional",
        "region": tree.region.pk,
        "municipality": tree.mun_b.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "чужой территории" in response.content.decode()
    assert not Organisation.objects.filter(name="Чужая школа").exists()

    data["municipality"] = tree.mun_a.pk
    data["name"] = "Своя школа"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Organisation.objects.get(name="Своя школа").municipality == tree.mun_a


def test_municipal_editor_cannot_move_record_to_other_municipality(client, tree, users):
    client.force_login(users.municipal_editor)
    url = snippet_url(tree.person_a, "edit")
    response = client.get(url)
    assert response.status_code == 200
    # The organisation choice offers only the editor's own organisations.
    assert "МБОУ СОШ № 2" not in response.content.decode()
    response = client.post(
        url,
        {
            "last_name": "Иванова",
            "first_name": "Мария",
            "organisation": tree.school_b.pk,
            "public_fields": "[]",
        },
    )
    assert response.status_code == 200
    tree.person_a.refresh_from_db()
    assert tree.person_a.organisation == tree.school_a


def test_chooser_lists_only_own_territory(client, tree, users):
    client.force_login(users.municipal_editor)
    response = client.get(reverse("wagtailsnippetchoosers_core_organisation:choose"))
    assert response.status_code == 200
    html = response.json()["html"]
    assert "МБОУ СОШ № 1" in html
    assert "МБОУ СОШ № 2" not in html
    chosen = client.get(
        reverse(
            "wagtailsnippetchoosers_core_organisation:chosen", args=[tree.school_b.pk]
        )
    )
    assert chosen.status_code == 404


def test_bulk_delete_respects_territory(client, tree, users):
    client.force_login(users.municipal_editor)
    url = (
        reverse("wagtail_bulk_action", args=["core", "organisation", "delete"])
        + f"?id={tree.school_a.pk}&id={tree.school_b.pk}"
    )
    client.post(url)
    assert Organisation.objects.filter(pk=tree.school_b.pk).exists()


def test_page_explorer_hides_other_municipality(client, tree, users):
    client.force_login(users.municipal_editor)
    own = client.get(reverse("wagtailadmin_explore", args=[tree.mun_a_page.pk]))
    assert own.status_code == 200
    assert "МБОУ СОШ № 1" in own.content.decode()
    other = client.get(reverse("wagtailadmin_explore", args=[tree.mun_b_page.pk]))
    assert other.status_code != 200 or "МБОУ СОШ № 2" not in other.content.decode()
    search = client.get(reverse("wagtailadmin_pages:search") + "?q=СОШ")
    assert "МБОУ СОШ № 2" not in search.content.decode()


def test_regional_admin_edits_person_consent_with_checkboxes(client, tree, users):
    client.force_login(users.regional_admin)
    response = client.post(
        snippet_url(tree.person_b, "edit"),
        {
            "last_name": "Петрова",
            "first_name": "Анна",
            "organisation": tree.school_b.pk,
            "public_consent": "on",
            "public_fields": ["name", "position"],
        },
    )
    assert response.status_code == 302
    tree.person_b.refresh_from_db()
    assert tree.person_b.last_name == "Петрова"
    assert tree.person_b.public_fields == ["name", "position"]


@pytest.mark.django_db
def test_regional_admins_edit_every_taxonomy_municipal_editors_none(users):
    """Short editable lists (competences here; plugins' types and forms the same way)
    belong to the region: its administrators edit them, municipal editors do not."""
    from portal.permissions.groups import taxonomy_models

    labels = {m._meta.label_lower for m in taxonomy_models()}
    assert {"core.competence", "core.competencearea"} <= labels
    for label in labels:
        app, name = label.split(".")
        assert users.regional_admin.has_perm(f"{app}.change_{name}"), label
        assert not users.municipal_editor.has_perm(f"{app}.change_{name}"), label
