"""The support forms of young teachers (editable, seeded from 003 L588-600)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.models.taxonomy import Taxonomy


class SupportForm(Taxonomy):
    """One of the forms of support (network support of adaptation, associations of
    young teachers, …). Codes are stable keys: other plugins' support sources name the
    form they count as by its code (docs/plugins.md, portal_support_sources)."""

    description = models.TextField(_("описание"), blank=True)

    class Meta(Taxonomy.Meta):
        verbose_name = _("форма поддержки")
        verbose_name_plural = _("формы поддержки молодых педагогов")
