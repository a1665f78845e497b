from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class CommunitiesConfig(PortalPluginConfig):
    """Registries of professional communities, membership, plans of work, annual reports,
    and the bank of best practices with expert review."""

    name = "plugins.communities"
    label = "communities"
    verbose_name = _("Профессиональные сообщества")
    version = "0.1"
    optional = ("events",)
    page_models = (
        "plugins.communities.models.CommunityRegistryPage",
        "plugins.communities.models.CommunityPage",
        "plugins.communities.models.PracticeCatalogPage",
        "plugins.communities.models.PracticePage",
    )
    settings_defaults = {
        "PORTAL_COMMUNITIES_PAGE_SIZE": 20,
    }

    def ready(self) -> None:
        super().ready()
        from portal.permissions.registry import (
            TerritoryPaths,
            register_territorial,
            register_territorial_policies,
        )

        from .models import CommunityMaterial, Membership, WorkPlan

        for model in (Membership, WorkPlan, CommunityMaterial):
            register_territorial(
                model,
                TerritoryPaths(
                    region="community__region",
                    municipality="community__municipality",
                    organisation="community__organisation",
                ),
            )
        register_territorial_policies()
