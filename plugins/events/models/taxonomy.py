"""Editable taxonomies of events (types, audiences, education levels) and fixed choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.levels import Level
from portal.core.models.taxonomy import Taxonomy


class EventLevel(models.TextChoices):
    """Level of an event (DOMAIN.md "Events"); values shared with the core levels so
    that search facets and filters mean the same everywhere."""

    INSTITUTIONAL = Level.INSTITUTIONAL.value, _("Школьный")
    MUNICIPAL = Level.MUNICIPAL.value, _("Муниципальный")
    REGIONAL = Level.REGIONAL.value, _("Региональный")
    INTERREGIONAL = "interregional", _("Межрегиональный")
    FEDERAL = Level.FEDERAL.value, _("Всероссийский")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("Очно")
    ONLINE = "online", _("Дистанционно")
    HYBRID = "hybrid", _("Смешанный формат")


class EventType(Taxonomy):
    """Seminar, webinar, conference… seeded from DOMAIN.md, edited by the regional centre."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("вид мероприятия")
        verbose_name_plural = _("виды мероприятий")


class Audience(Taxonomy):
    """Who an event is for: teachers, managers, young teachers, methodists, tutors."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("целевая аудитория")
        verbose_name_plural = _("целевые аудитории")


class EducationLevel(Taxonomy):
    """Level of education the participants teach at (preschool … additional)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("уровень образования")
        verbose_name_plural = _("уровни образования")
