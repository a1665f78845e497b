"""PortalPluginConfig: the AppConfig every plugin subclasses to declare its contributions."""

from django.apps import AppConfig
from django.utils.module_loading import import_string

#: Contribution slots: attribute name → what each dotted path must resolve to.
CONTRIBUTION_SLOTS = {
    "page_models": "a wagtail Page subclass",
    "admin_viewsets": "a wagtail ViewSet or ViewSetGroup class",
    "import_resources": "an import resource class",
    "search_documents": "a search document spec",
    "dashboard_indicators": "a portal.dashboard.indicators.Indicator subclass",
}


class PortalPluginConfig(AppConfig):
    """Base of every plugin's AppConfig (and of core apps that contribute the same way).

    A subclass declares, as class attributes, dotted paths of what it provides. The
    core resolves them in ready(); failures are reported by system checks
    (portal.extensions.checks), never raised at import time.
    """

    #: Version string of the plugin, shown in the admin.
    version: str = "0"
    #: Labels of plugins that must be enabled for this one to work.
    requires: tuple[str, ...] = ()
    #: Labels of plugins this one integrates with when they are enabled.
    optional: tuple[str, ...] = ()
    #: Page types the plugin adds (dotted paths).
    page_models: tuple[str, ...] = ()
    #: Wagtail admin viewsets or viewset groups registered by the core.
    admin_viewsets: tuple[str, ...] = ()
    #: django-import-export resources offered by the import pipeline.
    import_resources: tuple[str, ...] = ()
    #: Backend-neutral search document specs indexed by the core.
    search_documents: tuple[str, ...] = ()
    #: Indicators shown on the dashboard.
    dashboard_indicators: tuple[str, ...] = ()
    #: Module with `urlpatterns` (and `app_name`) of the plugin's own views that are not
    #: pages (a person's «my» pages), mounted at /<url_prefix>/ before Wagtail's pages.
    urls_module: str = ""
    #: Where urls_module is mounted; the label by default.
    url_prefix: str = ""
    #: Module implementing typed hooks (portal.extensions.hookspecs), dotted path.
    hooks_module: str = ""
    #: Plugin settings with their defaults; keys must start with PORTAL_<LABEL>_.
    settings_defaults: dict = {}
    #: True for core apps that use the contract themselves; False for plugins.
    is_core: bool = False
    #: The base itself is never picked as an app's config; every subclass is, so a
    #: plugin's apps.py may import this base and still be found (see __init_subclass__).
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self) -> None:
        self.resolve()

    def resolve(self) -> None:
        """Resolve the dotted paths once; core apps may ask before a plugin's ready()."""
        if "contributions" in self.__dict__:
            return
        self.contributions: dict[str, list] = {}
        self.contribution_errors: list[tuple[str, str, str]] = []
        for slot in CONTRIBUTION_SLOTS:
            resolved = []
            for path in getattr(self, slot):
                try:
                    resolved.append(import_string(path))
                except ImportError as exc:
                    self.contribution_errors.append((slot, path, str(exc)))
            self.contributions[slot] = resolved
        if self.hooks_module:
            from .hooks import register_hooks_module

            try:
                register_hooks_module(self.hooks_module)
            except ImportError as exc:
                self.contribution_errors.append(
                    ("hooks_module", self.hooks_module, str(exc))
                )

    @property
    def settings_prefix(self) -> str:
        return f"PORTAL_{self.label.upper()}_"
