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
    search_documents = (
        "plugins.communities.search.CommunitySpec",
        "plugins.communities.search.PracticeSpec",
    )
    admin_viewsets = ("plugins.communities.views.CommunitiesGroup",)
    import_resources = (
        "plugins.communities.resources.CommunityResource",
        "plugins.communities.membership_resource.MembershipResource",
    )
    hooks_module = "plugins.communities.hooks"
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

        from . import leaders, review, search

        leaders.connect()  # the page's head and deputies → memberships, on publish
        review.connect()  # new practice catalogues get the expert-review workflow
        search.connect()  # a person's changed consent re-indexes what names them
