"""Forms of mentoring (editable, seeded from DOMAIN.md) and the fixed choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.models.taxonomy import Taxonomy


class MentoringForm(Taxonomy):
    """By subject, mentor – young specialist, reverse, group, team-to-team… (000 L58, L261)."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Индивидуальная (один наставляемый)")
        GROUP = "group", _("Групповая (несколько наставляемых)")
        TEAM = "team", _("«Команда — команде» (управленческие команды)")

    kind = models.CharField(
        _("состав пары"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL
    )
    description = models.TextField(_("описание"), blank=True)

    class Meta(Taxonomy.Meta):
        verbose_name = _("форма наставничества")
        verbose_name_plural = _("формы наставничества")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Проект")
    ACTIVE = "active", _("Реализуется")
    COMPLETED = "completed", _("Завершена")


class MentorStatus(models.TextChoices):
    ACTIVE = "active", _("Действующий наставник")
    PAUSED = "paused", _("Временно не ведёт")
    LEFT = "left", _("Выбыл из реестра")


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Предложена")
    ACTIVE = "active", _("Действует")
    PAUSED = "paused", _("Приостановлена")
    COMPLETED = "completed", _("Завершена")
    TERMINATED = "terminated", _("Прекращена досрочно")


#: Pairs that occupy the mentor's capacity and give the mentee a mentor.
LIVE_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE, PairStatus.PAUSED)
