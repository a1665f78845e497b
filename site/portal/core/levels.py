"""The levels of the system (DOMAIN.md "Levels", 003 L145)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    FEDERAL = "federal", _("Федеральный")
    REGIONAL = "regional", _("Региональный")
    MUNICIPAL = "municipal", _("Муниципальный")
    INSTITUTIONAL = "institutional", _("Уровень образовательной организации")
