from ..review import ExpertReviewTask
from .materials import CommunityMaterial
from .membership import Membership
from .pages import CommunityPage, CommunityRegistryPage
from .plan import PlanItem, WorkPlan
from .practices import ExpertReview, PracticeCatalogPage, PracticePage
from .taxonomy import (
    CommunityLevel,
    CommunityStatus,
    CommunityType,
    EducationStage,
    JoinMethod,
    PracticeKind,
    PracticeStage,
)

__all__ = [
    "CommunityLevel",
    "CommunityMaterial",
    "CommunityPage",
    "CommunityRegistryPage",
    "CommunityStatus",
    "CommunityType",
    "EducationStage",
    "ExpertReview",
    "ExpertReviewTask",
    "JoinMethod",
    "Membership",
    "PlanItem",
    "PracticeCatalogPage",
    "PracticeKind",
    "PracticePage",
    "PracticeStage",
    "WorkPlan",
]
