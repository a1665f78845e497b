"""The levels of the system (DOMAIN.md "Levels", 003 L145)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    FEDERAL = "federal", _("Федеральный")
    REGIONAL = "regional", _("Региональный")
    MUNICIPAL = "municipal", _("Муниципальный")
    INSTITUTIONAL = "institutional", _("Уровень образовательной организации")


class EducationStage(models.TextChoices):
    """Levels of education (Federal Law 273-ФЗ, art. 10) a teacher works at."""

    PRESCHOOL = "preschool", _("Дошкольное образование")
    PRIMARY = "primary", _("Начальное общее образование")
    BASIC = "basic", _("Основное общее образование")
    SECONDARY = "secondary", _("Среднее общее образование")
    VOCATIONAL = "vocational", _("Среднее профессиональное образование")
    ADDITIONAL = "additional", _("Дополнительное образование")
