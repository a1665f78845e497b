"""Who is a young teacher: under 35 and in the first 3 years of work.

DOMAIN.md "Young teachers" (000 L389, 002 L202, 003 L582). Always computed from the
birth date and the start of pedagogical work, never stored as a flag; both dates are
needed (a person without them is not counted as young). Mentoring, young-teacher
support and routes all ask here.
"""

import datetime

from django.db.models import Q

AGE_LIMIT = 35
YEARS_OF_WORK = 3


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: datetime.date, years: int) -> datetime.date:
    return years_before(day, -years)


def young_teacher_q(on: datetime.date, prefix: str = "") -> Q:
    """Filter of people who are young teachers on `on` (`prefix`: path to Person)."""
    return Q(
        **{
            f"{prefix}birth_date__gt": years_before(on, AGE_LIMIT),
            f"{prefix}career_start_date__gt": years_before(on, YEARS_OF_WORK),
            f"{prefix}career_start_date__lte": on,
        }
    )


def young_until(
    birth_date: datetime.date | None, career_start: datetime.date | None
) -> datetime.date | None:
    """The last day the person is a young teacher (None: never, or dates unknown)."""
    if birth_date is None or career_start is None:
        return None
    end = min(
        years_after(birth_date, AGE_LIMIT), years_after(career_start, YEARS_OF_WORK)
    )
    last = end - datetime.timedelta(days=1)
    return last if last >= career_start else None


def is_young_teacher(
    birth_date: datetime.date | None,
    career_start: datetime.date | None,
    on: datetime.date,
) -> bool:
    until = young_until(birth_date, career_start)
    return until is not None and career_start <= on <= until
