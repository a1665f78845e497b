from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Core registries: territories, organisations, people, acts, glossary, roles."""

    name = "portal.core"
    label = "core"
    verbose_name = _("Реестры")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.permissions.registry import (
            TerritoryPaths,
            register_territorial,
            register_territorial_policies,
        )

        from .models import NormativeAct, Organisation, Person, Territory

        register_territorial(
            Territory, TerritoryPaths(region="parent", municipality="pk")
        )
        register_territorial(
            Organisation,
            TerritoryPaths(
                region="region", municipality="municipality", organisation="pk"
            ),
        )
        register_territorial(
            Person,
            TerritoryPaths(
                region="organisation__region",
                municipality="organisation__municipality",
                organisation="organisation",
                owner_user="user",
            ),
        )
        register_territorial(
            NormativeAct,
            TerritoryPaths(
                region="region",
                municipality="municipality",
                organisation="organisation",
            ),
        )
        register_territorial_policies()
