"""The territory a page is published in, copied from its section onto plain columns.

Registries and search filter pages by region, municipality and organisation with
indexed columns instead of walking the tree per row. A page type mixes in
``SectionTerritory`` and calls ``copy_territory(section_of(parent))`` when saved.
"""

from django.db import models
from wagtail.models import Page


class SectionTerritory(models.Model):
    """Abstract: region, municipality and organisation of the page's section."""

    region = models.ForeignKey(
        "core.Territory", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    municipality = models.ForeignKey(
        "core.Territory", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        abstract = True

    def copy_territory(self, section) -> None:
        """The territory of the section the page is published in (None: federal)."""
        if section is None:
            self.region_id = self.municipality_id = self.organisation_id = None
            return
        self.region_id = section.section_region_id()
        self.municipality_id = section.section_municipality_id()
        self.organisation_id = section.section_organisation_id()


class TerritorialPage(SectionTerritory, Page):
    """Abstract page that copies its section's territory on every save (plugins'
    catalogue and programme pages)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path:
            from .tree import section_of

            self.copy_territory(section_of(self.get_parent()))
        return super().save(*args, **kwargs)
