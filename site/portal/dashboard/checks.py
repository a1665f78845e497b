"""System checks for dashboard_indicators declarations (ids dashboard.E001–E003)."""

import re

from django.core import checks

from portal.extensions.registry import contributing_apps

from .indicators import Indicator

CODE_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


@checks.register("portal")
def check_dashboard_indicators(app_configs=None, **kwargs):
    errors = []
    seen: dict[str, str] = {}
    for config in contributing_apps():
        for klass in config.contributions.get("dashboard_indicators", []):
            if not (isinstance(klass, type) and issubclass(klass, Indicator)):
                errors.append(
                    checks.Error(
                        f"{config.label}.dashboard_indicators: {klass!r} is not a "
                        "portal.dashboard.indicators.Indicator subclass.",
                        obj=config,
                        id="dashboard.E001",
                    )
                )
                continue
            if not CODE_PATTERN.match(klass.code or "") or not klass.title:
                errors.append(
                    checks.Error(
                        f"{config.label}.dashboard_indicators: {klass.__name__} needs a "
                        "title and a code of lowercase letters, digits, '_' and '.'.",
                        hint="E.g. code = 'young_teachers.covered'.",
                        obj=config,
                        id="dashboard.E002",
                    )
                )
                continue
            if klass.code in seen:
                errors.append(
                    checks.Error(
                        f"{config.label}.dashboard_indicators: code {klass.code!r} of "
                        f"{klass.__name__} is already used by {seen[klass.code]}.",
                        hint="Prefix indicator codes with the plugin label.",
                        obj=config,
                        id="dashboard.E003",
                    )
                )
                continue
            seen[klass.code] = f"{config.label}.{klass.__name__}"
    return errors
