"""Finding plugins and their contributions through the installed apps only."""

from django.apps import apps
from django.conf import settings

from .config import PortalPluginConfig


def contributing_apps() -> list[PortalPluginConfig]:
    """Every installed app using the contract: core apps first, then plugins."""
    configs = [c for c in apps.get_app_configs() if isinstance(c, PortalPluginConfig)]
    for config in configs:
        config.resolve()
    return sorted(configs, key=lambda c: not c.is_core)


def plugins() -> list[PortalPluginConfig]:
    """Enabled plugins (not core apps)."""
    return [c for c in contributing_apps() if not c.is_core]


def is_enabled(label: str) -> bool:
    return any(c.label == label for c in plugins())


def contributions(slot: str) -> list:
    """All resolved contributions of one slot across core and plugins, in app order."""
    return [
        item
        for config in contributing_apps()
        for item in config.contributions.get(slot, [])
    ]


def plugin_setting(label: str, name: str):
    """A plugin setting: the project's settings value, else the plugin's declared default."""
    config = apps.get_app_config(label)
    key = f"PORTAL_{label.upper()}_{name}"
    return getattr(settings, key, config.settings_defaults[key])


def plugin_urlpatterns() -> list:
    """URL patterns of the plugins that declare `urls_module`, each under its prefix
    and namespaced by its label (``reverse("mentoring:my")``)."""
    from django.urls import include, path

    patterns = []
    for config in plugins():
        if config.urls_module:
            prefix = config.url_prefix or config.label
            patterns.append(
                path(f"{prefix}/", include((config.urls_module, config.label)))
            )
    return patterns
