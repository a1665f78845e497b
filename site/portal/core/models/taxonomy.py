"""The base of the plugins' short editable lists (event types, community types…)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Taxonomy(models.Model):
    """A short editable list: name, a stable code and an order."""

    name = models.CharField(_("название"), max_length=200, unique=True)
    code = models.SlugField(_("код"), max_length=64, unique=True, allow_unicode=False)
    order = models.PositiveSmallIntegerField(_("порядок"), default=100)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
