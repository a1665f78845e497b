from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """The bulk spreadsheet import pipeline; listed in PORTAL_CORE_APPS (settings.base)."""

    name = "portal.imports"
    label = "portal_imports"
    verbose_name = _("Импорт данных")
    default_auto_field = "django.db.models.BigAutoField"
