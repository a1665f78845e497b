"""The registry of mentors: who can mentor, in what, and how many mentees at once.

A mentor is a ``core.Person`` with a registry card; the person's organisation gives the
territory. The card is public only when the person consented (``Person.public_data``)
and the mentor is active.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.levels import EducationStage

from .taxonomy import LIVE_PAIR_STATUSES, MentorStatus


class MentorQuerySet(models.QuerySet):
    def with_load(self):
        """Annotate ``load``: mentees in the mentor's live pairs (one query)."""
        return self.annotate(
            load=models.Count(
                "pairs__mentees",
                filter=models.Q(pairs__status__in=LIVE_PAIR_STATUSES),
                distinct=True,
            )
        )

    def accepting(self):
        return self.filter(status=MentorStatus.ACTIVE, accepting=True)


class Mentor(models.Model):
    person = models.OneToOneField(
        "core.Person", verbose_name=_("педагог"), on_delete=models.CASCADE,
        related_name="mentor_card",
    )  # fmt: skip
    subjects = models.ManyToManyField(
        "core.Subject", verbose_name=_("предметы"), blank=True, related_name="+",
        help_text=_("Если не указаны — предметы из карточки педагога."),
    )  # fmt: skip
    education_stages = models.JSONField(
        _("уровни образования"), default=list, blank=True,
        help_text=_("Уровни образования, на которых работает наставник."),
    )  # fmt: skip
    experience_years = models.PositiveSmallIntegerField(
        _("педагогический стаж, лет"), null=True, blank=True,
        help_text=_("Если не указан — считается от даты начала работы."),
    )  # fmt: skip
    competences = models.ManyToManyField(
        "core.Competence", verbose_name=_("компетенции, которые может передать"),
        blank=True, related_name="mentors",
    )  # fmt: skip
    capacity = models.PositiveSmallIntegerField(
        _("наставляемых одновременно, не более"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )  # fmt: skip
    accepting = models.BooleanField(_("принимает новых наставляемых"), default=True)
    availability = models.CharField(
        _("доступность"), max_length=255, blank=True,
        help_text=_("Когда и как удобно встречаться: «вторник, пятница после 15:00»."),
    )  # fmt: skip
    status = models.CharField(
        _("статус"), max_length=16, choices=MentorStatus.choices,
        default=MentorStatus.ACTIVE,
    )  # fmt: skip
    since = models.DateField(_("в реестре с"), null=True, blank=True)
    about = models.TextField(
        _("о наставнике"), blank=True,
        help_text=_("Опыт и достижения; показывается публично при согласии."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кем создано"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = MentorQuerySet.as_manager()

    class Meta:
        verbose_name = _("наставник")
        verbose_name_plural = _("реестр наставников")
        ordering = ["person__last_name", "person__first_name"]
        indexes = [models.Index(fields=["status", "accepting"])]

    def __str__(self) -> str:
        return str(self.person)

    def experience(self, on=None) -> int | None:
        """Years of pedagogical work: the card's figure, else from the career start."""
        if self.experience_years is not None:
            return self.experience_years
        start = self.person.career_start_date
        if start is None:
            return None
        from django.utils import timezone

        on = on or timezone.localdate()
        return max(
            0, on.year - start.year - ((on.month, on.day) < (start.month, start.day))
        )

    def stage_labels(self) -> list[str]:
        labels = dict(EducationStage.choices)
        return [str(labels[c]) for c in self.education_stages or [] if c in labels]
