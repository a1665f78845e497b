from django.db import models
from wagtail.models import Page


class DummyPage(Page):
    """A plugin page type living in any section."""

    parent_page_types = [
        "sections.HomePage",
        "sections.RegionPage",
        "sections.MunicipalityPage",
        "sections.OrganisationPage",
    ]
    template = "dummy/dummy_page.html"


class DummyNote(models.Model):
    """A territorial record of a plugin, scoped by the core policy."""

    text = models.CharField(max_length=100)
    municipality = models.ForeignKey(
        "core.Territory", on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self):
        return self.text
