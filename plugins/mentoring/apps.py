from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class MentoringConfig(PortalPluginConfig):
    """Mentor registry, pairs and groups in every form, matching, individual mentoring
    plans, documents and reports generated from data."""

    name = "plugins.mentoring"
    label = "mentoring"
    verbose_name = _("Наставничество")
    version = "0.1"
    optional = ("communities",)
    page_models = (
        "plugins.mentoring.models.MentoringProgrammePage",
        "plugins.mentoring.models.MentorRegistryPage",
    )
    search_documents = (
        "plugins.mentoring.search.MentorSpec",
        "plugins.mentoring.search.ProgrammeSpec",
    )
    admin_viewsets = ("plugins.mentoring.views.MentoringGroup",)
    import_resources = (
        "plugins.mentoring.resources.MentorResource",
        "plugins.mentoring.pair_resource.PairResource",
    )
    dashboard_indicators = ("plugins.mentoring.indicators.YoungTeachersWithMentor",)
    urls_module = "plugins.mentoring.urls"
    url_prefix = "mentoring"
    hooks_module = "plugins.mentoring.hooks"
    settings_defaults = {
        "PORTAL_MENTORING_PAGE_SIZE": 20,
        #: Days the other side has to accept or decline a request for a pair.
        "PORTAL_MENTORING_REQUEST_DAYS": 7,
        #: Mentor suggestions shown for one mentee.
        "PORTAL_MENTORING_SUGGESTIONS": 5,
    }

    def ready(self) -> None:
        super().ready()
        from portal.extensions.registry import is_enabled
        from portal.permissions.registry import (
            TerritoryPaths,
            register_territorial,
            register_territorial_policies,
        )

        from . import models

        def through(prefix: str) -> TerritoryPaths:
            return TerritoryPaths(
                region=f"{prefix}organisation__region",
                municipality=f"{prefix}organisation__municipality",
                organisation=f"{prefix}organisation",
            )

        register_territorial(models.Mentor, through("person__"))
        register_territorial(models.MentoringNeed, through("person__"))
        register_territorial(models.PairRequest, through("mentee__"))
        register_territorial(models.Pair, through(""))
        register_territorial(models.Plan, through("pair__"))
        for model in (models.PlanTask, models.Meeting, models.SelfAssessment):
            register_territorial(model, through("plan__pair__"))
        register_territorial(
            models.PlanTemplate,
            TerritoryPaths(
                region="region",
                municipality="municipality",
                organisation="organisation",
            ),
        )
        register_territorial_policies()

        from . import search

        search.connect()  # mentor cards and consent changes re-index the mentors

        if is_enabled("communities"):
            # A community runs its own programme of mentoring (003 L606).
            page = models.MentoringProgrammePage
            page.parent_page_types = [
                *page.parent_page_types,
                "communities.CommunityPage",
            ]
