from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Wires indexing once for every spec'd model (core and plugins) in ready()."""

    name = "search"
    label = "portal_search"
    verbose_name = _("Поиск")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect_all()
