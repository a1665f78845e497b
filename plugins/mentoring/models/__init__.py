from .mentors import Mentor
from .pages import MentoringProgrammePage, MentorRegistryPage
from .pairs import MentoringNeed, Pair, PairRequest
from .plans import (
    Meeting,
    Plan,
    PlanTask,
    PlanTemplate,
    PlanTemplateTask,
    SelfAssessment,
    TaskStatus,
)
from .taxonomy import (
    LIVE_PAIR_STATUSES,
    MentoringForm,
    MentorStatus,
    PairStatus,
    ProgrammeStatus,
)

__all__ = [
    "LIVE_PAIR_STATUSES",
    "Meeting",
    "Mentor",
    "MentorRegistryPage",
    "MentorStatus",
    "MentoringForm",
    "MentoringNeed",
    "MentoringProgrammePage",
    "Pair",
    "PairRequest",
    "PairStatus",
    "Plan",
    "PlanTask",
    "PlanTemplate",
    "PlanTemplateTask",
    "ProgrammeStatus",
    "SelfAssessment",
    "TaskStatus",
]
