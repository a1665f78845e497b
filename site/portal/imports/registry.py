"""The import resources of the core and the enabled plugins, by name."""

from portal.extensions.registry import contributions


def resources() -> dict[str, type]:
    return {resource.name: resource for resource in contributions("import_resources")}


def get_resource(name: str):
    """A new instance of the resource called `name`, or KeyError."""
    return resources()[name]()
