from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class YoungTeachersConfig(PortalPluginConfig):
    """Who the young teachers are, which support each one gets, and the 70 % coverage
    indicator at every level. Works alone; richer with mentoring, events and
    communities through typed hooks (portal_support_sources, portal_person_actions,
    portal_audience_panels), never by importing them."""

    name = "plugins.young_teachers"
    label = "young_teachers"
    verbose_name = _("Молодые педагоги")
    version = "0.1"
    optional = ("mentoring", "events", "communities")
    page_models = (
        "plugins.young_teachers.models.YoungTeachersPage",
        "plugins.young_teachers.models.SupportProgrammePage",
    )
    search_documents = ("plugins.young_teachers.search.SupportProgrammeSpec",)
    admin_viewsets = ("plugins.young_teachers.views.YoungTeachersGroup",)
    import_resources = ("plugins.young_teachers.resources.SupportRecordResource",)
    dashboard_indicators = (
        "plugins.young_teachers.indicators.YoungTeachersCovered",
        "plugins.young_teachers.indicators.YoungTeachersRetention",
    )
    urls_module = "plugins.young_teachers.urls"
    url_prefix = "young-teachers"
    hooks_module = "plugins.young_teachers.hooks"
    settings_defaults = {"PORTAL_YOUNG_TEACHERS_PAGE_SIZE": 30}

    def ready(self) -> None:
        super().ready()
        from portal.permissions.registry import (
            TerritoryPaths,
            register_territorial,
            register_territorial_policies,
        )

        from .models import SupportRecord, YoungTeacherCard

        for model in (SupportRecord, YoungTeacherCard):
            register_territorial(
                model,
                TerritoryPaths(
                    region="person__organisation__region",
                    municipality="person__organisation__municipality",
                    organisation="person__organisation",
                ),
            )
        register_territorial_policies()
