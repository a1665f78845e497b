from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemeConfig(AppConfig):
    """Public themes: the active theme's templates and static files come first."""

    name = "portal.theme"
    label = "theme"
    verbose_name = _("Оформление")
    default_auto_field = "django.db.models.BigAutoField"
