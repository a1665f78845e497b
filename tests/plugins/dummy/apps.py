from portal.extensions.config import PortalPluginConfig


class DummyPluginConfig(PortalPluginConfig):
    """Declares one of everything the contract offers."""

    name = "tests.plugins.dummy"
    label = "dummy"
    verbose_name = "Тестовый модуль"
    version = "1.0"
    page_models = ("tests.plugins.dummy.models.DummyPage",)
    admin_viewsets = ("tests.plugins.dummy.views.DummyNoteViewSet",)
    dashboard_indicators = ("tests.plugins.dummy.indicators.DummyNotes",)
    hooks_module = "tests.plugins.dummy.hooks"
    urls_module = "tests.plugins.dummy.urls"
    url_prefix = "dummy-plugin"
    settings_defaults = {"PORTAL_DUMMY_GREETING": "Привет"}

    def ready(self) -> None:
        super().ready()
        from portal.permissions.registry import (
            TerritoryPaths,
            register_territorial,
            register_territorial_policies,
        )

        from .models import DummyNote

        register_territorial(
            DummyNote,
            TerritoryPaths(region="municipality__parent", municipality="municipality"),
        )
        register_territorial_policies()
