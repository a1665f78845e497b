"""Which models are territorial, and the ORM paths to their territory.

Plugins declare their own territorial models with `register_territorial` (usually
from their AppConfig.ready); they never write permission checks themselves.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class TerritoryPaths:
    """ORM lookups from a model to its region, municipality and organisation ids.

    An empty path means the record is not bound at that level (e.g. a regional
    organisation has no municipality).
    """

    region: str
    municipality: str = ""
    organisation: str = ""
    #: Lookup to the user account of the person the record is about (own profile).
    owner_user: str = ""


_REGISTRY: dict[type[models.Model], TerritoryPaths] = {}


def register_territorial(model: type[models.Model], paths: TerritoryPaths) -> None:
    _REGISTRY[model] = paths


def paths_for(model: type[models.Model]) -> TerritoryPaths | None:
    for klass in model.__mro__:
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    return None


def territorial_models() -> list[type[models.Model]]:
    return list(_REGISTRY)


def register_territorial_policies() -> None:
    """Register the Wagtail permission policy of every territorial model (called in ready)."""
    from wagtail.permissions import register_permission_policy

    from .wagtail_policy import TerritorialPermissionPolicy

    for model in territorial_models():
        register_permission_policy(model, TerritorialPermissionPolicy(model))
