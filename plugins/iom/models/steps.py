"""What a step of a route is: the kinds (003 L271) and the forms of learning, shared by
typical routes and personal routes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepKind(models.TextChoices):
    PROGRAMME = "programme", _("Программа ДПП")
    EVENT = "event", _("Мероприятие")
    INTERNSHIP = "internship", _("Стажировка")
    COMMUNITY = "community", _("Профессиональное сообщество")
    MENTORING = "mentoring", _("Наставничество")
    SELF_STUDY = "self_study", _("Самообразование")
    OTHER = "other", _("Другое")


class LearningForm(models.TextChoices):
    FORMAL = "formal", _("Формальное")
    NON_FORMAL = "non_formal", _("Неформальное")
    INFORMAL = "informal", _("Информальное")


#: The form of learning a kind of step usually is (the editor may change it).
DEFAULT_FORM = {
    StepKind.PROGRAMME: LearningForm.FORMAL,
    StepKind.EVENT: LearningForm.NON_FORMAL,
    StepKind.INTERNSHIP: LearningForm.NON_FORMAL,
    StepKind.COMMUNITY: LearningForm.NON_FORMAL,
    StepKind.MENTORING: LearningForm.NON_FORMAL,
    StepKind.SELF_STUDY: LearningForm.INFORMAL,
    StepKind.OTHER: LearningForm.INFORMAL,
}
