from .pages import SupportProgrammePage, YoungTeachersPage
from .records import SupportRecord, YoungTeacherCard
from .taxonomy import SupportForm

__all__ = [
    "SupportForm",
    "SupportProgrammePage",
    "SupportRecord",
    "YoungTeacherCard",
    "YoungTeachersPage",
]
