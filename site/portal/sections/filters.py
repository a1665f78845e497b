"""Filter forms of the public lists (event calendars, community registries, practice
catalogues) as their templates draw them, and the section scope they share.

A filter's options are drawn in one template loop as (value, label, chosen, count):
Django renders each option of a widget through templates of its own, which made a
calendar's filter form a quarter of its page time (docs/benchmarks.md, events).
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Q

from portal.core.levels import Level

from .tree import SectionIdentity


@dataclass
class FilterField:
    """One field of a filter form: ``options`` for choice fields, ``multiple`` for
    checkbox lists, ``checkbox`` for a single yes/no; other fields are drawn as is."""

    bound: forms.BoundField
    options: list | None = None
    multiple: bool = False
    checkbox: bool = False


def filter_fields(
    form: forms.Form, counts: dict[str, dict] | None = None, *, hide_empty=True
) -> list[FilterField]:
    """The form's fields with their options; ``counts[field][value]`` numbers an option
    (None where not counted). With ``hide_empty``, a counted option that would find
    nothing is left out unless chosen, and a single choice list with nothing to choose
    from is left out altogether."""
    counts = counts or {}
    fields = []
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            fields.append(FilterField(bound, checkbox=True))
            continue
        if not isinstance(widget, (forms.CheckboxSelectMultiple, forms.Select)):
            fields.append(FilterField(bound))
            continue
        value = bound.value()
        values = value if isinstance(value, (list, tuple)) else [value]
        chosen = {str(v) for v in values if v not in (None, "")}
        field_counts = counts.get(bound.name)
        options = []
        for key, label in bound.field.choices:
            value = str(key)
            count = None if field_counts is None else field_counts.get(value, 0)
            if hide_empty and count == 0 and value not in chosen:
                continue
            options.append((value, label, value in chosen, count))
        multiple = isinstance(widget, forms.CheckboxSelectMultiple)
        if hide_empty and not multiple and len(options) <= 1:
            continue  # only «all»: nothing to choose from yet
        fields.append(FilterField(bound, options, multiple))
    return fields


def territory_scope(section) -> Q:
    """Pages with ``SectionTerritory`` columns published in ``section`` (a section page
    or its ``SectionIdentity``) or below it: a region, the whole region; a municipality,
    it and its schools; None or the federal home, everything."""
    if section is not None and not isinstance(section, SectionIdentity):
        section = SectionIdentity(
            level=section.section_level,
            region_id=section.section_region_id(),
            municipality_id=section.section_municipality_id(),
            organisation_id=section.section_organisation_id(),
        )
    level = section.level if section is not None else Level.FEDERAL
    if level == Level.REGIONAL:
        return Q(region_id=section.region_id)
    if level == Level.MUNICIPAL:
        return Q(municipality_id=section.municipality_id)
    if level == Level.INSTITUTIONAL:
        return Q(organisation_id=section.organisation_id)
    return Q()
