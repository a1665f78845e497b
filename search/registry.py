"""All document specs: the core's plus those plugins contribute through the contract."""

from functools import cache

from django.db.models import Model

from portal.extensions.registry import contributions

from .specs import DocumentSpec


@cache
def specs() -> tuple[DocumentSpec, ...]:
    from .core_specs import CORE_SPECS

    found = [spec() if isinstance(spec, type) else spec for spec in CORE_SPECS]
    found += [
        spec() if isinstance(spec, type) else spec
        for spec in contributions("search_documents")
    ]
    return tuple(found)


def spec_for_model(model: type[Model]) -> DocumentSpec | None:
    """The most specific spec for a model (a plugin's EventPage spec beats the page spec)."""
    best, best_depth = None, None
    for spec in specs():
        if issubclass(model, spec.model):
            depth = model.__mro__.index(spec.model)
            if best_depth is None or depth < best_depth:
                best, best_depth = spec, depth
    return best


def spec_for_type(doc_type: str) -> DocumentSpec | None:
    return next((s for s in specs() if s.type == doc_type), None)


def type_labels() -> dict[str, str]:
    return {spec.type: spec.label for spec in specs()}
