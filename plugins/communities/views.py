"""Admin of the communities plugin: «Сообщества» → memberships of the editor's
territory and the editable list of community types (``CommunitiesConfig.admin_viewsets``).

Memberships are territorial through their community: a municipal editor sees, approves
and exports only those of their municipality's communities (the policy scopes every
view of ``TerritorialSnippetViewSet``).
"""

import django_filters
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.permissions import policy
from portal.permissions.forms import TerritorialAdminForm
from portal.permissions.viewsets import TerritorialSnippetViewSet

from . import membership_flow as flow
from .models import CommunityPage, CommunityType, Membership

Status = Membership.Status


def scoped_communities(request):
    """The filter's choices: the communities of the user's territory, those without
    members too (the button on a community's page filters by it; an unknown choice
    would make Wagtail drop the filter and list everything)."""
    scope = policy.scope_for(request.user)
    pages = CommunityPage.objects.order_by("title")
    if scope.everything:
        return pages
    return pages.filter(
        Q(region_id__in=scope.regions)
        | Q(municipality_id__in=scope.municipalities)
        | Q(organisation_id__in=scope.organisations)
    )


class MembershipFilterSet(WagtailFilterSet):
    community = django_filters.ModelChoiceFilter(
        label=_("Сообщество"), queryset=scoped_communities
    )
    status = django_filters.ChoiceFilter(label=_("Статус"), choices=Status.choices)
    role = django_filters.ChoiceFilter(label=_("Роль"), choices=Membership.Role.choices)

    class Meta:
        model = Membership
        fields = ["community", "status", "role"]


class MembershipAdminForm(TerritorialAdminForm):
    """Approving here is setting the status «Участник»: the dates, who decided and the
    person's e-mail follow as in the head's tools. Community and person are fixed once
    the record exists; head and deputies are named on the community page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status_before = self.instance.status if self.instance.pk else None
        if self.instance.pk:
            for name in ("community", "person"):
                self.fields.pop(name, None)
        role = self.fields.get("role")
        if role is not None and self.instance.role not in Membership.LEADERS:
            role.choices = [
                choice for choice in role.choices if choice[0] not in Membership.LEADERS
            ]
            role.help_text = _(
                "Руководитель и заместители указываются на странице сообщества."
            )

    def save(self, commit=True):
        instance = super().save(commit=False)
        before, status = self.status_before, instance.status
        user = self.for_user
        what = None
        if status != before:
            now, today = timezone.now(), timezone.localdate()
            if status == Status.ACTIVE:
                if "joined_on" not in self.changed_data and (
                    instance.joined_on is None or instance.left_on is not None
                ):
                    instance.joined_on = today
                instance.left_on = None
            elif status == Status.LEFT and instance.left_on is None:
                instance.left_on = today
            if before == Status.REQUESTED and status in (
                Status.ACTIVE,
                Status.DECLINED,
            ):
                instance.decided_at, instance.decided_by = now, user
                what = "decided"
            elif status == Status.INVITED:
                instance.invited_by = user
                what = "invited"
        if commit:
            with transaction.atomic():
                instance.save()
                self._save_m2m()
                if what:
                    transaction.on_commit(
                        lambda: flow.safely(flow.notify_person, instance, what)
                    )
        return instance


class MembershipViewSet(TerritorialSnippetViewSet):
    """Memberships of the communities of the editor's territory: requests to approve,
    invitations, members and their roles, export."""

    model = Membership
    icon = "group"
    menu_label = _("Участники сообществ")
    menu_name = "community-memberships"
    list_display = ["person", "community", "role", "status", "joined_on"]
    filterset_class = MembershipFilterSet
    search_fields = ["person__last_name", "person__first_name", "community__title"]
    list_export = [
        "community",
        "person",
        "get_role_display",
        "get_status_display",
        "joined_on",
        "left_on",
        "created_at",
    ]
    export_headings = {
        "get_role_display": _("Роль"),
        "get_status_display": _("Статус"),
    }
    export_filename = "uchastniki-soobshchestv"
    territorial_form_class = MembershipAdminForm
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("person"),
            FieldRowPanel([FieldPanel("role"), FieldPanel("status")]),
            FieldRowPanel([FieldPanel("joined_on"), FieldPanel("left_on")]),
            FieldPanel("message", read_only=True),
        ]
    )

    def get_queryset(self, request):
        """The filter ``?community=`` is also the link of the button on a community's
        page in the admin (``wagtail_hooks``)."""
        return Membership.objects.select_related("person", "community")


class CommunityTypeViewSet(SnippetViewSet):
    """Editable list of community types (seeded from DOMAIN.md)."""

    model = CommunityType
    icon = "tag"
    list_display = ["name", "code", "order"]
    ordering = ["order", "name"]


class CommunitiesGroup(SnippetViewSetGroup):
    """«Сообщества» in the admin menu."""

    items = (MembershipViewSet, CommunityTypeViewSet)
    menu_label = _("Сообщества")
    menu_icon = "group"
    menu_name = "communities"
    menu_order = 320
