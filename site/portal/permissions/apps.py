from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    """Wires group syncing (EditorRole → Wagtail groups) and the snippet permission policies."""

    name = "portal.permissions"
    label = "portal_permissions"
    verbose_name = _("Права доступа")

    def ready(self) -> None:
        from . import signals  # noqa: F401
