"""The indicators contributed through the plugin contract, core's first."""

from portal.extensions.registry import contributions

from .indicators import Indicator


def all_indicators() -> list[Indicator]:
    """Instances of every contributed Indicator subclass, ordered, first code wins.

    Invalid declarations are skipped here and reported by system checks
    (portal.dashboard.checks).
    """
    seen, result = set(), []
    for klass in contributions("dashboard_indicators"):
        if not (isinstance(klass, type) and issubclass(klass, Indicator)):
            continue
        if not klass.code or klass.code in seen:
            continue
        seen.add(klass.code)
        result.append(klass())
    return sorted(result, key=lambda i: i.order)


def get_indicator(code: str) -> Indicator | None:
    return next((i for i in all_indicators() if i.code == code), None)


def public_indicators() -> list[Indicator]:
    return [i for i in all_indicators() if i.public]
