"""The «Импорт данных» menu item and its admin URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.permissions.policy import scope_for

from . import admin_urls


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request.user).is_editor


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("imports/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Импорт данных"),
        reverse("portal_imports:index"),
        icon_name="upload",
        order=850,
    )
