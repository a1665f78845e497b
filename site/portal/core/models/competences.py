"""Competence areas and the competences (deficits) under them: one editable list that
diagnostics, routes, mentoring pairs and programmes all point at.

DOMAIN.md "Individual educational routes" (003 L269): deficits are grouped into five
areas — methodological, subject/meta-subject, psychological-pedagogical,
communicative, managerial. A *deficit* is a competence a teacher lacks; a mentor's
*competence to pass on* is the same record seen from the other side, so both point at
`Competence`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .taxonomy import Taxonomy


class CompetenceArea(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("область компетенций")
        verbose_name_plural = _("области компетенций")


class Competence(Taxonomy):
    """A competence (or, when lacking, a professional deficit) within an area."""

    area = models.ForeignKey(
        CompetenceArea, verbose_name=_("область"), on_delete=models.PROTECT,
        related_name="competences",
    )  # fmt: skip
    description = models.TextField(_("описание"), blank=True)

    class Meta(Taxonomy.Meta):
        verbose_name = _("компетенция (дефицит)")
        verbose_name_plural = _("компетенции (дефициты)")
        ordering = ["area__order", "order", "name"]
