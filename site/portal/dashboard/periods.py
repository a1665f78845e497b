"""Reporting periods: a calendar year, a school year, or any date range.

Indicators receive a `Period` and filter their records by `start`/`end` (both
inclusive). Targets are kept per year; a period's target year is the year it
starts in (the school year 2024/2025 uses the targets of 2024).
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

#: The school year starts on 1 September (Federal Law 273-ФЗ, art. 28 and SanPiN).
SCHOOL_YEAR_START_MONTH = 9

_CALENDAR = re.compile(r"^(\d{4})$")
_SCHOOL = re.compile(r"^(\d{4})-(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end] with the kind it was built from."""

    start: dt.date
    end: dt.date
    kind: str = "range"

    CALENDAR = "calendar"
    SCHOOL = "school"
    RANGE = "range"

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("Period ends before it starts.")

    @classmethod
    def calendar_year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), cls.CALENDAR)

    @classmethod
    def school_year(cls, start_year: int) -> "Period":
        return cls(
            dt.date(start_year, SCHOOL_YEAR_START_MONTH, 1),
            dt.date(start_year + 1, SCHOOL_YEAR_START_MONTH, 1) - dt.timedelta(days=1),
            cls.SCHOOL,
        )

    @classmethod
    def current(cls, kind: str = CALENDAR, today: dt.date | None = None) -> "Period":
        today = today or dt.date.today()
        if kind == cls.SCHOOL:
            start_year = (
                today.year if today.month >= SCHOOL_YEAR_START_MONTH else today.year - 1
            )
            return cls.school_year(start_year)
        return cls.calendar_year(today.year)

    @classmethod
    def parse(cls, key: str) -> "Period | None":
        """'2025' → calendar year, '2024-2025' → school year,
        '2025-01-01_2025-03-31' → range; anything else → None."""
        key = (key or "").strip()
        try:
            if m := _CALENDAR.match(key):
                return cls.calendar_year(int(m[1]))
            if (m := _SCHOOL.match(key)) and int(m[2]) == int(m[1]) + 1:
                return cls.school_year(int(m[1]))
            if m := _RANGE.match(key):
                return cls(
                    dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]), cls.RANGE
                )
        except ValueError:
            return None
        return None

    @classmethod
    def choices(cls, today: dt.date | None = None, years: int = 6) -> list["Period"]:
        """Recent calendar and school years for a select, newest first."""
        today = today or dt.date.today()
        latest_school = cls.current(cls.SCHOOL, today).start.year
        result = []
        for offset in range(years):
            result.append(cls.calendar_year(today.year - offset))
            result.append(cls.school_year(latest_school - offset))
        return result

    @property
    def year(self) -> int:
        """The year whose targets apply to this period."""
        return self.start.year

    @property
    def key(self) -> str:
        """The URL parameter that `parse` turns back into this period."""
        if self.kind == self.CALENDAR:
            return str(self.start.year)
        if self.kind == self.SCHOOL:
            return f"{self.start.year}-{self.start.year + 1}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == self.CALENDAR:
            return _("%(year)s год") % {"year": self.start.year}
        if self.kind == self.SCHOOL:
            return _("%(start)s/%(end)s учебный год") % {
                "start": self.start.year,
                "end": self.start.year + 1,
            }
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
