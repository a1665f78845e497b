from .approval import RegionalApprovalTask
from .pages import EventCalendarPage, EventPage, EventSession
from .registrations import EventAnnouncement, Registration
from .taxonomy import Audience, EducationLevel, EventFormat, EventLevel, EventType

__all__ = [
    "Audience",
    "EducationLevel",
    "EventAnnouncement",
    "EventCalendarPage",
    "EventFormat",
    "EventLevel",
    "EventPage",
    "EventSession",
    "EventType",
    "RegionalApprovalTask",
    "Registration",
]
