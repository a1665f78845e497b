from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class IomConfig(PortalPluginConfig):
    """Individual educational routes (ИОМ): diagnostics → deficits → a route proposed
    from the catalogues → progress from real attendance → indicators. Works alone
    (suggestions then come from the programme catalogue); richer with events,
    communities and mentoring through portal_route_offers / portal_route_progress."""

    name = "plugins.iom"
    label = "iom"
    verbose_name = _("Индивидуальные образовательные маршруты")
    version = "0.1"
    optional = ("events", "communities", "mentoring")
    page_models = (
        "plugins.iom.models.ProgrammeCatalogPage",
        "plugins.iom.models.RouteCatalogPage",
        "plugins.iom.models.RouteTemplatePage",
    )
    search_documents = (
        "plugins.iom.search.ProgrammeSpec",
        "plugins.iom.search.RouteTemplateSpec",
    )
    admin_viewsets = ("plugins.iom.views.IomGroup",)
    import_resources = (
        "plugins.iom.resources.ProgrammeResource",
        "plugins.iom.resources.DiagnosticResource",
        "plugins.iom.resources.CourseCompletionResource",
    )
    dashboard_indicators = (
        "plugins.iom.indicators.Diagnosed",
        "plugins.iom.indicators.WithRoute",
        "plugins.iom.indicators.FederalProgrammesCompleted",
        "plugins.iom.indicators.TeachersPerTutor",
    )
    urls_module = "plugins.iom.urls"
    url_prefix = "iom"
    hooks_module = "plugins.iom.hooks"
    settings_defaults = {
        "PORTAL_IOM_PAGE_SIZE": 30,
        "PORTAL_IOM_OFFERS_PER_DEFICIT": 5,
    }

    def ready(self) -> None:
        super().ready()
        from portal.permissions.registry import (
            TerritoryPaths,
            register_territorial,
            register_territorial_policies,
        )

        from .models import CourseCompletion, Diagnostic, Programme, Route, RouteStep

        for model, person in (
            (Diagnostic, "person"),
            (CourseCompletion, "person"),
            (Route, "owner"),
            (RouteStep, "route__owner"),
        ):
            register_territorial(
                model,
                TerritoryPaths(
                    region=f"{person}__organisation__region",
                    municipality=f"{person}__organisation__municipality",
                    organisation=f"{person}__organisation",
                ),
            )
        register_territorial(
            Programme,
            TerritoryPaths(
                region="region",
                municipality="provider__municipality",
                organisation="provider",
            ),
        )
        register_territorial_policies()
