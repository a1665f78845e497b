from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class DashboardConfig(PortalPluginConfig):
    """The indicators dashboard; contributes the core indicator through the contract itself."""

    name = "portal.dashboard"
    label = "dashboard"
    verbose_name = _("Показатели")
    default_auto_field = "django.db.models.BigAutoField"
    is_core = True
    dashboard_indicators = ()
