from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class DashboardConfig(PortalPluginConfig):
    """The indicators dashboard; contributes the core indicators through the contract itself.

    Admin UI in portal.dashboard.wagtail_hooks, public open data in portal.dashboard.urls,
    the plugin-facing API in portal.dashboard.indicators (docs/dashboard.md).
    """

    name = "portal.dashboard"
    label = "dashboard"
    verbose_name = _("Показатели")
    default_auto_field = "django.db.models.BigAutoField"
    is_core = True
    dashboard_indicators = (
        "portal.dashboard.core_indicators.OrganisationsCount",
        "portal.dashboard.core_indicators.PeopleCount",
    )

    def ready(self) -> None:
        super().ready()
        from wagtail.permissions import register_permission_policy

        from portal.permissions.registry import TerritoryPaths, register_territorial

        from . import checks  # noqa: F401  (registers the checks)
        from .models import IndicatorTarget
        from .permissions import TargetPermissionPolicy

        # A target of a region or of one of its municipalities: `region` is the
        # territory's region, `territory` matches a municipal editor's territory.
        register_territorial(
            IndicatorTarget, TerritoryPaths(region="region", municipality="territory")
        )
        register_permission_policy(
            IndicatorTarget, TargetPermissionPolicy(IndicatorTarget), exact_class=True
        )
