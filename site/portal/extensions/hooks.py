"""The plugin manager for the typed hooks and the value types they exchange."""

import datetime as dt
from dataclasses import dataclass

import pluggy
from django.utils.module_loading import import_module

from . import hookspecs


@dataclass(frozen=True)
class SectionPanel:
    """A block shown on a section page: a title, a template and its context."""

    title: str
    template: str
    context: dict
    order: int = 100


@dataclass(frozen=True)
class PersonActivity:
    """Something a person took part in, reported by a plugin (event, community, pair)."""

    kind: str
    title: str
    url: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


pm = pluggy.PluginManager("portal")
pm.add_hookspecs(hookspecs)


def register_hooks_module(path: str) -> None:
    module = import_module(path)
    if not pm.is_registered(module):
        pm.register(module, name=path)


def section_panels(page, request) -> list[SectionPanel]:
    panels = [
        p
        for result in pm.hook.portal_section_panels(page=page, request=request)
        for p in result or []
    ]
    return sorted(panels, key=lambda p: p.order)


def person_activities(person) -> list[PersonActivity]:
    return [
        a
        for result in pm.hook.portal_person_activities(person=person)
        for a in result or []
    ]


def demo_content(**kwargs) -> dict[str, int]:
    """Every plugin's demo content, as {label: number created} (``portal demo``)."""
    created: dict[str, int] = {}
    for result in pm.hook.portal_demo_content(**kwargs):
        for label, number in (result or {}).items():
            created[label] = created.get(label, 0) + number
    return created
