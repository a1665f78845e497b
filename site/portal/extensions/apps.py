from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtensionsConfig(AppConfig):
    """Registers the plugin system checks and the typed hook manager."""

    name = "portal.extensions"
    label = "extensions"
    verbose_name = _("Подключаемые модули")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
