from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicApiConfig(AppConfig):
    """The public JSON API: organisations and people (consenting, chosen fields only)."""

    name = "portal.publicapi"
    label = "publicapi"
    verbose_name = _("Открытый API")
