"""Community types (editable, seeded from DOMAIN.md) and the fixed choices of the plugin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.levels import (
    EducationStage,  # noqa: F401  (moved to the core)
    Level,
)
from portal.core.models.taxonomy import Taxonomy


class CommunityType(Taxonomy):
    """Methodological association, district МО, regional УМО, club… (000 L70-82)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("вид сообщества")
        verbose_name_plural = _("виды сообществ")


class CommunityLevel(models.TextChoices):
    """Level of a community; values shared with the core levels (search facets)."""

    INSTITUTIONAL = Level.INSTITUTIONAL.value, _("Школьный")
    MUNICIPAL = Level.MUNICIPAL.value, _("Муниципальный")
    REGIONAL = Level.REGIONAL.value, _("Региональный")
    FEDERAL = Level.FEDERAL.value, _("Федеральный")


#: The level a community gets by default from the section it is published in.
LEVEL_OF_SECTION = {
    Level.INSTITUTIONAL: CommunityLevel.INSTITUTIONAL,
    Level.MUNICIPAL: CommunityLevel.MUNICIPAL,
    Level.REGIONAL: CommunityLevel.REGIONAL,
    Level.FEDERAL: CommunityLevel.FEDERAL,
}


class JoinMethod(models.TextChoices):
    OPEN = "open", _("Свободное вступление")
    REQUEST = "request", _("По заявке")
    INVITATION = "invitation", _("По приглашению")


class CommunityStatus(models.TextChoices):
    ACTIVE = "active", _("Действует")
    ARCHIVED = "archived", _("В архиве")


class PracticeKind(models.TextChoices):
    PEDAGOGICAL = "pedagogical", _("Педагогическая")
    MANAGERIAL = "managerial", _("Управленческая")
    INNOVATION = "innovation", _("Организация инновационной деятельности")


class PracticeStage(models.TextChoices):
    """The path of a practice from a school to the federal registry (003 §6.12)."""

    IDENTIFIED = "identified", _("Выявлена")
    GENERALISED = "generalised", _("Обобщена")
    UNDER_REVIEW = "under_review", _("На экспертизе")
    RECOMMENDED = "recommended", _("Рекомендована к распространению")
    DISSEMINATED = "disseminated", _("Распространяется")
