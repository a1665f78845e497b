"""System checks validating plugin declarations (ids portal.E001–E007)."""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .config import PortalPluginConfig
from .registry import contributing_apps


@checks.register("portal")
def check_enabled_plugins(app_configs=None, **kwargs):
    errors = []
    for path in getattr(settings, "PORTAL_PLUGINS", []):
        matching = [
            c
            for c in apps.get_app_configs()
            if c.name == path or f"{c.module.__name__}" == path
        ]
        if not matching or not isinstance(matching[0], PortalPluginConfig):
            errors.append(
                checks.Error(
                    f"Enabled plugin {path!r} is not an app whose AppConfig subclasses PortalPluginConfig.",
                    hint="Point PORTAL_PLUGINS at a plugin app, e.g. 'plugins.events'.",
                    id="portal.E001",
                )
            )
    return errors


@checks.register("portal")
def check_plugin_declarations(app_configs=None, **kwargs):
    from django.utils.module_loading import import_string  # noqa: F401
    from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
    from wagtail.models import Page

    errors = []
    labels = {c.label for c in contributing_apps()}
    for config in contributing_apps():
        for dep in config.requires:
            if dep not in labels:
                errors.append(
                    checks.Error(
                        f"Plugin {config.label!r} requires plugin {dep!r}, which is not enabled.",
                        hint=f"Add {dep!r} to PORTAL_PLUGINS or remove {config.label!r}.",
                        obj=config,
                        id="portal.E002",
                    )
                )
        for slot, path, message in getattr(config, "contribution_errors", []):
            errors.append(
                checks.Error(
                    f"{config.label}.{slot}: cannot import {path!r} ({message}).",
                    obj=config,
                    id="portal.E003",
                )
            )
        for model in config.contributions.get("page_models", []):
            if not (isinstance(model, type) and issubclass(model, Page)):
                errors.append(
                    checks.Error(
                        f"{config.label}.page_models: {model!r} is not a Page type.",
                        obj=config,
                        id="portal.E004",
                    )
                )
                continue
            try:
                get_template(model.template)
            except TemplateDoesNotExist:
                errors.append(
                    checks.Error(
                        f"{config.label}: page type {model.__name__} has no template {model.template!r}.",
                        hint="Ship it in the plugin's templates/ or in the theme.",
                        obj=config,
                        id="portal.E005",
                    )
                )
        for viewset in config.contributions.get("admin_viewsets", []):
            if not (
                isinstance(viewset, type)
                and issubclass(viewset, ViewSet | ViewSetGroup)
            ):
                errors.append(
                    checks.Error(
                        f"{config.label}.admin_viewsets: {viewset!r} is not a ViewSet or ViewSetGroup class.",
                        obj=config,
                        id="portal.E006",
                    )
                )
        for key in config.settings_defaults:
            if not key.startswith(config.settings_prefix):
                errors.append(
                    checks.Error(
                        f"{config.label}: setting {key!r} must start with {config.settings_prefix!r}.",
                        obj=config,
                        id="portal.E007",
                    )
                )
    return errors
