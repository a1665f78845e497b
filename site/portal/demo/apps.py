from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`portal demo`: a deterministic fictional region for trying and benchmarking the portal."""

    name = "portal.demo"
    label = "demo"
    verbose_name = _("Демонстрационные данные")
