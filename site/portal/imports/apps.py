from django.utils.translation import gettext_lazy as _

from portal.extensions.config import PortalPluginConfig


class ImportsConfig(PortalPluginConfig):
    """The bulk spreadsheet import pipeline; listed in PORTAL_CORE_APPS (settings.base).

    Contributes the core's resources through the contract's import_resources slot, as
    plugins do (portal.imports.registry finds them all).
    """

    name = "portal.imports"
    label = "portal_imports"
    verbose_name = _("Импорт данных")
    default_auto_field = "django.db.models.BigAutoField"
    is_core = True
    import_resources = (
        "portal.imports.core_resources.PersonResource",
        "portal.imports.core_resources.OrganisationResource",
    )
