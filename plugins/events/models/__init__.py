from .approval import RegionalApprovalTask
from .pages import EventCalendarPage, EventPage, EventSession
from .registrations import Registration
from .taxonomy import Audience, EducationLevel, EventFormat, EventLevel, EventType

__all__ = [
    "Audience",
    "EducationLevel",
    "EventCalendarPage",
    "EventFormat",
    "EventLevel",
    "EventPage",
    "EventSession",
    "EventType",
    "RegionalApprovalTask",
    "Registration",
]
