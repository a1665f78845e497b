from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectionsConfig(AppConfig):
    """Page types of the level tree and the content that lives in each section."""

    name = "portal.sections"
    label = "sections"
    verbose_name = _("Разделы портала")
    default_auto_field = "django.db.models.BigAutoField"
