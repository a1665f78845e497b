"""Keeps Wagtail groups in step with EditorRole, so the page tree obeys the policy.

Two kinds of managed groups:
  * one group per role holding the model permissions of that role;
  * one group per section page ("Редакторы раздела #<id>") holding Wagtail page
    permissions on that section's subtree.
A user's managed groups are recomputed from their roles; other groups are untouched.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from .registry import territorial_models

SECTION_GROUP_PREFIX = "Редакторы раздела #"
PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
COLLECTION_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)

ROLE_GROUPS = {
    "regional_admin": "Региональные администраторы",
    "municipal_editor": "Муниципальные редакторы",
    "organisation_editor": "Редакторы организаций",
}
#: Non-territorial models a role may also manage (taxonomies, glossary).
ROLE_EXTRA_MODELS = {
    "regional_admin": ("core.glossaryterm", "core.subject", "core.organisationstatus"),
}
#: Roles that edit every short editable list (each concrete ``Taxonomy``: event and
#: community types, forms of mentoring, competences…), whichever app defines it.
TAXONOMY_ROLES = ("regional_admin",)


def taxonomy_models() -> list:
    """Concrete models of the core's ``Taxonomy`` base in the installed apps (plugins'
    lists included without the core naming them)."""
    from django.apps import apps

    from portal.core.models.taxonomy import Taxonomy

    return [
        m
        for m in apps.get_models()
        if issubclass(m, Taxonomy) and not m._meta.abstract and not m._meta.proxy
    ]


#: Territorial models a role may only view (not add, change or delete).
ROLE_VIEW_ONLY = {
    "municipal_editor": ("core.territory",),
    "organisation_editor": ("core.territory", "core.organisation"),
}


def _perms(model_label: str, actions) -> list[Permission]:
    app_label, model_name = model_label.split(".")
    ct = ContentType.objects.get_by_natural_key(app_label, model_name)
    return list(
        Permission.objects.filter(
            content_type=ct, codename__in=[f"{a}_{model_name}" for a in actions]
        )
    )


def ensure_role_group(role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    perms = list(
        Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    view_only = ROLE_VIEW_ONLY.get(role, ())
    for model in territorial_models():
        label = model._meta.label_lower
        actions = (
            ("view",) if label in view_only else ("add", "change", "delete", "view")
        )
        perms += _perms(label, actions)
    for label in ROLE_EXTRA_MODELS.get(role, ()):
        perms += _perms(label, ("add", "change", "delete", "view"))
    if role in TAXONOMY_ROLES:
        for model in taxonomy_models():
            perms += _perms(
                model._meta.label_lower, ("add", "change", "delete", "view")
            )
    group.permissions.set(perms)
    root = Collection.get_first_root_node()
    if root:
        for perm in Permission.objects.filter(codename__in=COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=perm
            )
    return group


def ensure_section_group(page: Page) -> Group:
    group, _ = Group.objects.get_or_create(name=f"{SECTION_GROUP_PREFIX}{page.pk}")
    for perm in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=perm
        )
    return group


def section_pages_for(role) -> list[Page]:
    from portal.sections.models import MunicipalityPage, OrganisationPage, RegionPage

    if role.role == "regional_admin":
        return list(RegionPage.objects.filter(territory_id=role.territory_id))
    if role.role == "municipal_editor":
        return list(MunicipalityPage.objects.filter(territory_id=role.territory_id))
    return list(OrganisationPage.objects.filter(organisation_id=role.organisation_id))


@transaction.atomic
def sync_user(user) -> None:
    """Recompute the managed groups of one user from their EditorRoles."""
    managed = Group.objects.filter(
        name__in=ROLE_GROUPS.values()
    ) | Group.objects.filter(name__startswith=SECTION_GROUP_PREFIX)
    wanted = set()
    for role in user.editor_roles.all():
        wanted.add(ensure_role_group(role.role).pk)
        wanted.update(ensure_section_group(page).pk for page in section_pages_for(role))
    current = set(user.groups.filter(pk__in=managed).values_list("pk", flat=True))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))
    if hasattr(user, "_portal_scope"):
        del user._portal_scope


def sync_section(page) -> None:
    """A section page was created: grant its editors (existing roles) access to it."""
    from django.contrib.auth import get_user_model

    from portal.core.models import EditorRole

    roles = EditorRole.objects.none()
    if hasattr(page, "territory_id"):
        roles = EditorRole.objects.filter(territory_id=page.territory_id)
    elif hasattr(page, "organisation_id"):
        roles = EditorRole.objects.filter(organisation_id=page.organisation_id)
    for user in get_user_model().objects.filter(editor_roles__in=roles).distinct():
        sync_user(user)
