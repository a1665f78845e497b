"""Admin UI of the dashboard: the «Показатели» menu, its URLs, the targets viewset."""

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet

from portal.permissions.policy import scope_for
from portal.permissions.viewsets import TerritorialSnippetViewSet

from . import admin_urls
from .forms import IndicatorTargetForm
from .models import IndicatorTarget


class IndicatorTargetViewSet(TerritorialSnippetViewSet):
    """Targets per indicator, territory and year; listed under «Показатели».

    Scoped by the territory policy (a regional administrator sees and sets the
    targets of their region and its municipalities); changes are limited to
    regional administrators by TargetPermissionPolicy.
    """

    model = IndicatorTarget
    icon = "crosshairs"
    # A plain select of the user's territories: the territory chooser would offer
    # what the Territory registry's scope allows, which leaves out the region itself.
    edit_handler = ObjectList(
        [
            FieldPanel("indicator"),
            FieldRowPanel(
                [FieldPanel("territory", widget=forms.Select), FieldPanel("year")]
            ),
            FieldPanel("value"),
        ],
        base_form_class=IndicatorTargetForm,
    )
    add_to_admin_menu = False
    inspect_view_enabled = False
    list_display = [
        Column("indicator_title", label=_("Показатель")),
        "territory",
        "year",
        "value",
    ]
    list_filter = ["year"]
    search_fields = ["indicator"]
    export_filename = "indicator-targets"

    def get_queryset(self, request):
        return IndicatorTarget.objects.select_related("territory")


register_snippet(IndicatorTargetViewSet)


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request.user).is_editor


class TargetsMenuItem(MenuItem):
    def is_shown(self, request):
        return (
            IndicatorTarget.snippet_viewset.permission_policy.user_has_any_permission(
                request.user, ["add", "change", "delete", "view"]
            )
        )


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("indicators/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu():
    return SubmenuMenuItem(
        _("Показатели"),
        Menu(
            items=[
                DashboardMenuItem(
                    _("Панель показателей"),
                    reverse("dashboard:index"),
                    name="indicators-dashboard",
                    icon_name="table",
                    order=100,
                ),
                TargetsMenuItem(
                    _("Целевые значения"),
                    reverse(IndicatorTarget.snippet_viewset.get_url_name("list")),
                    name="indicators-targets",
                    icon_name="crosshairs",
                    order=200,
                ),
            ]
        ),
        name="indicators",
        icon_name="table",
        order=250,
    )
